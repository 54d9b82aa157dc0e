// Migration 0037: a purpose may insist on Sahih's holder-signed consent record (issue 17), so every request made under
// it says so in its metadata and an answer without the record is refused (consent_record_required).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('purposes').addColumn('require_signed_consent', 'integer', (col) => col.notNull().defaultTo(0)).execute();
}
