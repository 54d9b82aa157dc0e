// Migration 0011: OpenID4VP presentation requests (with the agency's one-time sealed result) and consent records.
// Neither table holds claim values in clear: `result_sealed` is AES-256-GCM under the KEK and is set to NULL on the
// agency's first successful read or once `result_expires_at` passes.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('presentation_requests')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('agency_id', 'text', (col) => col.notNull())
    .addColumn('purpose_code', 'text', (col) => col.notNull())
    .addColumn('dcql', 'text', (col) => col.notNull())
    .addColumn('nonce', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('response_mode', 'text', (col) => col.notNull())
    .addColumn('retention_days', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('answered_at', 'bigint')
    .addColumn('consent_record_id', 'text')
    .addColumn('access_event_id', 'text')
    .addColumn('result_sealed', 'text')
    .addColumn('result_expires_at', 'bigint')
    .addColumn('result_read_at', 'bigint')
    .execute();
  await db.schema.createIndex('presentation_requests_agency').on('presentation_requests').column('agency_id').execute();
  await db.schema.createIndex('presentation_requests_result_expiry').on('presentation_requests').column('result_expires_at').execute();

  await db.schema
    .createTable('consents')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('agency_id', 'text', (col) => col.notNull())
    .addColumn('purpose_code', 'text', (col) => col.notNull())
    .addColumn('request_id', 'text')
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('record_jws', 'text', (col) => col.notNull())
    .addColumn('holder_thumbprint', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('consents_account_agency_purpose').on('consents').columns(['account_id', 'agency_id', 'purpose_code']).execute();
}
