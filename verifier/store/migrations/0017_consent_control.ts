// Migration 0017: consent control (issue 7). A consent row keeps its first record id as its identity; each change the
// citizen signs becomes the row's current record, and every version is kept in consent_changes (the chain the
// citizen and the agency can audit). `action_due_at` is the 3x24-hour deadline the agency has to act on a change by.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
  await db.schema.alterTable('consents').addColumn('holder_jwk', 'text').execute();
  await db.schema.alterTable('consents').addColumn('current_record_id', 'text').execute();
  await db.schema.alterTable('consents').addColumn('current_record_jws', 'text').execute();
  await db.schema.alterTable('consents').addColumn('action_due_at', 'bigint').execute();
  await db.schema.alterTable('consents').addColumn('acknowledged_at', 'bigint').execute();
  await db.schema.createIndex('consents_account_created').on('consents').columns(['account_id', 'created_at']).execute();
  await db.schema.createIndex('consents_agency_state').on('consents').columns(['agency_id', 'state', 'updated_at']).execute();
  await db.schema.createIndex('consents_state_expiry').on('consents').columns(['state', 'expires_at']).execute();

  await db.schema
    .createTable('consent_changes')
    .addColumn('record_id', 'text', (col) => col.primaryKey())
    .addColumn('consent_id', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('record_jws', 'text')
    .addColumn('access_event_id', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('consent_changes_consent').on('consent_changes').columns(['consent_id', 'created_at']).execute();
}
