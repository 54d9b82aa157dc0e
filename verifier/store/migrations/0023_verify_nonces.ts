// Migration 0023: nonces agencies have used with POST /v1/verify, so a presentation cannot be verified (and its
// claims released and logged) twice. Kept as a hash, per agency, until the KB-JWT age limit makes a replay fail anyway.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('verify_nonces')
    .addColumn('agency_id', 'text', (col) => col.notNull())
    .addColumn('nonce_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('verify_nonces_pk', ['agency_id', 'nonce_hash'])
    .execute();
  await db.schema.createIndex('verify_nonces_expiry').on('verify_nonces').column('expires_at').execute();
}
