// Chooses the store implementation from configuration.
import type { Store } from './types.js';
import { openSqliteStore } from './sqlite.js';

export async function openStore(databaseUrl: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('PostgreSQL support is not available in this build yet; unset DATABASE_URL to use SQLite.');
  }
  return openSqliteStore({ path: databaseUrl.replace(/^sqlite:(\/\/)?/, '') });
}
