// Migration 0022: the newest consent decision for (account, agency, purpose) — read on every verification — comes
// straight off one index in order, instead of an index search plus a sort. The new index covers the old one's
// columns as a prefix, so the old one goes.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('consents_purpose_latest')
    .on('consents')
    .columns(['account_id', 'agency_id', 'purpose_code', 'created_at', 'id'])
    .execute();
  await db.schema.dropIndex('consents_account_agency_purpose').execute();
}
