// Public transparency statistics: how many accesses each agency made, for which purpose, per day — aggregates only,
// with small counts suppressed so a rare access cannot point at a person.
import type { TransparencyStats } from '../../shared/transparency/stats.js';
import type { TransparencyLog } from '../log/transparency-log.js';
import type { AccessCount } from '../store/repos/access-events.js';
import type { Store } from '../store/types.js';
import { summarise } from '../voice/feedback.js';

export const STATS_WINDOW_DAYS = 90;
/** Counts below this are reported as null ("fewer than 5"), a common disclosure-control threshold. */
export const SUPPRESS_BELOW = 5;
/** Counting is a scan of 90 days of events: one count a minute serves every visitor. */
const DEFAULT_CACHE_MS = 60_000;
const ACCESS_KINDS = ['presentation_shared', 'direct_verification', 'backoffice_access'];

const suppress = (n: number) => (n < SUPPRESS_BELOW ? null : n);

function tally<K>(counts: AccessCount[], key: (c: AccessCount) => K): Map<K, number> {
  const out = new Map<K, number>();
  for (const c of counts) out.set(key(c), (out.get(key(c)) ?? 0) + c.count);
  return out;
}

export function createTransparencyStats(deps: { store: Store; log: TransparencyLog; now: () => number; cacheMs?: number }) {
  const cacheMs = deps.cacheMs ?? DEFAULT_CACHE_MS;
  let cached: { at: number; value: TransparencyStats } | undefined;
  return async function stats(): Promise<TransparencyStats> {
    const now = deps.now();
    if (cached && now - cached.at < cacheMs) return cached.value;
    const since = Math.floor(now / 1000) - STATS_WINDOW_DAYS * 86400;
    const counts = await deps.store.accessEvents.countsSince(since, ACCESS_KINDS);
    const byAgency = tally(counts, (c) => c.agencyId);
    const byPurpose = tally(counts, (c) => `${c.agencyId}\n${c.purposeCode ?? 'unregistered'}`);
    const byDay = tally(counts, (c) => c.day);
    const agencyName = async (id: string) => (await deps.store.agencies.get(id))?.legalName ?? id;
    const checkpoint = await deps.log.newestCheckpoint();
    const counted: Omit<TransparencyStats, 'feedback'> = {
      generatedAt: new Date(now).toISOString(),
      windowDays: STATS_WINDOW_DAYS,
      suppressBelow: SUPPRESS_BELOW,
      log: { origin: deps.log.origin, size: checkpoint.size, checkpoint: checkpoint.note },
      byAgency: await Promise.all([...byAgency].sort((a, b) => b[1] - a[1]).map(async ([agencyId, n]) => ({ agencyId, name: await agencyName(agencyId), count: suppress(n) }))),
      byPurpose: await Promise.all(
        [...byPurpose].sort((a, b) => b[1] - a[1]).map(async ([k, n]) => {
          const [agencyId, purposeCode] = k.split('\n') as [string, string];
          const purpose = await deps.store.purposes.get(agencyId, purposeCode);
          return { agencyId, purposeCode, description: purpose?.description ?? null, count: suppress(n) };
        }),
      ),
      byDay: [...byDay].sort((a, b) => a[0] - b[0]).map(([day, n]) => ({ day: new Date(day * 86400_000).toISOString().slice(0, 10), count: suppress(n) })),
    };
    const tallies = await deps.store.feedback.tallySince(now - STATS_WINDOW_DAYS * 86400_000);
    const feedback = await Promise.all(
      summarise(tallies, SUPPRESS_BELOW).map(async (f) => ({
        ...f,
        name: await agencyName(f.agencyId),
        description: f.purposeCode ? ((await deps.store.purposes.get(f.agencyId, f.purposeCode))?.description ?? null) : null,
      })),
    );
    const value: TransparencyStats = { ...counted, feedback };
    cached = { at: now, value };
    return value;
  };
}
