// Migration 0004: Token Status Lists and the status entry of every issued credential (no claim values).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('status_lists')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('agency_id', 'text', (col) => col.notNull())
    .addColumn('bits', 'integer', (col) => col.notNull())
    .addColumn('size', 'integer', (col) => col.notNull())
    .addColumn('token', 'text')
    .addColumn('token_issued_at', 'bigint')
    .addColumn('token_expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('status_lists_agency').on('status_lists').columns(['agency_id', 'created_at']).execute();
  await db.schema
    .createTable('issued_credentials')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('agency_id', 'text', (col) => col.notNull())
    .addColumn('credential_type_id', 'text', (col) => col.notNull())
    .addColumn('kid', 'text', (col) => col.notNull())
    .addColumn('holder_jkt', 'text', (col) => col.notNull())
    .addColumn('status_list_id', 'text', (col) => col.notNull().references('status_lists.id'))
    .addColumn('status_index', 'integer', (col) => col.notNull())
    .addColumn('status', 'integer', (col) => col.notNull())
    .addColumn('issued_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('issued_credentials_status_entry', ['status_list_id', 'status_index'])
    .execute();
  await db.schema.createIndex('issued_credentials_kid').on('issued_credentials').column('kid').execute();
}
