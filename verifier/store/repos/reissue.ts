// Re-binding repository: each credential type's re-bind policy, and the re-bind or re-issue requests citizens made
// (one per old credential, so a credential is re-bound at most once).
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** 'rebind': the service re-signs the same claims to the new key; 'agency': the agency issues a new copy itself. */
export type RebindPolicy = 'rebind' | 'agency';

export interface ReissueRequestRecord {
  id: string;
  agencyId: string;
  accountId: string;
  /** The old credential (the issued credential's id). */
  credentialId: string;
  credentialTypeId: string;
  outcome: 'rebound' | 'requested';
  /** The offer that re-issued it, when re-bound. */
  offerId: string | null;
  createdAt: number;
}

export interface ReissueRepository {
  policy(credentialTypeId: string): Promise<RebindPolicy | undefined>;
  setPolicy(credentialTypeId: string, rebind: RebindPolicy, at: number): Promise<void>;
  /** False when a request for that credential exists already. */
  insertRequest(record: ReissueRequestRecord): Promise<boolean>;
  forCredential(credentialId: string): Promise<ReissueRequestRecord | undefined>;
  listForAgency(agencyId: string, limit: number): Promise<ReissueRequestRecord[]>;
}

type Raw = Database['reissue_requests'];
const fromRaw = (r: Raw): ReissueRequestRecord => ({
  id: r.id,
  agencyId: r.agency_id,
  accountId: r.account_id,
  credentialId: r.credential_id,
  credentialTypeId: r.credential_type_id,
  outcome: r.outcome as ReissueRequestRecord['outcome'],
  offerId: r.offer_id,
  createdAt: Number(r.created_at),
});

export function reissueRepository(db: Kysely<Database>): ReissueRepository {
  return {
    async policy(credentialTypeId) {
      const row = await db.selectFrom('credential_type_policies').select('rebind').where('credential_type_id', '=', credentialTypeId).executeTakeFirst();
      return row?.rebind as RebindPolicy | undefined;
    },
    async setPolicy(credentialTypeId, rebind, at) {
      await db
        .insertInto('credential_type_policies')
        .values({ credential_type_id: credentialTypeId, rebind, updated_at: at })
        .onConflict((oc) => oc.column('credential_type_id').doUpdateSet({ rebind, updated_at: at }))
        .execute();
    },
    async insertRequest(r) {
      const result = await db
        .insertInto('reissue_requests')
        .values({
          id: r.id,
          agency_id: r.agencyId,
          account_id: r.accountId,
          credential_id: r.credentialId,
          credential_type_id: r.credentialTypeId,
          outcome: r.outcome,
          offer_id: r.offerId,
          created_at: r.createdAt,
        })
        .onConflict((oc) => oc.column('credential_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async forCredential(credentialId) {
      const row = await db.selectFrom('reissue_requests').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
      return row ? fromRaw(row) : undefined;
    },
    async listForAgency(agencyId, limit) {
      const rows = await db.selectFrom('reissue_requests').selectAll().where('agency_id', '=', agencyId).orderBy('created_at', 'desc').limit(limit).execute();
      return rows.map(fromRaw);
    },
  };
}
