// Status lists repository: one row per agency list, with the last signed Status List Token cached.
import type { Kysely, Selectable } from 'kysely';
import type { Database, StatusListsTable } from '../schema.js';
import type { StatusListRecord, StatusListsRepository } from '../types.js';

const nullableNumber = (v: number | null) => (v === null ? null : Number(v));

function toRecord(row: Selectable<StatusListsTable>): StatusListRecord {
  return {
    id: row.id,
    agencyId: row.agency_id,
    bits: Number(row.bits),
    size: Number(row.size),
    token: row.token,
    tokenIssuedAt: nullableNumber(row.token_issued_at),
    tokenExpiresAt: nullableNumber(row.token_expires_at),
    createdAt: Number(row.created_at),
  };
}

export function statusListsRepository(db: Kysely<Database>): StatusListsRepository {
  return {
    async create(l) {
      await db
        .insertInto('status_lists')
        .values({
          id: l.id,
          agency_id: l.agencyId,
          bits: l.bits,
          size: l.size,
          token: l.token,
          token_issued_at: l.tokenIssuedAt,
          token_expires_at: l.tokenExpiresAt,
          created_at: l.createdAt,
        })
        .execute();
    },
    async get(id) {
      const row = await db.selectFrom('status_lists').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async current(agencyId) {
      const row = await db
        .selectFrom('status_lists')
        .selectAll()
        .where('agency_id', '=', agencyId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async setToken(id, token, issuedAt, expiresAt) {
      await db
        .updateTable('status_lists')
        .set({ token, token_issued_at: issuedAt, token_expires_at: expiresAt })
        .where('id', '=', id)
        .execute();
    },
    async clearToken(id) {
      await db.updateTable('status_lists').set({ token: null, token_issued_at: null, token_expires_at: null }).where('id', '=', id).execute();
    },
  };
}
