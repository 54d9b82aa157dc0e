// What the wallet remembers about the access log between visits. In the `log` store, in clear (public data): the log
// key pinned on first use and the last checkpoint that passed every check. In `meta`, sealed under the vault key: the
// last listing of the citizen's own events with their check results, so the screen still works offline.
import { walletDb } from './db.js';
import type { EventCheck, ListedEvent, LogAlarmCode, TrustedCheckpoint } from './log-verify.js';
import { open, seal } from './vault.js';

const PINNED_KEY = 'verifierKey';
const LAST_CHECKPOINT = 'checkpoint';
const CACHE_KEY = 'activityCache';

export interface LogTrust {
  verifierKey?: string;
  checkpoint?: TrustedCheckpoint;
}

export async function readLogTrust(): Promise<LogTrust> {
  const db = await walletDb();
  const [verifierKey, checkpoint] = await Promise.all([db.get('log', PINNED_KEY), db.get('log', LAST_CHECKPOINT)]);
  return {
    ...(typeof verifierKey === 'string' ? { verifierKey } : {}),
    ...(checkpoint ? { checkpoint: checkpoint as TrustedCheckpoint } : {}),
  };
}

/**
 * Pins the key verifyListing settled on (the first one seen, or the successor a signed rotation led to) and keeps
 * the newly verified checkpoint; never replaces a larger one with a smaller.
 */
export async function writeLogTrust(verifierKey: string, checkpoint: TrustedCheckpoint): Promise<void> {
  const tx = (await walletDb()).transaction('log', 'readwrite');
  const store = tx.objectStore('log');
  const current = (await store.get(LAST_CHECKPOINT)) as TrustedCheckpoint | undefined;
  if ((await store.get(PINNED_KEY)) !== verifierKey) await store.put(verifierKey, PINNED_KEY);
  if (!current || checkpoint.size >= current.size) await store.put(checkpoint, LAST_CHECKPOINT);
  await tx.done;
}

/** The last listing as the screen showed it (sealed: who read the citizen's data is personal). */
export interface ActivityCache {
  events: { event: ListedEvent; check: EventCheck }[];
  next: number | null;
  logAlarm: LogAlarmCode | null;
  fetchedAt: number;
}

export async function readActivityCache(): Promise<ActivityCache | undefined> {
  const sealed = (await (await walletDb()).get('meta', CACHE_KEY)) as Parameters<typeof open>[0] | undefined;
  return sealed ? open<ActivityCache>(sealed) : undefined;
}

export async function writeActivityCache(cache: ActivityCache): Promise<void> {
  await (await walletDb()).put('meta', await seal(cache), CACHE_KEY);
}
