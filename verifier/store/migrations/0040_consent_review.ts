// Migration 0040: notice and purpose changes (issue 21) — the text of each agency's privacy notice, kept by the
// service under its SHA-256; a version on each purpose; and what each consent was given under, so a change can ask
// the citizen to keep or withdraw it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('privacy_notices')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('agency_id', 'text', (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('privacy_notices_agency').on('privacy_notices').columns(['agency_id', 'created_at']).execute();
  await db.schema.alterTable('purposes').addColumn('version', 'integer', (col) => col.notNull().defaultTo(1)).execute();
  await db.schema
    .createTable('consent_pins')
    .addColumn('consent_id', 'text', (col) => col.primaryKey())
    // The notice text's hash the citizen agreed under; null when the agency had published no text then.
    .addColumn('notice_sha256', 'text')
    .addColumn('purpose_version', 'integer', (col) => col.notNull())
    .addColumn('pinned_at', 'bigint', (col) => col.notNull())
    .execute();
}
