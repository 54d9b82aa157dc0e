// Comparing the service's access log with the wallet's own record of what it presented, and reading consent states
// out of the log. Pure functions over parsed events, so the rules are tested apart from the screen.
import type { AccessEventBody } from '../../../shared/merkle/event.js';
import type { PresentationRecord } from '../state/presentation-records.js';

export interface LoggedEvent {
  eventId: string;
  leafIndex: number;
  /** Seconds since the epoch. */
  occurredAt: number;
  body: AccessEventBody;
}

/**
 * How an event relates to what this wallet did:
 * - `presented`: the wallet's own record of this presentation matches it;
 * - `backoffice`: an agency declared reading the data from its own systems (expected; never presented by a wallet);
 * - `direct`: an agency checked a card shown to it outside this app (`POST /v1/verify`);
 * - `other_wallet`: made with a card the citizen later moved here from another wallet (its holder key), before the move;
 * - `not_presented`: a presentation this wallet has no record of (another device, or misuse);
 * - `other`: consent and rights events, which are not presentations.
 */
export type Origin = 'presented' | 'backoffice' | 'direct' | 'other_wallet' | 'not_presented' | 'other';

const PRESENTATION_KINDS = new Set(['presentation_shared', 'presentation_declined']);

function matches(record: PresentationRecord, event: LoggedEvent): boolean {
  if (record.receipt) return record.receipt.eventId === event.eventId;
  return event.body.requestId !== undefined && record.requestId === event.body.requestId;
}

/** `movedKeys`: thumbprints of the holder keys of cards moved here from another wallet. */
export function originOf(event: LoggedEvent, records: PresentationRecord[], movedKeys: ReadonlySet<string> = new Set()): Origin {
  const kind = event.body.kind;
  if (kind === 'backoffice_access') return 'backoffice';
  if (kind === 'direct_verification') return 'direct';
  if (!PRESENTATION_KINDS.has(kind)) return 'other';
  if (records.some((r) => matches(r, event))) return 'presented';
  const key = event.body.subject.holderKeyThumbprint;
  return key !== undefined && movedKeys.has(key) ? 'other_wallet' : 'not_presented';
}

/** How far down the log the loaded pages reach: all of it, or back to the oldest event loaded. */
export interface Coverage {
  complete: boolean;
  oldestLeafIndex: number | null;
  /** Seconds since the epoch. */
  oldestOccurredAt: number | null;
}

/**
 * Presentations the wallet made that the service's log does not show, within the part of the log loaded so far.
 * Counted: every record the service acknowledged with a receipt, and every record of claims shared (a refusal the
 * service never acknowledged may not have reached it). A receipt pointing at another position also counts.
 */
export function missingPresentations(records: PresentationRecord[], events: LoggedEvent[], coverage: Coverage): PresentationRecord[] {
  return records.filter((record) => {
    // Answers to verifiers outside Sahih never reach its log: nothing to miss there.
    if (record.outsideSahih) return false;
    if (!record.receipt && record.decision !== 'shared') return false;
    if (!covered(record, coverage)) return false;
    const found = events.find((e) => matches(record, e));
    if (!found) return true;
    return record.receipt !== undefined && record.receipt.leafIndex !== found.leafIndex;
  });
}

function covered(record: PresentationRecord, coverage: Coverage): boolean {
  if (coverage.complete) return true;
  if (record.receipt) return coverage.oldestLeafIndex !== null && record.receipt.leafIndex >= coverage.oldestLeafIndex;
  return coverage.oldestOccurredAt !== null && record.at >= coverage.oldestOccurredAt * 1000;
}

export type ConsentState = 'active' | 'paused' | 'withdrawn' | 'expired';

const CONSENT_EVENTS: Record<string, ConsentState> = {
  presentation_shared: 'active',
  consent_resumed: 'active',
  consent_paused: 'paused',
  consent_withdrawn: 'withdrawn',
  consent_expired: 'expired',
};

/**
 * consent id -> its latest state among the loaded events (the log is ordered; the highest index wins). A consent is
 * named by its first record id: the presentation carries it as `consentRecordId`, while a later change (withdraw,
 * pause, resume, expiry) signs a new record and names the consent in `details.consentId`, so the original entry
 * follows the change.
 */
export function consentStates(events: LoggedEvent[]): Map<string, ConsentState> {
  const latest = new Map<string, { index: number; state: ConsentState }>();
  for (const e of events) {
    const id = e.body.details?.consentId ?? e.body.consentRecordId;
    const state = CONSENT_EVENTS[e.body.kind];
    if (!id || !state) continue;
    const seen = latest.get(id);
    if (!seen || e.leafIndex > seen.index) latest.set(id, { index: e.leafIndex, state });
  }
  return new Map([...latest].map(([id, v]) => [id, v.state]));
}
