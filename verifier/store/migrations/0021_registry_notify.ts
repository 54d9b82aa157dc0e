// Migration 0021: on PostgreSQL, a change to a cached registry table notifies every instance (channel
// `sahih_registry`) so their registry caches drop what they hold. SQLite needs nothing: one process owns the file
// and PRAGMA data_version tells it about writes by any other connection (see store/registry-cache.ts).
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export const REGISTRY_CHANNEL = 'sahih_registry';

/** Tables whose rows the registry cache holds; holder bindings are written once, so only changes to them notify. */
const TABLES: { name: string; events: string }[] = [
  { name: 'agencies', events: 'insert or update or delete or truncate' },
  { name: 'agency_credential_types', events: 'insert or update or delete or truncate' },
  { name: 'agency_keys', events: 'insert or update or delete or truncate' },
  { name: 'purposes', events: 'insert or update or delete or truncate' },
  { name: 'api_keys', events: 'insert or update or delete or truncate' },
  { name: 'status_lists', events: 'insert or update or delete or truncate' },
  { name: 'holder_bindings', events: 'update or delete or truncate' },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  // Statement-level: one notification per statement, delivered by PostgreSQL only when the transaction commits.
  await sql
    .raw(
      `create function sahih_registry_changed() returns trigger language plpgsql as $$
       begin perform pg_notify('${REGISTRY_CHANNEL}', tg_table_name); return null; end $$`,
    )
    .execute(db);
  for (const t of TABLES) {
    await sql.raw(`create trigger ${t.name}_notify after ${t.events} on ${t.name} for each statement execute function sahih_registry_changed()`).execute(db);
  }
}
