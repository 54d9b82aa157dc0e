// Rights requests repository: filed by a citizen, answered by the agency; status changes are compare-and-set.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export type RightsRequestKind = 'deletion' | 'complaint';
export type RightsRequestStatus = 'filed' | 'acknowledged' | 'completed' | 'rejected';

export interface RightsRequestRecord {
  id: string;
  accountId: string;
  agencyId: string;
  kind: RightsRequestKind;
  /** The access event a complaint is about, if any. */
  eventId: string | null;
  /** The citizen's own words to the agency. */
  message: string;
  status: RightsRequestStatus;
  response: string | null;
  filedAt: number;
  /** filedAt + 3x24 hours (UU PDP). */
  dueAt: number;
  answeredAt: number | null;
  updatedAt: number;
}

export interface RightsRequestsRepository {
  insert(record: RightsRequestRecord): Promise<void>;
  get(id: string): Promise<RightsRequestRecord | undefined>;
  listForAccount(accountId: string, limit: number): Promise<RightsRequestRecord[]>;
  listForAgency(agencyId: string, limit: number): Promise<RightsRequestRecord[]>;
  /** Moves a request from one of `from` to `status`; false when it was no longer in one of them. */
  transition(
    id: string,
    from: RightsRequestStatus[],
    change: { status: RightsRequestStatus; response: string | null; answeredAt: number | null; updatedAt: number },
  ): Promise<boolean>;
}

type Raw = Database['rights_requests'];
const fromRaw = (r: Raw): RightsRequestRecord => ({
  id: r.id,
  accountId: r.account_id,
  agencyId: r.agency_id,
  kind: r.kind as RightsRequestKind,
  eventId: r.event_id,
  message: r.message,
  status: r.status as RightsRequestStatus,
  response: r.response,
  filedAt: Number(r.filed_at),
  dueAt: Number(r.due_at),
  answeredAt: r.answered_at === null ? null : Number(r.answered_at),
  updatedAt: Number(r.updated_at),
});

export function rightsRequestsRepository(db: Kysely<Database>): RightsRequestsRepository {
  return {
    async insert(r) {
      await db
        .insertInto('rights_requests')
        .values({
          id: r.id,
          account_id: r.accountId,
          agency_id: r.agencyId,
          kind: r.kind,
          event_id: r.eventId,
          message: r.message,
          status: r.status,
          response: r.response,
          filed_at: r.filedAt,
          due_at: r.dueAt,
          answered_at: r.answeredAt,
          updated_at: r.updatedAt,
        })
        .execute();
    },
    async get(id) {
      const row = await db.selectFrom('rights_requests').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRaw(row) : undefined;
    },
    async listForAccount(accountId, limit) {
      const rows = await db.selectFrom('rights_requests').selectAll().where('account_id', '=', accountId).orderBy('filed_at', 'desc').limit(limit).execute();
      return rows.map(fromRaw);
    },
    async listForAgency(agencyId, limit) {
      const rows = await db.selectFrom('rights_requests').selectAll().where('agency_id', '=', agencyId).orderBy('filed_at', 'desc').limit(limit).execute();
      return rows.map(fromRaw);
    },
    async transition(id, from, change) {
      const result = await db
        .updateTable('rights_requests')
        .set({ status: change.status, response: change.response, answered_at: change.answeredAt, updated_at: change.updatedAt })
        .where('id', '=', id)
        .where('status', 'in', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
