// Agency API keys repository: only hashes of secrets; revocation and last-use time.
import type { Kysely, Selectable } from 'kysely';
import type { ApiKeysTable, Database } from '../schema.js';
import type { ApiKeyRecord, ApiKeysRepository } from '../types.js';

const nullableNumber = (v: number | null) => (v === null ? null : Number(v));

function toRecord(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    agencyId: row.agency_id,
    secretHash: row.secret_hash,
    label: row.label,
    createdAt: Number(row.created_at),
    revokedAt: nullableNumber(row.revoked_at),
    lastUsedAt: nullableNumber(row.last_used_at),
  };
}

export function apiKeysRepository(db: Kysely<Database>): ApiKeysRepository {
  return {
    async create(k) {
      await db
        .insertInto('api_keys')
        .values({
          id: k.id,
          agency_id: k.agencyId,
          secret_hash: k.secretHash,
          label: k.label,
          created_at: k.createdAt,
          revoked_at: k.revokedAt,
          last_used_at: k.lastUsedAt,
        })
        .execute();
    },
    async get(id) {
      const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async list(agencyId) {
      const rows = await db.selectFrom('api_keys').selectAll().where('agency_id', '=', agencyId).orderBy('created_at').execute();
      return rows.map(toRecord);
    },
    async revoke(agencyId, id, at) {
      const result = await db
        .updateTable('api_keys')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('agency_id', '=', agencyId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async touch(id, at, notBefore) {
      await db
        .updateTable('api_keys')
        .set({ last_used_at: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notBefore)]))
        .execute();
    },
  };
}
