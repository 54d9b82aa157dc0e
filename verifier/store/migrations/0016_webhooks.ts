// Migration 0016: agency webhook endpoints (the signing secret sealed under the KEK) and the delivery queue. A
// delivery's id is the id of the event that caused it, so enqueuing twice is a no-op and the agency can deduplicate.
// `payload` never holds claim values; `sealed` holds a presentation result's disclosed values (AES-256-GCM under the
// KEK) until delivered or expired, and is then set to NULL.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agency_webhooks')
    .addColumn('agency_id', 'text', (col) => col.primaryKey())
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('secret_sealed', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('agency_id', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('sealed', 'text')
    .addColumn('attempts', 'integer', (col) => col.notNull())
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').column('next_attempt_at').execute();
  await db.schema.createIndex('webhook_deliveries_agency').on('webhook_deliveries').columns(['agency_id', 'created_at']).execute();
}
