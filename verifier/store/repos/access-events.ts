// Access events repository: one row per log leaf, listed newest first by keyset on the leaf index.
import { sql, type Kysely } from 'kysely';
import { compiledOnce } from '../compiled-once.js';
import type { Database } from '../schema.js';
import { containsPattern, likeContains } from './like-contains.js';

export interface AccessEventRow {
  id: string;
  leafIndex: number;
  accountId: string | null;
  agencyId: string;
  kind: string;
  /** The registered purpose (or "unregistered"), for the public statistics; null for events without one. */
  purposeCode: string | null;
  occurredAt: number;
  /** base64url salt */
  salt: string;
  /** The exact committed JSON text. */
  body: string;
  /** The agency's own case or customer number for this access; kept beside the event, not in the committed text. */
  agencyRef?: string | null;
}

export interface EventPage {
  /** Only events with a smaller leaf index (the previous page's last index). */
  beforeIndex?: number;
  limit: number;
  /** Only events whose agency reference contains this (case-insensitive); agency listings only. */
  ref?: string;
}

export interface AccessCount {
  agencyId: string;
  purposeCode: string | null;
  /** Days since the epoch (UTC). */
  day: number;
  count: number;
}

export interface AccessEventsRepository {
  /** Counts of events since `since` (seconds), grouped by agency, purpose and UTC day: no row-level data. */
  countsSince(since: number, kinds: string[]): Promise<AccessCount[]>;
  insert(row: AccessEventRow): Promise<void>;
  get(id: string): Promise<AccessEventRow | undefined>;
  listForAccount(accountId: string, page: EventPage): Promise<AccessEventRow[]>;
  listForAgency(agencyId: string, page: EventPage): Promise<AccessEventRow[]>;
  /** The distinct agency references on the agency's events about the account. */
  refsForAccount(agencyId: string, accountId: string): Promise<string[]>;
}

type Raw = Database['access_events'];
const fromRaw = (r: Raw): AccessEventRow => ({
  id: r.id,
  leafIndex: Number(r.leaf_index),
  accountId: r.account_id,
  agencyId: r.agency_id,
  kind: r.kind,
  purposeCode: r.purpose_code,
  occurredAt: Number(r.occurred_at),
  salt: r.salt,
  body: r.body,
  ...(r.agency_ref === null ? {} : { agencyRef: r.agency_ref }),
});

/** The table row for an event (also written by the log repository, in the same statement as a batch's leaves). */
export const accessEventRaw = (r: AccessEventRow): Raw => ({
  id: r.id,
  leaf_index: r.leafIndex,
  account_id: r.accountId,
  agency_id: r.agencyId,
  kind: r.kind,
  purpose_code: r.purposeCode,
  occurred_at: r.occurredAt,
  salt: r.salt,
  body: r.body,
  agency_ref: r.agencyRef ?? null,
});

// Every logged access inserts one: compiled once (see compiled-once.ts).
const insertEvent = compiledOnce(
  (
    db: Kysely<Database>,
    id: string,
    leafIndex: number,
    accountId: string | null,
    agencyId: string,
    kind: string,
    purposeCode: string | null,
    occurredAt: number,
    salt: string,
    body: string,
    agencyRef: string | null,
  ) =>
    db.insertInto('access_events').values({
      id,
      leaf_index: leafIndex,
      account_id: accountId,
      agency_id: agencyId,
      kind,
      purpose_code: purposeCode,
      occurred_at: occurredAt,
      salt,
      body,
      agency_ref: agencyRef,
    }),
);

export function accessEventsRepository(db: Kysely<Database>): AccessEventsRepository {
  const list = async (column: 'account_id' | 'agency_id', value: string, page: EventPage) => {
    let q = db.selectFrom('access_events').selectAll().where(column, '=', value);
    if (page.beforeIndex !== undefined) q = q.where('leaf_index', '<', page.beforeIndex);
    if (page.ref !== undefined) q = q.where(likeContains('agency_ref', containsPattern(page.ref)));
    const rows = await q.orderBy('leaf_index', 'desc').limit(page.limit).execute();
    return rows.map(fromRaw);
  };
  return {
    async countsSince(since, kinds) {
      const day = sql<number>`floor(${sql.ref('occurred_at')} / 86400)`;
      const rows = await db
        .selectFrom('access_events')
        .select(['agency_id', 'purpose_code', day.as('day'), (eb) => eb.fn.countAll<number>().as('count')])
        .where('occurred_at', '>=', since)
        .where('kind', 'in', kinds)
        .groupBy(['agency_id', 'purpose_code', day])
        .execute();
      return rows.map((r) => ({ agencyId: r.agency_id, purposeCode: r.purpose_code, day: Number(r.day), count: Number(r.count) }));
    },
    async insert(row) {
      await insertEvent(db, row.id, row.leafIndex, row.accountId, row.agencyId, row.kind, row.purposeCode, row.occurredAt, row.salt, row.body, row.agencyRef ?? null);
    },
    async get(id) {
      const row = await db.selectFrom('access_events').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRaw(row) : undefined;
    },
    listForAccount: (accountId, page) => list('account_id', accountId, page),
    listForAgency: (agencyId, page) => list('agency_id', agencyId, page),
    async refsForAccount(agencyId, accountId) {
      const rows = await db
        .selectFrom('access_events')
        .select('agency_ref')
        .distinct()
        .where('agency_id', '=', agencyId)
        .where('account_id', '=', accountId)
        .where('agency_ref', 'is not', null)
        .orderBy('agency_ref')
        .execute();
      return rows.map((r) => r.agency_ref!);
    },
  };
}
