// Agencies repository: the registered agencies and which credential types each may issue. Portable Kysely only.
import type { Kysely, Selectable } from 'kysely';
import type { AgenciesTable, Database } from '../schema.js';
import type { AgenciesRepository, AgencyRecord } from '../types.js';

function toRecord(row: Selectable<AgenciesTable>): AgencyRecord {
  return {
    id: row.id,
    legalName: row.legal_name,
    contact: row.contact,
    dpoContact: row.dpo_contact,
    privacyNoticeUrl: row.privacy_notice_url,
    role: row.role as AgencyRecord['role'],
    status: row.status as AgencyRecord['status'],
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function agenciesRepository(db: Kysely<Database>): AgenciesRepository {
  return {
    async create(a) {
      const result = await db
        .insertInto('agencies')
        .values({
          id: a.id,
          legal_name: a.legalName,
          contact: a.contact,
          dpo_contact: a.dpoContact,
          privacy_notice_url: a.privacyNoticeUrl,
          role: a.role,
          status: a.status,
          created_at: a.createdAt,
          updated_at: a.updatedAt,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async get(id) {
      const row = await db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async list() {
      return (await db.selectFrom('agencies').selectAll().orderBy('id').execute()).map(toRecord);
    },
    async setStatus(id, status, at) {
      const result = await db.updateTable('agencies').set({ status, updated_at: at }).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async allowCredentialType(agencyId, credentialTypeId, at) {
      await db
        .insertInto('agency_credential_types')
        .values({ agency_id: agencyId, credential_type_id: credentialTypeId, created_at: at })
        .onConflict((oc) => oc.columns(['agency_id', 'credential_type_id']).doNothing())
        .execute();
    },
    async allowedCredentialTypes(agencyId) {
      const rows = await db
        .selectFrom('agency_credential_types')
        .select('credential_type_id')
        .where('agency_id', '=', agencyId)
        .orderBy('credential_type_id')
        .execute();
      return rows.map((r) => r.credential_type_id);
    },
  };
}
