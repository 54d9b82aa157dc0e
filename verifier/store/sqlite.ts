// The embedded SQLite store: better-sqlite3 in WAL mode; every commit is made durable (the WAL fdatasynced, off the
// event loop) before any result that follows it is returned, so an acknowledged write survives a crash.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { createKyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrations/index.js';
import { DurableSqliteDialect, WalSync } from './wal-sync.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

export interface SqliteStoreOptions {
  /** File path; ':memory:' is refused because the service promises durability. */
  path: string;
  now?: () => number;
  /** Replaces the WAL fdatasync (tests use it to hold a commit between written and durable). */
  syncWal?: () => Promise<void>;
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  if (options.path === ':memory:') throw new TypeError('SQLite store needs a file path');
  mkdirSync(dirname(options.path), { recursive: true });
  const connection = new BetterSqlite3(options.path);
  connection.pragma('journal_mode = WAL');
  // NORMAL: a commit writes the WAL without fsync; wal-sync.ts syncs it on the thread pool and holds every result
  // until the commits before it are durable — FULL's promise without stalling the event loop on each fsync.
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  const wal = new WalSync({ path: options.path, ...(options.syncWal ? { sync: options.syncWal } : {}) });
  const db = new Kysely<Database>({ dialect: new DurableSqliteDialect({ connection, wal }) });
  try {
    await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createKyselyStore({ db, engine: 'sqlite', externalVersion: dataVersion(connection), ...(options.now ? { now: options.now } : {}) });
}

/**
 * PRAGMA data_version moves when another connection (the admin CLI, an operator's sqlite3) commits to the file.
 * Read at most once per event-loop turn: a write landing within the same turn is seen on the next one.
 */
function dataVersion(connection: BetterSqlite3.Database): () => number {
  const statement = connection.prepare('pragma data_version').pluck();
  let memo: number | undefined;
  return () => {
    if (memo === undefined) {
      memo = statement.get() as number;
      setImmediate(() => {
        memo = undefined;
      });
    }
    return memo;
  };
}
