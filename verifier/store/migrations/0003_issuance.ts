// Migration 0003: OpenID4VCI state — credential offers (with their pre-authorized code and access token, hashed)
// and single-use c_nonce values.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('credential_offers')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('agency_id', 'text', (col) => col.notNull())
    .addColumn('credential_type_id', 'text', (col) => col.notNull())
    .addColumn('pre_auth_code_hash', 'text', (col) => col.notNull().unique())
    .addColumn('tx_code_hash', 'text')
    .addColumn('tx_code_attempts', 'integer', (col) => col.notNull().defaultTo(0))
    // Encrypted under the KEK; set to NULL at issuance or once the offer can no longer be redeemed.
    .addColumn('claims_sealed', 'text')
    .addColumn('credential_expires_at', 'bigint', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('cancelled_at', 'bigint')
    .addColumn('redeemed_at', 'bigint')
    .addColumn('access_token_hash', 'text', (col) => col.unique())
    .addColumn('access_token_expires_at', 'bigint')
    .addColumn('issued_at', 'bigint')
    .execute();
  await db.schema.createIndex('credential_offers_agency').on('credential_offers').column('agency_id').execute();
  await db.schema
    .createTable('issuance_nonces')
    .addColumn('nonce_hash', 'text', (col) => col.primaryKey())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
}
