// Migration 0035: citizens' voice — feedback on services, agencies' breach reports, and which inbox items were read.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('feedback')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('agency_id', 'text', (col) => col.notNull())
    .addColumn('purpose_code', 'text')
    .addColumn('subject', 'text', (col) => col.notNull())
    // One rating per access: the event it is about. Null for a suggestion, which is about the agency as a whole.
    .addColumn('event_id', 'text', (col) => col.unique())
    .addColumn('rating', 'integer')
    .addColumn('comment', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('feedback_agency').on('feedback').columns(['agency_id', 'created_at']).execute();
  await db.schema.createIndex('feedback_account').on('feedback').columns(['account_id']).execute();
  await db.schema
    .createTable('breach_reports')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('agency_id', 'text', (col) => col.notNull())
    .addColumn('filed_by', 'text', (col) => col.notNull())
    .addColumn('claims', 'text', (col) => col.notNull())
    .addColumn('purpose_codes', 'text', (col) => col.notNull())
    .addColumn('window_start', 'bigint', (col) => col.notNull())
    .addColumn('window_end', 'bigint', (col) => col.notNull())
    .addColumn('discovered_at', 'bigint', (col) => col.notNull())
    .addColumn('what_happened', 'text', (col) => col.notNull())
    .addColumn('actions_taken', 'text', (col) => col.notNull())
    .addColumn('citizen_advice', 'text', (col) => col.notNull())
    .addColumn('affected_count', 'integer', (col) => col.notNull())
    .addColumn('filed_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('breach_reports_agency').on('breach_reports').columns(['agency_id', 'filed_at']).execute();
  await db.schema
    .createTable('inbox_reads')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('item_id', 'text', (col) => col.notNull())
    .addColumn('read_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('inbox_reads_pk', ['account_id', 'item_id'])
    .execute();
}
