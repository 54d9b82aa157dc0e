// Feedback repository: citizens' ratings and comments on a service, listed for the agency without the account, and
// aggregated for the public transparency page.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** What the feedback is about: one access (shared, checked or used in the back office), an answered rights request, or the agency as a whole. */
export type FeedbackSubject = 'presentation' | 'verification' | 'backoffice_access' | 'rights_answer' | 'suggestion';

export interface FeedbackRecord {
  id: string;
  accountId: string;
  agencyId: string;
  purposeCode: string | null;
  subject: FeedbackSubject;
  /** The access event (or rights request) rated; null for a suggestion. At most one feedback per event. */
  eventId: string | null;
  /** 1 to 5; null when only a comment was given. */
  rating: number | null;
  comment: string | null;
  /** ms since the epoch */
  createdAt: number;
}

export interface FeedbackTally {
  agencyId: string;
  purposeCode: string | null;
  /** How many ratings (comments without a rating are not counted). */
  count: number;
  sum: number;
}

export interface FeedbackRepository {
  /** False when feedback on that event exists already. */
  insert(record: FeedbackRecord): Promise<boolean>;
  get(id: string): Promise<FeedbackRecord | undefined>;
  /** Newest first; `after` is the last row of the previous page (keyset on time, then id). */
  listForAgency(agencyId: string, page: { after?: { createdAt: number; id: string }; limit: number }): Promise<FeedbackRecord[]>;
  listForAccount(accountId: string, limit: number): Promise<FeedbackRecord[]>;
  /** Ratings given since `since` (ms), counted and summed per agency and purpose: no row-level data. */
  tallySince(since: number): Promise<FeedbackTally[]>;
}

type Raw = Database['feedback'];
const fromRaw = (r: Raw): FeedbackRecord => ({
  id: r.id,
  accountId: r.account_id,
  agencyId: r.agency_id,
  purposeCode: r.purpose_code,
  subject: r.subject as FeedbackSubject,
  eventId: r.event_id,
  rating: r.rating === null ? null : Number(r.rating),
  comment: r.comment,
  createdAt: Number(r.created_at),
});

export function feedbackRepository(db: Kysely<Database>): FeedbackRepository {
  return {
    async insert(f) {
      const result = await db
        .insertInto('feedback')
        .values({
          id: f.id,
          account_id: f.accountId,
          agency_id: f.agencyId,
          purpose_code: f.purposeCode,
          subject: f.subject,
          event_id: f.eventId,
          rating: f.rating,
          comment: f.comment,
          created_at: f.createdAt,
        })
        .onConflict((oc) => oc.column('event_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async listForAgency(agencyId, page) {
      let q = db.selectFrom('feedback').selectAll().where('agency_id', '=', agencyId);
      const after = page.after;
      if (after) q = q.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]));
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
      return rows.map(fromRaw);
    },
    async get(id) {
      const row = await db.selectFrom('feedback').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRaw(row) : undefined;
    },
    async listForAccount(accountId, limit) {
      const rows = await db.selectFrom('feedback').selectAll().where('account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(fromRaw);
    },
    async tallySince(since) {
      const rows = await db
        .selectFrom('feedback')
        .select(['agency_id', 'purpose_code', (eb) => eb.fn.count<number>('rating').as('count'), (eb) => eb.fn.sum<number>('rating').as('sum')])
        .where('created_at', '>=', since)
        .where('rating', 'is not', null)
        .groupBy(['agency_id', 'purpose_code'])
        .execute();
      return rows.map((r) => ({ agencyId: r.agency_id, purposeCode: r.purpose_code, count: Number(r.count), sum: Number(r.sum ?? 0) }));
    },
  };
}
