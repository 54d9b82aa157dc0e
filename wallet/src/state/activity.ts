// "Who used my data": the citizen's access events, page by page, each checked by the wallet itself against the log
// (lib/log-verify), reconciled with the wallet's own presentation records (lib/reconcile), filtered and grouped for
// the screen. Offline, the last listing (sealed in the vault) is shown with the results of the checks made then.
import { computed, signal } from '@preact/signals';
import type { AccessEventBody } from '../../../shared/merkle/event.js';
import { api, ApiError } from '../lib/api.js';
import { readActivityCache, readLogTrust, writeActivityCache, writeLogTrust } from '../lib/log-trust.js';
import { parseEventBody, verifyListing, type EventCheck, type ListedEvent, type LogAlarmCode, type ProofSource } from '../lib/log-verify.js';
import { consentStates, missingPresentations, originOf, type ConsentState, type LoggedEvent, type Origin } from '../lib/reconcile.js';
import { listPresentationRecords, type PresentationRecord } from './presentation-records.js';
import { credentials } from './wallet.js';

const PAGE_SIZE = 50;

interface Listing {
  events: ListedEvent[];
  next: number | null;
  checkpoint: { size: number; note: string };
}

interface LogInfo {
  origin: string;
  verifierKey: string;
  /** Rotation statements, oldest first (older services do not send them). */
  keyRotations?: string[];
}

export interface ActivityEvent {
  event: ListedEvent;
  /** The committed text, parsed; null when unreadable (then the check has failed). */
  body: AccessEventBody | null;
  check: EventCheck;
}

export type ActivityStatus = 'idle' | 'loading' | 'loading-more' | 'ready';

export const activity = signal<ActivityEvent[]>([]);
export const activityStatus = signal<ActivityStatus>('idle');
export const activityError = signal<unknown>(null);
/** `before` for the next (older) page; null when everything is loaded. */
export const nextBefore = signal<number | null>(null);
export const logAlarm = signal<LogAlarmCode | null>(null);
/** When the list shown was fetched, if it comes from the offline copy. */
export const cachedAt = signal<number | null>(null);
export const checkedSize = signal<number | null>(null);
export const presentationRecords = signal<PresentationRecord[]>([]);

export type GroupBy = 'day' | 'agency' | 'purpose';
export const agencyFilter = signal('');
export const purposeFilter = signal('');
export const groupBy = signal<GroupBy>('day');

const proofs: ProofSource = {
  inclusion: (index, size) => api(`/v1/log/proofs/inclusion?index=${index}&size=${size}`),
  consistency: (first, second) => api(`/v1/log/proofs/consistency?first=${first}&second=${second}`),
};

let generation = 0;
let logInfo: Promise<LogInfo> | undefined;

function toActivity(event: ListedEvent, check: EventCheck): ActivityEvent {
  let body: AccessEventBody | null = null;
  try {
    body = parseEventBody(event);
  } catch {
    // shown as unreadable; its check has failed with event_mismatch
  }
  return { event, body, check };
}

/** Fetches one page, checks it, and keeps the newly verified checkpoint. */
async function fetchChecked(before: number | undefined): Promise<{ items: ActivityEvent[]; next: number | null; alarm: LogAlarmCode | null }> {
  const listing = await api<Listing>(`/v1/me/access-events?limit=${PAGE_SIZE}${before === undefined ? '' : `&before=${before}`}`);
  logInfo ??= api<LogInfo>('/v1/log').catch((error: unknown) => {
    logInfo = undefined;
    throw error;
  });
  const info = await logInfo;
  const trust = await readLogTrust();
  const result = await verifyListing({
    events: listing.events,
    checkpointNote: listing.checkpoint.note,
    servedKey: info.verifierKey,
    keyRotations: info.keyRotations ?? [],
    origin: info.origin,
    pinnedKey: trust.verifierKey,
    previous: trust.checkpoint,
    source: proofs,
    now: Date.now(),
  });
  if (result.ok) {
    await writeLogTrust(result.pinnedKey, result.checkpoint);
    checkedSize.value = Math.max(checkedSize.value ?? 0, result.checkpoint.size);
  }
  const items = listing.events.map((e) => toActivity(e, result.checks.get(e.eventId) ?? { state: 'unchecked', reason: 'log' }));
  return { items, next: listing.next, alarm: result.ok ? null : result.code };
}

async function saveCache(): Promise<void> {
  await writeActivityCache({
    events: activity.value.map((a) => ({ event: a.event, check: a.check })),
    next: nextBefore.value,
    logAlarm: logAlarm.value,
    fetchedAt: Date.now(),
  }).catch(() => {});
}

async function showCache(): Promise<boolean> {
  const cache = await readActivityCache().catch(() => undefined);
  if (!cache) return false;
  activity.value = cache.events.map((c) => toActivity(c.event, c.check));
  nextBefore.value = null;
  logAlarm.value = cache.logAlarm;
  cachedAt.value = cache.fetchedAt;
  return true;
}

