// Migration 0002: the trust registry — agencies, their signing keys, credential types, purposes and API keys.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agencies')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('legal_name', 'text', (col) => col.notNull())
    .addColumn('contact', 'text', (col) => col.notNull())
    .addColumn('dpo_contact', 'text', (col) => col.notNull())
    .addColumn('privacy_notice_url', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('credential_types')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('display', 'text', (col) => col.notNull())
    .addColumn('claims', 'text', (col) => col.notNull())
    .addColumn('default_validity_days', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('agency_credential_types')
    .addColumn('agency_id', 'text', (col) => col.notNull().references('agencies.id'))
    .addColumn('credential_type_id', 'text', (col) => col.notNull().references('credential_types.id'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('agency_credential_types_pk', ['agency_id', 'credential_type_id'])
    .execute();
  await db.schema
    .createTable('agency_keys')
    .addColumn('kid', 'text', (col) => col.primaryKey())
    .addColumn('agency_id', 'text', (col) => col.notNull().references('agencies.id'))
    .addColumn('public_jwk', 'text', (col) => col.notNull())
    .addColumn('private_jwk_sealed', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('retired_at', 'bigint')
    .addColumn('verify_until', 'bigint')
    .execute();
  await db.schema.createIndex('agency_keys_agency').on('agency_keys').columns(['agency_id', 'status']).execute();
  await db.schema
    .createTable('purposes')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('agency_id', 'text', (col) => col.notNull().references('agencies.id'))
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('description_id', 'text', (col) => col.notNull())
    .addColumn('description_en', 'text', (col) => col.notNull())
    .addColumn('legal_basis', 'text', (col) => col.notNull())
    .addColumn('claims', 'text', (col) => col.notNull())
    .addColumn('max_retention_days', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('purposes_agency_code', ['agency_id', 'code'])
    .execute();
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('agency_id', 'text', (col) => col.notNull().references('agencies.id'))
    .addColumn('secret_hash', 'text', (col) => col.notNull())
    .addColumn('label', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('last_used_at', 'bigint')
    .execute();
  await db.schema.createIndex('api_keys_agency').on('api_keys').column('agency_id').execute();
}
