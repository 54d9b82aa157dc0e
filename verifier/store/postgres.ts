// The PostgreSQL store (DATABASE_URL=postgres://...): the same Kysely repositories and migrations as SQLite, over a
// `pg` connection pool, so several service instances can share one database.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createKyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrations/index.js';
import { listenForRegistryChanges } from './postgres-changes.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

const INT8_OID = 20;

export interface PostgresStoreOptions {
  url: string;
  /** Pool size per instance. */
  maxConnections?: number;
  now?: () => number;
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    // bigint columns hold ms timestamps and log indices, all below 2^53: read them as numbers, as SQLite does.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process; the pool reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    // Migrations run under an advisory lock so instances starting together do not race (Kysely's Postgres adapter).
    await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const changes = await listenForRegistryChanges({ url: options.url });
  return createKyselyStore({
    db,
    engine: 'postgres',
    externalVersion: changes.version,
    onClose: changes.close,
    ...(options.now ? { now: options.now } : {}),
  });
}
