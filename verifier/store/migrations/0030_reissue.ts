// Migration 0030: re-binding restored credentials — each credential type's policy, and the requests citizens made.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('credential_type_policies')
    .addColumn('credential_type_id', 'text', (col) => col.primaryKey())
    .addColumn('rebind', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('reissue_requests')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('agency_id', 'text', (col) => col.notNull())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('credential_id', 'text', (col) => col.notNull().unique())
    .addColumn('credential_type_id', 'text', (col) => col.notNull())
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('offer_id', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('reissue_requests_agency').on('reissue_requests').columns(['agency_id', 'created_at']).execute();
  await db.schema.createIndex('reissue_requests_account').on('reissue_requests').columns(['account_id']).execute();
}
