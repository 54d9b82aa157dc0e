// Builds the real app over a fresh database for route tests through app.request(), with logs captured in memory:
// a SQLite file by default, a fresh PostgreSQL database on the test server when SAHIH_TEST_ENGINE=postgres (the
// `postgres` vitest project), so the same route tests prove both engines.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp } from '../../verifier/app.js';
import type { IssuanceHooks } from '../../verifier/issuance/credential.js';
import type { Config } from '../../verifier/config.js';
import { createLogger } from '../../verifier/logger.js';
import { openTransparencyLog, type OpenedLog } from '../../verifier/log/open.js';
import { createSealer } from '../../verifier/registry/sealer.js';
import { inject } from 'vitest';
import pg from 'pg';
import BetterSqlite3 from 'better-sqlite3';
import { openPostgresStore } from '../../verifier/store/postgres.js';
import { openSqliteStore } from '../../verifier/store/sqlite.js';
import { createTestDatabase } from './postgres-db.js';
import type { Store } from '../../verifier/store/types.js';
import { RateLimiter } from '../../verifier/rate-limit/limiter.js';
import { MemoryCounters } from '../../verifier/rate-limit/memory-counters.js';
import { PostgresCounters } from '../../verifier/rate-limit/postgres-counters.js';
import { unlimitedRateRules, type RateRules } from '../../verifier/rate-limit/rules.js';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  store: Store;
  transparency: OpenedLog;
  logs: string[];
  dir: string;
  engine: Store['engine'];
  /** Everything the database holds, as bytes: the SQLite files (WAL included), or every PostgreSQL row as JSON. */
  databaseBytes(): Promise<Buffer>;
  /** Every table the database itself lists (sqlite_master / information_schema), with all its rows. */
  tableRows(): Promise<Record<string, Record<string, unknown>[]>>;
  close(): Promise<void>;
}

export const testEngine: Store['engine'] = process.env.SAHIH_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

async function postgresTables(url: string): Promise<Record<string, Record<string, unknown>[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'",
    );
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const { table_name: name } of tables.rows) out[name] = (await client.query<Record<string, unknown>>(`select * from "${name}"`)).rows;
    return out;
  } finally {
    await client.end();
  }
}

function sqliteTables(path: string): Record<string, Record<string, unknown>[]> {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    const names = db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
    return Object.fromEntries(names.map(({ name }) => [name, db.prepare(`select * from "${name}"`).all() as Record<string, unknown>[]]));
  } finally {
    db.close();
  }
}

async function postgresRows(url: string): Promise<Buffer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public'");
    const parts: string[] = [];
    for (const { tablename } of tables.rows) {
      const rows = await client.query(`select * from "${tablename}"`);
      parts.push(JSON.stringify(rows.rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v)));
    }
    return Buffer.from(parts.join('\n'));
  } finally {
    await client.end();
  }
}

export function memoryLogger(level = 'info') {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger({ level, destination }), logs };
}

/** Fixed operator secrets for tests (never used outside tests). */
export const TEST_KEK = 'dGVzdC1rZWstZm9yLXNhaGloLXRlc3RzLW9ubHkhISE';
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';

export interface TestAppOptions {
  bodyLimitBytes?: number;
  walletDist?: string;
  /** Extra configuration (e.g. webauthn, session); publicUrl defaults to http://localhost:3000. */
  config?: Partial<Config>;
  /** Injected clock for the app (ms since epoch). */
  now?: () => number;
  /** Issuance hooks (e.g. holder-key binding). */
  issuanceHooks?: IssuanceHooks;
  /**
   * Rate-limit budgets; classes not named here are practically unlimited so other tests never meet a limit. The
   * counters are in memory on SQLite and in the test database on PostgreSQL, as in production.
   */
  rateLimits?: Partial<RateRules>;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'sahih-app-'));
  const pgDb = testEngine === 'postgres' ? await createTestDatabase(inject('pgUrl')) : undefined;
  const store = pgDb ? await openPostgresStore({ url: pgDb.url }) : await openSqliteStore({ path: join(dir, 'sahih.db') });
  const { logger, logs } = memoryLogger();
  const publicUrl = options.config?.publicUrl ?? 'http://localhost:3000';
  const counters = pgDb ? new PostgresCounters({ url: pgDb.url, maxConnections: 2 }) : new MemoryCounters();
  const rateLimiter = new RateLimiter({ counters, rules: { ...unlimitedRateRules, ...options.rateLimits }, ...(options.now ? { now: options.now } : {}) });
  const transparency = await openTransparencyLog({ store, sealer: createSealer(TEST_KEK), publicUrl, ...(options.now ? { now: options.now } : {}) });
  const app = createApp({
    config: {
      publicUrl: 'http://localhost:3000',
      bodyLimitBytes: options.bodyLimitBytes ?? 256 * 1024,
      keyEncryptionKey: TEST_KEK,
      adminToken: TEST_ADMIN_TOKEN,
      ...options.config,
    },
    ...(options.issuanceHooks ? { issuanceHooks: options.issuanceHooks } : {}),
    ...(options.now ? { now: options.now } : {}),
    store,
    logger,
    transparency,
    rateLimiter,
    ...(options.walletDist ? { walletDist: options.walletDist } : {}),
  });
  return {
    app,
    store,
    transparency,
    logs,
    dir,
    engine: store.engine,
    async databaseBytes() {
      if (pgDb) return postgresRows(pgDb.url);
      const files = readdirSync(dir).filter((f) => f.startsWith('sahih.db'));
      return Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
    },
    async tableRows() {
      return pgDb ? postgresTables(pgDb.url) : sqliteTables(join(dir, 'sahih.db'));
    },
    async close() {
      await counters.close();
      await store.close();
      await pgDb?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
