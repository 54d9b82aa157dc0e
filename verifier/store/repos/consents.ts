// Consent records repository: the holder-signed JWS with the columns the citizen's and agency's views filter on.
// Issue 7 (withdrawal) changes `state`; getActive/latestFor are the lookups presentation and verification consult.
import type { Kysely, Selectable } from 'kysely';
import type { ConsentState } from '../../../shared/consent/record.js';
import type { ConsentsTable, Database } from '../schema.js';

export interface ConsentRow {
  /** The record's own `recordId`. */
  id: string;
  accountId: string;
  agencyId: string;
  purposeCode: string;
  requestId: string | null;
  state: ConsentState;
  /** The consent record as signed by the holder key (compact JWS). */
  recordJws: string;
  holderThumbprint: string;
  createdAt: number;
  updatedAt: number;
  /** End of the declared retention. */
  expiresAt: number;
}

export interface ConsentsRepository {
  /** False when a record with that id already exists. */
  insert(row: ConsentRow): Promise<boolean>;
  get(id: string): Promise<ConsentRow | undefined>;
  /** The newest record of the account for the agency's purpose, whatever its state. */
  latestFor(accountId: string, agencyId: string, purposeCode: string): Promise<ConsentRow | undefined>;
  /** The newest active, unexpired record of the account for the agency's purpose. */
  getActive(accountId: string, agencyId: string, purposeCode: string, now: number): Promise<ConsentRow | undefined>;
  setState(id: string, state: ConsentState, at: number): Promise<boolean>;
}

function toRow(r: Selectable<ConsentsTable>): ConsentRow {
  return {
    id: r.id,
    accountId: r.account_id,
    agencyId: r.agency_id,
    purposeCode: r.purpose_code,
    requestId: r.request_id,
    state: r.state as ConsentState,
    recordJws: r.record_jws,
    holderThumbprint: r.holder_thumbprint,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    expiresAt: Number(r.expires_at),
  };
}

export function consentsRepository(db: Kysely<Database>): ConsentsRepository {
  const forPurpose = (accountId: string, agencyId: string, purposeCode: string) =>
    db
      .selectFrom('consents')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('agency_id', '=', agencyId)
      .where('purpose_code', '=', purposeCode)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc');
  return {
    async insert(c) {
      const r = await db
        .insertInto('consents')
        .values({
          id: c.id,
          account_id: c.accountId,
          agency_id: c.agencyId,
          purpose_code: c.purposeCode,
          request_id: c.requestId,
          state: c.state,
          record_jws: c.recordJws,
          holder_thumbprint: c.holderThumbprint,
          created_at: c.createdAt,
          updated_at: c.updatedAt,
          expires_at: c.expiresAt,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async get(id) {
      const row = await db.selectFrom('consents').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRow(row) : undefined;
    },
    async latestFor(accountId, agencyId, purposeCode) {
      const row = await forPurpose(accountId, agencyId, purposeCode).limit(1).executeTakeFirst();
      return row ? toRow(row) : undefined;
    },
    async getActive(accountId, agencyId, purposeCode, now) {
      const row = await forPurpose(accountId, agencyId, purposeCode)
        .where('state', '=', 'active')
        .where('expires_at', '>', now)
        .limit(1)
        .executeTakeFirst();
      return row ? toRow(row) : undefined;
    },
    async setState(id, state, at) {
      const r = await db.updateTable('consents').set({ state, updated_at: at }).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
