// Personal-data breach reports (UU PDP Pasal 46): an agency or the operator says what leaked, for which purposes and
// time window, what it did and what citizens should do; every citizen with an access in that window is warned in
// their inbox at once, and the 3x24-hour deadline from discovery is tracked in public.
import { randomUUID } from 'node:crypto';
import type { BreachReport } from '../../shared/voice/breach.js';
import { AppError } from '../errors.js';
import type { BreachReportRecord } from '../store/repos/breaches.js';
import type { Store } from '../store/types.js';

/** UU PDP Pasal 46(1): data subjects are told within 3x24 hours of the controller discovering the breach. */
export const BREACH_NOTICE_DEADLINE_MS = 3 * 24 * 3600 * 1000;
/** Clocks drift: a time a few minutes ahead of the service's is still "now". */
const FUTURE_SKEW_MS = 5 * 60_000;

export interface BreachDeps {
  store: Store;
  now: () => number;
}

export interface BreachInput {
  claims: string[];
  purposeCodes?: string[] | undefined;
  windowStart: string;
  windowEnd: string;
  discoveredAt: string;
  whatHappened: string;
  actionsTaken: string;
  citizenAdvice: string;
}

export type BreachView = BreachReport;

const iso = (ms: number) => new Date(ms).toISOString();

function requireTimes(deps: BreachDeps, input: BreachInput): { windowStart: number; windowEnd: number; discoveredAt: number } {
  const windowStart = Date.parse(input.windowStart);
  const windowEnd = Date.parse(input.windowEnd);
  const discoveredAt = Date.parse(input.discoveredAt);
  const latest = deps.now() + FUTURE_SKEW_MS;
  if (windowStart > windowEnd) throw new AppError('breach_window_invalid', { detail: 'The window starts after it ends.' });
  if (windowEnd > latest || discoveredAt > latest) throw new AppError('breach_window_invalid', { detail: 'The window and the discovery cannot be in the future.' });
  if (discoveredAt < windowStart) throw new AppError('breach_window_invalid', { detail: 'The breach cannot be discovered before its window starts.' });
  return { windowStart, windowEnd: Math.min(windowEnd, deps.now()), discoveredAt };
}

async function requirePurposes(store: Store, agencyId: string, codes: string[]): Promise<void> {
  for (const code of codes) {
    if (!(await store.purposes.get(agencyId, code))) throw new AppError('unknown_purpose', { detail: `The agency has no purpose ${code}.` });
  }
}

export async function fileBreach(deps: BreachDeps, agencyId: string, filedBy: BreachReportRecord['filedBy'], input: BreachInput): Promise<BreachView> {
  const agency = await deps.store.agencies.get(agencyId);
  if (!agency) throw new AppError('not_found', { detail: `No agency ${agencyId} in the trust registry.` });
  const times = requireTimes(deps, input);
  const purposeCodes = [...new Set(input.purposeCodes ?? [])];
  await requirePurposes(deps.store, agencyId, purposeCodes);
  const affectedCount = await deps.store.breachReports.countAffected({ agencyId, ...times, purposeCodes });
  const record: BreachReportRecord = {
    id: randomUUID(),
    agencyId,
    filedBy,
    claims: [...new Set(input.claims)],
    purposeCodes,
    ...times,
    whatHappened: input.whatHappened,
    actionsTaken: input.actionsTaken,
    citizenAdvice: input.citizenAdvice,
    affectedCount,
    filedAt: deps.now(),
  };
  await deps.store.breachReports.insert(record);
  return breachView(deps.store, record, { suppressBelow: 0 });
}

export async function breachView(store: Store, r: BreachReportRecord, opts: { suppressBelow: number }): Promise<BreachView> {
  const agency = await store.agencies.get(r.agencyId);
  const purposes = await Promise.all(r.purposeCodes.map(async (code) => ({ code, description: (await store.purposes.get(r.agencyId, code))?.description ?? null })));
  const dueAt = r.discoveredAt + BREACH_NOTICE_DEADLINE_MS;
  return {
    id: r.id,
    agency: { id: r.agencyId, name: agency?.legalName ?? r.agencyId },
    filedBy: r.filedBy,
    claims: r.claims,
    purposes,
    windowStart: iso(r.windowStart),
    windowEnd: iso(r.windowEnd),
    discoveredAt: iso(r.discoveredAt),
    noticeDueAt: iso(dueAt),
    notifiedAt: iso(r.filedAt),
    late: r.filedAt > dueAt,
    whatHappened: r.whatHappened,
    actionsTaken: r.actionsTaken,
    citizenAdvice: r.citizenAdvice,
    affectedCount: r.affectedCount < opts.suppressBelow ? null : r.affectedCount,
  };
}

export async function listBreaches(deps: BreachDeps, page: { agencyId?: string; limit: number; suppressBelow: number }): Promise<BreachView[]> {
  const rows = await deps.store.breachReports.list({ limit: page.limit, ...(page.agencyId ? { agencyId: page.agencyId } : {}) });
  return Promise.all(rows.map((r) => breachView(deps.store, r, { suppressBelow: page.suppressBelow })));
}
