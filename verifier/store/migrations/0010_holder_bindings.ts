// Migration 0010: which citizen account a holder key belongs to, learnt when a signed-in wallet receives a credential.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('holder_bindings')
    .addColumn('thumbprint', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('holder_bindings_account').on('holder_bindings').column('account_id').execute();
}
