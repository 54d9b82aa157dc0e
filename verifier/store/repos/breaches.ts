// Breach reports repository: what an agency reported, and which reports concern a citizen — found from the access log
// at read time, so a citizen whose earlier accesses are attached later (a proved holder key) is warned too.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface BreachReportRecord {
  id: string;
  agencyId: string;
  filedBy: 'agency' | 'operator';
  /** Claim names of the data concerned. */
  claims: string[];
  /** The agency's purposes concerned; empty = every purpose. */
  purposeCodes: string[];
  /** ms since the epoch: accesses in [windowStart, windowEnd] are concerned. */
  windowStart: number;
  windowEnd: number;
  discoveredAt: number;
  whatHappened: string;
  actionsTaken: string;
  citizenAdvice: string;
  /** Distinct citizens with an access in the window when it was filed. */
  affectedCount: number;
  filedAt: number;
}

export interface BreachWindow {
  agencyId: string;
  windowStart: number;
  windowEnd: number;
  purposeCodes: string[];
}

export interface BreachReportsRepository {
  insert(record: BreachReportRecord): Promise<void>;
  get(id: string): Promise<BreachReportRecord | undefined>;
  /** Newest first; every agency when agencyId is undefined. */
  list(page: { agencyId?: string; limit: number }): Promise<BreachReportRecord[]>;
  /** Distinct accounts with an access by the agency in the window (for the purposes, when any). */
  countAffected(window: BreachWindow): Promise<number>;
  /** The reports whose window holds an access to this account's data, newest first. */
  forAccount(accountId: string, limit: number): Promise<BreachReportRecord[]>;
}

type Raw = Database['breach_reports'];
const fromRaw = (r: Raw): BreachReportRecord => ({
  id: r.id,
  agencyId: r.agency_id,
  filedBy: r.filed_by as BreachReportRecord['filedBy'],
  claims: JSON.parse(r.claims) as string[],
  purposeCodes: JSON.parse(r.purpose_codes) as string[],
  windowStart: Number(r.window_start),
  windowEnd: Number(r.window_end),
  discoveredAt: Number(r.discovered_at),
  whatHappened: r.what_happened,
  actionsTaken: r.actions_taken,
  citizenAdvice: r.citizen_advice,
  affectedCount: Number(r.affected_count),
  filedAt: Number(r.filed_at),
});

// Access events keep their time in seconds; reports in milliseconds.
const seconds = (ms: number) => Math.floor(ms / 1000);

export function breachReportsRepository(db: Kysely<Database>): BreachReportsRepository {
  return {
    async insert(b) {
      await db
        .insertInto('breach_reports')
        .values({
          id: b.id,
          agency_id: b.agencyId,
          filed_by: b.filedBy,
          claims: JSON.stringify(b.claims),
          purpose_codes: JSON.stringify(b.purposeCodes),
          window_start: b.windowStart,
          window_end: b.windowEnd,
          discovered_at: b.discoveredAt,
          what_happened: b.whatHappened,
          actions_taken: b.actionsTaken,
          citizen_advice: b.citizenAdvice,
          affected_count: b.affectedCount,
          filed_at: b.filedAt,
        })
        .execute();
    },
    async get(id) {
      const row = await db.selectFrom('breach_reports').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRaw(row) : undefined;
    },
    async list(page) {
      let q = db.selectFrom('breach_reports').selectAll();
      if (page.agencyId !== undefined) q = q.where('agency_id', '=', page.agencyId);
      const rows = await q.orderBy('filed_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
      return rows.map(fromRaw);
    },
    async countAffected(w) {
      let q = db
        .selectFrom('access_events')
        .select(sql<number>`count(distinct ${sql.ref('account_id')})`.as('n'))
        .where('agency_id', '=', w.agencyId)
        .where('account_id', 'is not', null)
        .where('occurred_at', '>=', seconds(w.windowStart))
        .where('occurred_at', '<=', seconds(w.windowEnd));
      if (w.purposeCodes.length > 0) q = q.where('purpose_code', 'in', w.purposeCodes);
      const row = await q.executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async forAccount(accountId, limit) {
      // Candidates first (an access by that agency in the window, any purpose): reports are few, a citizen's accesses
      // are few, and the purposes filter is a JSON array that neither engine indexes the same way.
      const rows = await db
        .selectFrom('breach_reports as b')
        .selectAll('b')
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('access_events as e')
              .select('e.id')
              .where('e.account_id', '=', accountId)
              .whereRef('e.agency_id', '=', 'b.agency_id')
              .where(sql<boolean>`${sql.ref('e.occurred_at')} >= ${sql.ref('b.window_start')} / 1000`)
              .where(sql<boolean>`${sql.ref('e.occurred_at')} <= ${sql.ref('b.window_end')} / 1000`),
          ),
        )
        .orderBy('b.filed_at', 'desc')
        .limit(limit)
        .execute();
      const out: BreachReportRecord[] = [];
      for (const report of rows.map(fromRaw)) {
        if (report.purposeCodes.length === 0) {
          out.push(report);
          continue;
        }
        const hit = await db
          .selectFrom('access_events')
          .select('id')
          .where('account_id', '=', accountId)
          .where('agency_id', '=', report.agencyId)
          .where('purpose_code', 'in', report.purposeCodes)
          .where('occurred_at', '>=', seconds(report.windowStart))
          .where('occurred_at', '<=', seconds(report.windowEnd))
          .limit(1)
          .executeTakeFirst();
        if (hit) out.push(report);
      }
      return out;
    },
  };
}
