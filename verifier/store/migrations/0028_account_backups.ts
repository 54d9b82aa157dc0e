// Migration 0028: one sealed backup per account, an opaque blob the wallet encrypted, with a version for compare-and-set.
import type { Kysely } from 'kysely';
import { bytesType } from './column-types.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('account_backups')
    .addColumn('account_id', 'text', (col) => col.primaryKey())
    .addColumn('version', 'bigint', (col) => col.notNull())
    .addColumn('sealed', bytesType(db), (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
}
