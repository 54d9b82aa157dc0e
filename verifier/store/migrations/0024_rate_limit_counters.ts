// Migration 0024: fixed-window rate-limit counters shared by every instance on one PostgreSQL database
// (verifier/rate-limit/postgres-counters.ts). UNLOGGED: a crash may lose them, which only resets some windows.
// SQLite deployments are one process and count in memory, so the table exists on PostgreSQL only.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create unlogged table rate_limit_counters (
    key text primary key,
    window_start bigint not null,
    expires_at bigint not null,
    count bigint not null
  )`.execute(db);
  await sql`create index rate_limit_counters_expiry on rate_limit_counters (expires_at)`.execute(db);
}
