// Purposes repository: what each verifier may ask for, why, on which legal basis and for how long.
import type { Kysely, Selectable } from 'kysely';
import type { Database, PurposesTable } from '../schema.js';
import type { PurposeRecord, PurposesRepository } from '../types.js';

function toRecord(row: Selectable<PurposesTable>): PurposeRecord {
  return {
    id: row.id,
    agencyId: row.agency_id,
    code: row.code,
    description: { id: row.description_id, en: row.description_en },
    legalBasis: row.legal_basis as PurposeRecord['legalBasis'],
    claims: JSON.parse(row.claims) as PurposeRecord['claims'],
    maxRetentionDays: Number(row.max_retention_days),
    requireSignedConsent: Number(row.require_signed_consent) === 1,
    version: Number(row.version),
    createdAt: Number(row.created_at),
  };
}

export function purposesRepository(db: Kysely<Database>): PurposesRepository {
  return {
    async create(p) {
      const result = await db
        .insertInto('purposes')
        .values({
          id: p.id,
          agency_id: p.agencyId,
          code: p.code,
          description_id: p.description.id,
          description_en: p.description.en,
          legal_basis: p.legalBasis,
          claims: JSON.stringify(p.claims),
          max_retention_days: p.maxRetentionDays,
          require_signed_consent: p.requireSignedConsent ? 1 : 0,
          created_at: p.createdAt,
        })
        .onConflict((oc) => oc.columns(['agency_id', 'code']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async get(agencyId, code) {
      const row = await db
        .selectFrom('purposes')
        .selectAll()
        .where('agency_id', '=', agencyId)
        .where('code', '=', code)
        .executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async update(p) {
      // The version moves in the same statement, so two concurrent changes both count.
      const result = await db
        .updateTable('purposes')
        .set((eb) => ({
          description_id: p.description.id,
          description_en: p.description.en,
          legal_basis: p.legalBasis,
          claims: JSON.stringify(p.claims),
          max_retention_days: p.maxRetentionDays,
          require_signed_consent: p.requireSignedConsent ? 1 : 0,
          version: eb('version', '+', 1),
        }))
        .where('agency_id', '=', p.agencyId)
        .where('code', '=', p.code)
        .executeTakeFirst();
      return Number(result.numUpdatedRows ?? 0n) > 0;
    },
    async list(agencyId) {
      const rows = await db.selectFrom('purposes').selectAll().where('agency_id', '=', agencyId).orderBy('code').execute();
      return rows.map(toRecord);
    },
  };
}
