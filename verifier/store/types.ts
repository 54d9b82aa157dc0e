// The storage interface the domain depends on. SQLite and PostgreSQL implementations pass one contract suite.
import type { LogRepository } from './repos/log.js';

export interface SettingsRepository {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** Sets the value only when the key is absent; returns true when this call set it. */
  setIfAbsent(key: string, value: string): Promise<boolean>;
}

export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  readonly settings: SettingsRepository;
  readonly log: LogRepository;
  /** Runs fn in one transaction: everything in it commits durably together or not at all. */
  transaction<T>(fn: (tx: Omit<Store, 'transaction' | 'close'>) => Promise<T>): Promise<T>;
  /** Cheap liveness check used by /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
