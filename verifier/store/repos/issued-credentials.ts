// Issued credentials repository: status entry, key id and holder-key thumbprint per credential — never claim values.
import type { Kysely, Selectable } from 'kysely';
import { containsPattern, likeContains } from './like-contains.js';
import type { Database, IssuedCredentialsTable } from '../schema.js';
import type { IssuedCredentialRecord, IssuedCredentialsRepository } from '../types.js';

function toRecord(row: Selectable<IssuedCredentialsTable>): IssuedCredentialRecord {
  return {
    id: row.id,
    agencyId: row.agency_id,
    credentialTypeId: row.credential_type_id,
    kid: row.kid,
    holderJkt: row.holder_jkt,
    statusListId: row.status_list_id,
    statusIndex: Number(row.status_index),
    status: Number(row.status) as IssuedCredentialRecord['status'],
    issuedAt: Number(row.issued_at),
    expiresAt: Number(row.expires_at),
    updatedAt: Number(row.updated_at),
    ...(row.agency_ref === null ? {} : { agencyRef: row.agency_ref }),
  };
}

export function issuedCredentialsRepository(db: Kysely<Database>): IssuedCredentialsRepository {
  return {
    async insert(r) {
      const result = await db
        .insertInto('issued_credentials')
        .values({
          id: r.id,
          agency_id: r.agencyId,
          credential_type_id: r.credentialTypeId,
          kid: r.kid,
          holder_jkt: r.holderJkt,
          status_list_id: r.statusListId,
          status_index: r.statusIndex,
          status: r.status,
          issued_at: r.issuedAt,
          expires_at: r.expiresAt,
          updated_at: r.updatedAt,
          agency_ref: r.agencyRef ?? null,
        })
        .onConflict((oc) => oc.columns(['status_list_id', 'status_index']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async get(agencyId, id) {
      const row = await db
        .selectFrom('issued_credentials')
        .selectAll()
        .where('id', '=', id)
        .where('agency_id', '=', agencyId)
        .executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async byStatusEntry(statusListId, index) {
      const row = await db
        .selectFrom('issued_credentials')
        .selectAll()
        .where('status_list_id', '=', statusListId)
        .where('status_index', '=', index)
        .executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async setStatus(agencyId, id, status, at) {
      const result = await db
        .updateTable('issued_credentials')
        .set({ status, updated_at: at })
        .where('id', '=', id)
        .where('agency_id', '=', agencyId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async nonValidEntries(statusListId) {
      const rows = await db
        .selectFrom('issued_credentials')
        .select(['status_index', 'status'])
        .where('status_list_id', '=', statusListId)
        .where('status', '!=', 0)
        .execute();
      return rows.map((r) => ({ index: Number(r.status_index), status: Number(r.status) }));
    },
    async countInList(statusListId) {
      const row = await db
        .selectFrom('issued_credentials')
        .select((eb) => eb.fn.countAll<number | bigint | string>().as('n'))
        .where('status_list_id', '=', statusListId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async indexTaken(statusListId, index) {
      const row = await db
        .selectFrom('issued_credentials')
        .select('id')
        .where('status_list_id', '=', statusListId)
        .where('status_index', '=', index)
        .executeTakeFirst();
      return row !== undefined;
    },
    async latestExpiryForKid(kid) {
      const row = await db
        .selectFrom('issued_credentials')
        .select((eb) => eb.fn.max('expires_at').as('latest'))
        .where('kid', '=', kid)
        .executeTakeFirst();
      return row?.latest === null || row?.latest === undefined ? undefined : Number(row.latest);
    },
    async listByAgency(agencyId, options) {
      let query = db.selectFrom('issued_credentials').selectAll().where('agency_id', '=', agencyId);
      if (options.before !== undefined) query = query.where('issued_at', '<', options.before);
      if (options.ref !== undefined) query = query.where(likeContains('agency_ref', containsPattern(options.ref)));
      const rows = await query.orderBy('issued_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
      return rows.map(toRecord);
    },
    async refsForAccount(agencyId, accountId) {
      const rows = await db
        .selectFrom('issued_credentials')
        .innerJoin('holder_bindings', 'holder_bindings.thumbprint', 'issued_credentials.holder_jkt')
        .select('issued_credentials.agency_ref')
        .distinct()
        .where('issued_credentials.agency_id', '=', agencyId)
        .where('holder_bindings.account_id', '=', accountId)
        .where('issued_credentials.agency_ref', 'is not', null)
        .orderBy('issued_credentials.agency_ref')
        .execute();
      return rows.map((r) => r.agency_ref!);
    },
    async forDevice(accountId, passkeyId) {
      const rows = await db
        .selectFrom('issued_credentials')
        .innerJoin('holder_bindings', 'holder_bindings.thumbprint', 'issued_credentials.holder_jkt')
        .selectAll('issued_credentials')
        .where('holder_bindings.account_id', '=', accountId)
        .where('holder_bindings.passkey_id', passkeyId === null ? 'is' : '=', passkeyId)
        .orderBy('issued_credentials.issued_at')
        .orderBy('issued_credentials.id')
        .execute();
      return rows.map(toRecord);
    },
  };
}
