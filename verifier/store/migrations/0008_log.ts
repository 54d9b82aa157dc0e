// Migration 0008: the transparency log — leaves in append order, perfect subtree nodes, and signed checkpoints.
import type { Kysely } from 'kysely';
import { bytesType } from './column-types.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = bytesType(db);
  await db.schema
    .createTable('log_leaves')
    // The leaf index is the primary key: a gap or a duplicate cannot be stored.
    .addColumn('idx', 'bigint', (col) => col.primaryKey())
    .addColumn('leaf_hash', bytes, (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('log_nodes')
    .addColumn('level', 'integer', (col) => col.notNull())
    .addColumn('idx', 'bigint', (col) => col.notNull())
    .addColumn('hash', bytes, (col) => col.notNull())
    .addPrimaryKeyConstraint('log_nodes_pk', ['level', 'idx'])
    .execute();
  await db.schema
    .createTable('log_checkpoints')
    .addColumn('size', 'bigint', (col) => col.primaryKey())
    .addColumn('root', bytes, (col) => col.notNull())
    .addColumn('note', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
}