/** The newest page, checked; offline, the last listing kept in the vault. */
export async function loadActivity(options: { offline?: boolean } = {}): Promise<void> {
  const run = ++generation;
  activityStatus.value = 'loading';
  activityError.value = null;
  logInfo = undefined;
  try {
    presentationRecords.value = await listPresentationRecords().catch(() => []);
    if (options.offline) throw new ApiError('network', 0);
    const page = await fetchChecked(undefined);
    if (run !== generation) return;
    activity.value = page.items;
    nextBefore.value = page.next;
    logAlarm.value = page.alarm;
    cachedAt.value = null;
    await saveCache();
  } catch (error) {
    if (run !== generation) return;
    const offline = error instanceof ApiError && error.code === 'network';
    if (!(offline && (await showCache()))) activityError.value = error;
  } finally {
    if (run === generation) activityStatus.value = 'ready';
  }
}

/** The next older page ("load more"). */
export async function loadMore(): Promise<void> {
  const before = nextBefore.value;
  if (before === null || activityStatus.value !== 'ready') return;
  const run = generation;
  activityStatus.value = 'loading-more';
  activityError.value = null;
  try {
    const page = await fetchChecked(before);
    if (run !== generation) return;
    const known = new Set(activity.value.map((a) => a.event.eventId));
    activity.value = [...activity.value, ...page.items.filter((i) => !known.has(i.event.eventId))];
    nextBefore.value = page.next;
    logAlarm.value = logAlarm.value ?? page.alarm;
    await saveCache();
  } catch (error) {
    if (run === generation) activityError.value = error;
  } finally {
    if (run === generation) activityStatus.value = 'ready';
  }
}

// ---- derived views ----

const logged = computed<LoggedEvent[]>(() =>
  activity.value.flatMap((a) => (a.body ? [{ eventId: a.event.eventId, leafIndex: a.event.leafIndex, occurredAt: a.event.occurredAt, body: a.body }] : [])),
);

export const origins = computed(() => {
  const records = presentationRecords.value;
  const movedKeys = new Set((credentials.value ?? []).flatMap((c) => (c.movedFromOtherWallet ? [c.movedFromOtherWallet.keyThumbprint] : [])));
  return new Map(logged.value.map((e) => [e.eventId, originOf(e, records, movedKeys)] as [string, Origin]));
});

export const consents = computed<Map<string, ConsentState>>(() => consentStates(logged.value));

/** Presentations this wallet recorded that the loaded part of the log does not show: an alarm. */
export const missing = computed(() => {
  const events = logged.value;
  const oldest = events.reduce<LoggedEvent | null>((o, e) => (o === null || e.leafIndex < o.leafIndex ? e : o), null);
  return missingPresentations(presentationRecords.value, events, {
    // Offline, the copy may be older than a record; a missing event can only be told from a live listing.
    complete: nextBefore.value === null && cachedAt.value === null,
    oldestLeafIndex: oldest?.leafIndex ?? null,
    oldestOccurredAt: oldest?.occurredAt ?? null,
  });
});

export const failedEvents = computed(() => activity.value.filter((a) => a.check.state === 'failed'));

export interface FilterOption {
  value: string;
  /** Purpose descriptions come in both languages; the view picks one. */
  label: string | { id: string; en: string };
}

export const agencyOptions = computed<FilterOption[]>(() => {
  const seen = new Map<string, string>();
  for (const a of activity.value) if (a.body) seen.set(a.body.agency.id, a.body.agency.name);
  return [...seen].map(([value, label]) => ({ value, label })).sort((x, y) => String(x.label).localeCompare(String(y.label)));
});

export function purposeKey(body: AccessEventBody): string {
  return body.purpose ? `${body.agency.id}/${body.purpose.code}` : '';
}

export const purposeOptions = computed<FilterOption[]>(() => {
  const seen = new Map<string, FilterOption>();
  for (const a of activity.value) {
    if (!a.body?.purpose) continue;
    if (agencyFilter.value && a.body.agency.id !== agencyFilter.value) continue;
    const key = purposeKey(a.body);
    if (!seen.has(key)) seen.set(key, { value: key, label: a.body.purpose.description ?? a.body.purpose.code });
  }
  return [...seen.values()];
});

/** The events the filters let through, newest first. */
export const visible = computed(() =>
  activity.value
    .filter((a) => {
      if (!agencyFilter.value && !purposeFilter.value) return true;
      if (!a.body) return false;
      if (agencyFilter.value && a.body.agency.id !== agencyFilter.value) return false;
      return !purposeFilter.value || purposeKey(a.body) === purposeFilter.value;
    })
    .sort((x, y) => y.event.leafIndex - x.event.leafIndex),
);

export function resetFilters(): void {
  agencyFilter.value = '';
  purposeFilter.value = '';
}
