// Migration 0015: UU PDP rights requests (deletion, complaint) with their 3x24-hour deadline and the agency's answer.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rights_requests')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('agency_id', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('event_id', 'text')
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('response', 'text')
    .addColumn('filed_at', 'bigint', (col) => col.notNull())
    .addColumn('due_at', 'bigint', (col) => col.notNull())
    .addColumn('answered_at', 'bigint')
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('rights_requests_account').on('rights_requests').columns(['account_id', 'filed_at']).execute();
  await db.schema.createIndex('rights_requests_agency').on('rights_requests').columns(['agency_id', 'filed_at']).execute();
}
