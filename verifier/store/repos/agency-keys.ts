// Agency signing keys repository. Private keys arrive here already sealed under the KEK.
import type { Kysely, Selectable } from 'kysely';
import type { AgencyKeysTable, Database } from '../schema.js';
import type { AgencyKeyRecord, AgencyKeysRepository } from '../types.js';

const nullableNumber = (v: number | null) => (v === null ? null : Number(v));

function toRecord(row: Selectable<AgencyKeysTable>): AgencyKeyRecord {
  return {
    kid: row.kid,
    agencyId: row.agency_id,
    publicJwk: row.public_jwk,
    privateJwkSealed: row.private_jwk_sealed,
    status: row.status as AgencyKeyRecord['status'],
    createdAt: Number(row.created_at),
    retiredAt: nullableNumber(row.retired_at),
    verifyUntil: nullableNumber(row.verify_until),
  };
}

export function agencyKeysRepository(db: Kysely<Database>): AgencyKeysRepository {
  return {
    async insert(k) {
      await db
        .insertInto('agency_keys')
        .values({
          kid: k.kid,
          agency_id: k.agencyId,
          public_jwk: k.publicJwk,
          private_jwk_sealed: k.privateJwkSealed,
          status: k.status,
          created_at: k.createdAt,
          retired_at: k.retiredAt,
          verify_until: k.verifyUntil,
        })
        .execute();
    },
    async active(agencyId) {
      const row = await db
        .selectFrom('agency_keys')
        .selectAll()
        .where('agency_id', '=', agencyId)
        .where('status', '=', 'active')
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async list(agencyId) {
      const rows = await db.selectFrom('agency_keys').selectAll().where('agency_id', '=', agencyId).orderBy('created_at').execute();
      return rows.map(toRecord);
    },
    async retire(kid, at, verifyUntil) {
      const result = await db
        .updateTable('agency_keys')
        .set({ status: 'retired', retired_at: at, verify_until: verifyUntil })
        .where('kid', '=', kid)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
