// Chooses the store implementation from configuration.
import type { Store } from './types.js';
import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';

export async function openStore(databaseUrl: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return openPostgresStore({ url: databaseUrl });
  return openSqliteStore({ path: databaseUrl.replace(/^sqlite:(\/\/)?/, '') });
}
