// Migration 0025: issuers that run their own SD-JWT VC issuer outside Sahih (registered by issuer identifier), the
// credential types they issue (registered by vct, with their type metadata), and the operator's X.509 trust anchors
// for issuers that sign with an x5c chain. Keys are not stored: they are read from the issuer and cached in memory.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('external_issuers')
    .addColumn('issuer', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('key_source', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('external_credential_types')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('vct', 'text', (col) => col.notNull().unique())
    .addColumn('issuers', 'text', (col) => col.notNull())
    .addColumn('display', 'text', (col) => col.notNull())
    .addColumn('claims', 'text', (col) => col.notNull())
    .addColumn('metadata', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('trust_anchors')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('pem', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('not_after', 'bigint', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  // The registry cache holds these rows too: on PostgreSQL a change notifies every instance (function from 0021).
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const table of ['external_issuers', 'external_credential_types', 'trust_anchors']) {
    await sql
      .raw(`create trigger ${table}_notify after insert or update or delete or truncate on ${table} for each statement execute function sahih_registry_changed()`)
      .execute(db);
  }
}
