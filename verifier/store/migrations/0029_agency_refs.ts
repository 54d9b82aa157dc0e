// Migration 0029: the agency's own reference (case or customer number) kept with an offer, the credential issued from
// it, a presentation request and the access event it leads to, so an officer can find a citizen's card or access by
// the number the agency already uses. Indexed per agency for the console's search.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['credential_offers', 'issued_credentials', 'presentation_requests', 'access_events']) {
    await db.schema.alterTable(table).addColumn('agency_ref', 'text').execute();
  }
  await db.schema.createIndex('issued_credentials_agency_ref').on('issued_credentials').columns(['agency_id', 'agency_ref']).execute();
  await db.schema.createIndex('access_events_agency_ref').on('access_events').columns(['agency_id', 'agency_ref']).execute();
}
