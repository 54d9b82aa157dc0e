// Rate counters in PostgreSQL (migration 0024's UNLOGGED table `rate_limit_counters`), so every instance on one
// database spends one budget. One row per key holds the current fixed window; an upsert adds to it atomically. The
// table is UNLOGGED: counters are worth nothing after a crash, and skipping the WAL keeps a flood's writes cheap.
// The counters use their own small pool, so a flood that is being limited cannot take the connections the service
// needs for real work.
import pg from 'pg';
import type { RateCounters } from './counters.js';

const ADD = `
insert into rate_limit_counters as r (key, window_start, expires_at, count) values ($1, $2, $3, $4)
on conflict (key) do update set
  count = case
    when r.window_start = excluded.window_start then r.count + excluded.count
    when r.window_start > excluded.window_start then r.count + excluded.count
    else excluded.count end,
  window_start = greatest(r.window_start, excluded.window_start),
  expires_at = greatest(r.expires_at, excluded.expires_at)
returning count`;

export interface PostgresCountersOptions {
  url: string;
  /** Connections for counters only (default 4). */
  maxConnections?: number;
}

export class PostgresCounters implements RateCounters {
  readonly shared = true;
  readonly #pool: pg.Pool;

  constructor(options: PostgresCountersOptions) {
    this.#pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 4 });
    // A dropped idle connection must not crash the process; the pool reconnects.
    this.#pool.on('error', () => undefined);
  }

  async add(key: string, windowStart: number, windowMs: number, amount: number): Promise<number> {
    const result = await this.#pool.query<{ count: string }>(ADD, [key, windowStart, windowStart + windowMs, amount]);
    return Number(result.rows[0]!.count);
  }

  async purge(now: number): Promise<number> {
    const result = await this.#pool.query('delete from rate_limit_counters where expires_at <= $1', [now]);
    return result.rowCount ?? 0;
  }

  async size(): Promise<number> {
    const result = await this.#pool.query<{ n: string }>('select count(*) as n from rate_limit_counters');
    return Number(result.rows[0]!.n);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
