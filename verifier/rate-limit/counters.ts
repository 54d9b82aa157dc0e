// The counter store behind the rate limiter: fixed-window counters that can be added to atomically. Two
// implementations pass one contract suite (counters.contract.ts): in-process memory (one instance, SQLite) and a
// PostgreSQL table (several instances share one budget).

export interface RateCounters {
  /** True when other instances see the same counters (the limiter then leases budget in chunks to save writes). */
  readonly shared: boolean;
  /**
   * Adds `amount` to `key`'s counter for the fixed window that starts at `windowStart` and lasts `windowMs`, and
   * returns the window's total after the addition. A counter from an earlier window starts again from `amount`.
   */
  add(key: string, windowStart: number, windowMs: number, amount: number): Promise<number>;
  /** Forgets counters whose window ended at or before `now`; returns how many. */
  purge(now: number): Promise<number>;
  /** How many counters are held (for the benchmark's row bound and tests). */
  size(): Promise<number>;
  close(): Promise<void>;
}
