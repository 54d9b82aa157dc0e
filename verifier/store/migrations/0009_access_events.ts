// Migration 0009: access events — the text and salt behind each log leaf, indexed for the citizen's and the agency's
// own views (keyset pagination by leaf index, so a million events cost the same as ten).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('access_events')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('leaf_index', 'bigint', (col) => col.notNull().unique())
    .addColumn('account_id', 'text')
    .addColumn('agency_id', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('occurred_at', 'bigint', (col) => col.notNull())
    .addColumn('salt', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('access_events_account').on('access_events').columns(['account_id', 'leaf_index']).execute();
  await db.schema.createIndex('access_events_agency').on('access_events').columns(['agency_id', 'leaf_index']).execute();
}
