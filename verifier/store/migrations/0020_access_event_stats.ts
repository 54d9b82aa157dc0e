// Migration 0020: what the public transparency statistics group by — the purpose code as a column, and an index on
// the time of the access so per-day counts do not scan the whole table.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('access_events').addColumn('purpose_code', 'text').execute();
  await db.schema.createIndex('access_events_time').on('access_events').columns(['occurred_at']).execute();
}
