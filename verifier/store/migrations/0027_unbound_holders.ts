// Migration 0027: presentations by holder keys no Sahih account has claimed. Their access events are indexed under
// a keyed hash of the key's thumbprint (holder_ref) until a citizen proves possession of the key; consent receipts
// the service keeps when a wallet sends no holder-signed consent record (or from a holder no account holds); the
// one-time challenges of those proofs; and whether a request insists on a holder-signed record.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('holder_key_events')
    .addColumn('event_id', 'text', (col) => col.primaryKey())
    .addColumn('holder_ref', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('holder_key_events_ref').on('holder_key_events').column('holder_ref').execute();
  await db.schema
    .createTable('holder_key_claims')
    .addColumn('holder_ref', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('proof_jws', 'text', (col) => col.notNull())
    .addColumn('claimed_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('holder_key_challenges')
    .addColumn('challenge', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('consent_receipts')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('request_id', 'text', (col) => col.notNull())
    .addColumn('agency_id', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('holder_ref', 'text', (col) => col.notNull())
    .addColumn('record', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.alterTable('presentation_request_clients').addColumn('require_signed_consent', 'integer', (col) => col.notNull().defaultTo(0)).execute();
}
