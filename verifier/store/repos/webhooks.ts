// Agency webhook endpoints and the delivery queue. Claiming a due delivery is a compare-and-set on next_attempt_at, so
// several service instances sharing one database never send the same attempt twice; every outcome clears the sealed
// values unless the delivery will be retried.
import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhookDeliveriesTable } from '../schema.js';

export interface AgencyWebhookRecord {
  agencyId: string;
  url: string;
  /** The signing secret, sealed under the KEK ('webhook-secret'). */
  secretSealed: string;
  createdAt: number;
  updatedAt: number;
}

export interface AgencyWebhooksRepository {
  /** Registers or replaces the agency's endpoint (a new secret each time). */
  put(record: AgencyWebhookRecord): Promise<void>;
  get(agencyId: string): Promise<AgencyWebhookRecord | undefined>;
  delete(agencyId: string): Promise<boolean>;
}

export interface WebhookDeliveryRecord {
  /** The id of the event that caused it: the Webhook-Id the agency deduplicates on. */
  id: string;
  agencyId: string;
  type: string;
  /** The JSON body without claim values. */
  payload: string;
  /** A presentation result's disclosed values, sealed under the KEK, until delivered or expired. */
  sealed: string | null;
  attempts: number;
  /** Null once the delivery is finished (delivered or given up). */
  nextAttemptAt: number | null;
  deliveredAt: number | null;
  /** When the service gave up (410 Gone, no endpoint, or the retry window passed). */
  endedAt: number | null;
  lastError: string | null;
  createdAt: number;
  /** No attempt after this; undelivered sealed values are deleted then. */
  expiresAt: number;
}

export type NewWebhookDelivery = Pick<WebhookDeliveryRecord, 'id' | 'agencyId' | 'type' | 'payload' | 'sealed' | 'createdAt' | 'expiresAt'>;

export interface WebhookDeliveriesRepository {
  /** False when a delivery with this id exists already (idempotent by event id). */
  enqueue(delivery: NewWebhookDelivery): Promise<boolean>;
  get(id: string): Promise<WebhookDeliveryRecord | undefined>;
  /** Unfinished deliveries whose next attempt is due at `now`, oldest first. */
  due(now: number, limit: number): Promise<WebhookDeliveryRecord[]>;
  /** Takes a due delivery for one attempt by moving its next attempt to `leaseUntil`; true for the caller that won. */
  claim(id: string, expectedNextAttemptAt: number, leaseUntil: number): Promise<boolean>;
  markDelivered(id: string, at: number, attempts: number): Promise<void>;
  markRetry(id: string, attempts: number, nextAttemptAt: number, error: string): Promise<void>;
  markEnded(id: string, at: number, attempts: number, error: string): Promise<void>;
  /** Ends every unfinished delivery past its expiry (dropping sealed values); returns how many. */
  expire(now: number): Promise<number>;
  /** Newest first. */
  listForAgency(agencyId: string, limit: number): Promise<WebhookDeliveryRecord[]>;
}

const nullableNumber = (v: number | null) => (v === null ? null : Number(v));

const toDelivery = (r: Selectable<WebhookDeliveriesTable>): WebhookDeliveryRecord => ({
  id: r.id,
  agencyId: r.agency_id,
  type: r.type,
  payload: r.payload,
  sealed: r.sealed,
  attempts: Number(r.attempts),
  nextAttemptAt: nullableNumber(r.next_attempt_at),
  deliveredAt: nullableNumber(r.delivered_at),
  endedAt: nullableNumber(r.ended_at),
  lastError: r.last_error,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
});

export function agencyWebhooksRepository(db: Kysely<Database>): AgencyWebhooksRepository {
  return {
    async put(r) {
      await db
        .insertInto('agency_webhooks')
        .values({ agency_id: r.agencyId, url: r.url, secret_sealed: r.secretSealed, created_at: r.createdAt, updated_at: r.updatedAt })
        .onConflict((oc) => oc.column('agency_id').doUpdateSet({ url: r.url, secret_sealed: r.secretSealed, updated_at: r.updatedAt }))
        .execute();
    },
    async get(agencyId) {
      const r = await db.selectFrom('agency_webhooks').selectAll().where('agency_id', '=', agencyId).executeTakeFirst();
      return r
        ? { agencyId: r.agency_id, url: r.url, secretSealed: r.secret_sealed, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) }
        : undefined;
    },
    async delete(agencyId) {
      const r = await db.deleteFrom('agency_webhooks').where('agency_id', '=', agencyId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}

export function webhookDeliveriesRepository(db: Kysely<Database>): WebhookDeliveriesRepository {
  return {
    async enqueue(d) {
      const r = await db
        .insertInto('webhook_deliveries')
        .values({
          id: d.id,
          agency_id: d.agencyId,
          type: d.type,
          payload: d.payload,
          sealed: d.sealed,
          attempts: 0,
          next_attempt_at: d.createdAt,
          delivered_at: null,
          ended_at: null,
          last_error: null,
          created_at: d.createdAt,
          expires_at: d.expiresAt,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async get(id) {
      const r = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toDelivery(r) : undefined;
    },
    async due(now, limit) {
      const rows = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at', 'asc')
        .orderBy('id', 'asc')
        .limit(limit)
        .execute();
      return rows.map(toDelivery);
    },
    async claim(id, expected, leaseUntil) {
      const r = await db
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: leaseUntil })
        .where('id', '=', id)
        .where('next_attempt_at', '=', expected)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async markDelivered(id, at, attempts) {
      await db
        .updateTable('webhook_deliveries')
        .set({ delivered_at: at, next_attempt_at: null, sealed: null, attempts, last_error: null })
        .where('id', '=', id)
        .execute();
    },
    async markRetry(id, attempts, nextAttemptAt, error) {
      await db.updateTable('webhook_deliveries').set({ attempts, next_attempt_at: nextAttemptAt, last_error: error }).where('id', '=', id).execute();
    },
    async markEnded(id, at, attempts, error) {
      await db
        .updateTable('webhook_deliveries')
        .set({ ended_at: at, next_attempt_at: null, sealed: null, attempts, last_error: error })
        .where('id', '=', id)
        .execute();
    },
    async expire(now) {
      const r = await db
        .updateTable('webhook_deliveries')
        .set({ ended_at: now, next_attempt_at: null, sealed: null, last_error: 'expired before delivery' })
        .where('delivered_at', 'is', null)
        .where('ended_at', 'is', null)
        .where('expires_at', '<=', now)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async listForAgency(agencyId, limit) {
      const rows = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('agency_id', '=', agencyId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toDelivery);
    },
  };
}
