// Presentation requests repository: answering is single use (a conditional UPDATE on `status = 'pending'` whose
// affected-row count decides), and so is reading the sealed result (cleared by the read that wins).
import type { Kysely, Selectable } from 'kysely';
import type { Database, PresentationRequestsTable } from '../schema.js';

export type PresentationRequestStatus = 'pending' | 'shared' | 'declined';
export type ResponseMode = 'poll' | 'webhook';

export interface PresentationRequestRecord {
  id: string;
  agencyId: string;
  purposeCode: string;
  /** The DCQL query as JSON text. */
  dcql: string;
  nonce: string;
  state: string;
  responseMode: ResponseMode;
  retentionDays: number;
  status: PresentationRequestStatus;
  createdAt: number;
  expiresAt: number;
  answeredAt: number | null;
  consentRecordId: string | null;
  /** The access event recorded with the answer (its receipt is computed on read, against the newest checkpoint). */
  accessEventId: string | null;
  /** The disclosed values, sealed under the KEK, until the agency's first read or the TTL. */
  resultSealed: string | null;
  resultExpiresAt: number | null;
  resultReadAt: number | null;
  /** The agency's own case or customer number, carried to the access event. */
  agencyRef?: string | null;
}

export interface PresentationAnswer {
  status: Exclude<PresentationRequestStatus, 'pending'>;
  at: number;
  consentRecordId: string | null;
  accessEventId: string | null;
  resultSealed: string | null;
  resultExpiresAt: number | null;
}

export interface PresentationRequestsRepository {
  create(record: PresentationRequestRecord): Promise<void>;
  get(id: string): Promise<PresentationRequestRecord | undefined>;
  /** Single use: records the answer only if the request is still pending and unexpired at `answer.at`. */
  answer(id: string, answer: PresentationAnswer): Promise<boolean>;
  /** Single use: drops the sealed result and marks it read; true only for the caller that cleared it. */
  markResultRead(id: string, at: number): Promise<boolean>;
  /** Drops sealed results whose TTL has passed at `now`; returns how many. */
  purgeExpiredResults(now: number): Promise<number>;
}

const nullableNumber = (v: number | null) => (v === null ? null : Number(v));

function toRecord(row: Selectable<PresentationRequestsTable>): PresentationRequestRecord {
  return {
    id: row.id,
    agencyId: row.agency_id,
    purposeCode: row.purpose_code,
    dcql: row.dcql,
    nonce: row.nonce,
    state: row.state,
    responseMode: row.response_mode as ResponseMode,
    retentionDays: Number(row.retention_days),
    status: row.status as PresentationRequestStatus,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    answeredAt: nullableNumber(row.answered_at),
    consentRecordId: row.consent_record_id,
    accessEventId: row.access_event_id,
    resultSealed: row.result_sealed,
    resultExpiresAt: nullableNumber(row.result_expires_at),
    resultReadAt: nullableNumber(row.result_read_at),
    ...(row.agency_ref === null ? {} : { agencyRef: row.agency_ref }),
  };
}

export function presentationRequestsRepository(db: Kysely<Database>): PresentationRequestsRepository {
  return {
    async create(r) {
      await db
        .insertInto('presentation_requests')
        .values({
          id: r.id,
          agency_id: r.agencyId,
          purpose_code: r.purposeCode,
          dcql: r.dcql,
          nonce: r.nonce,
          state: r.state,
          response_mode: r.responseMode,
          retention_days: r.retentionDays,
          status: r.status,
          created_at: r.createdAt,
          expires_at: r.expiresAt,
          answered_at: r.answeredAt,
          consent_record_id: r.consentRecordId,
          access_event_id: r.accessEventId,
          result_sealed: r.resultSealed,
          result_expires_at: r.resultExpiresAt,
          result_read_at: r.resultReadAt,
          agency_ref: r.agencyRef ?? null,
        })
        .execute();
    },
    async get(id) {
      const row = await db.selectFrom('presentation_requests').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async answer(id, a) {
      const result = await db
        .updateTable('presentation_requests')
        .set({
          status: a.status,
          answered_at: a.at,
          consent_record_id: a.consentRecordId,
          access_event_id: a.accessEventId,
          result_sealed: a.resultSealed,
          result_expires_at: a.resultExpiresAt,
        })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where('expires_at', '>', a.at)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async markResultRead(id, at) {
      const result = await db
        .updateTable('presentation_requests')
        .set({ result_sealed: null, result_read_at: at })
        .where('id', '=', id)
        .where('result_sealed', 'is not', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async purgeExpiredResults(now) {
      const result = await db
        .updateTable('presentation_requests')
        .set({ result_sealed: null })
        .where('result_sealed', 'is not', null)
        .where('result_expires_at', '<=', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
