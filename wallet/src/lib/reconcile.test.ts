// Reconciling the service's log with the wallet's own presentation records, and consent states read from the log.
import { describe, expect, it } from 'vitest';
import type { AccessEventBody } from '../../../shared/merkle/event.js';
import type { PresentationRecord } from '../state/presentation-records.js';
import { consentStates, missingPresentations, originOf, type LoggedEvent } from './reconcile.js';

const AT = 1_736_900_000;

function event(leafIndex: number, body: Partial<AccessEventBody>): LoggedEvent {
  const eventId = `ev-${leafIndex}`;
  return {
    eventId,
    leafIndex,
    occurredAt: AT + leafIndex,
    body: { v: 1, eventId, kind: 'presentation_shared', occurredAt: AT + leafIndex, agency: { id: 'rsud', name: 'RSUD' }, subject: {}, ...body },
  };
}

function record(over: Partial<PresentationRecord>): PresentationRecord {
  return { id: 'r', requestId: 'req', agencyId: 'rsud', agencyName: 'RSUD', purposeCode: 'p', claimNames: ['name'], decision: 'shared', at: (AT + 5) * 1000, ...over };
}

describe('originOf', () => {
  it('labels back-office reads and direct checks, matches presentations by receipt or request id, flags the rest', () => {
    const records = [record({ id: 'a', receipt: { eventId: 'ev-1', leafIndex: 1 } }), record({ id: 'b', requestId: 'req-2' })];
    expect(originOf(event(0, { kind: 'backoffice_access' }), records)).toBe('backoffice');
    expect(originOf(event(0, { kind: 'direct_verification' }), records)).toBe('direct');
    expect(originOf(event(0, { kind: 'consent_withdrawn' }), records)).toBe('other');
    expect(originOf(event(1, {}), records)).toBe('presented');
    expect(originOf(event(2, { requestId: 'req-2' }), records)).toBe('presented');
    expect(originOf(event(3, { requestId: 'req-3' }), records)).toBe('not_presented');
    // A receipt names its event: the same request id on another event is not a match.
    expect(originOf(event(4, { requestId: 'req' }), [record({ receipt: { eventId: 'ev-9', leafIndex: 9 } })])).toBe('not_presented');
  });

  it('names a presentation made with a card moved here from another wallet as such', () => {
    const moved = new Set(['tp-moved']);
    expect(originOf(event(5, { subject: { holderKeyThumbprint: 'tp-moved' } }), [], moved)).toBe('other_wallet');
    expect(originOf(event(6, { subject: { holderKeyThumbprint: 'tp-other' } }), [], moved)).toBe('not_presented');
    // Shared from this wallet after the move: its own record wins.
    expect(originOf(event(7, { requestId: 'req', subject: { holderKeyThumbprint: 'tp-moved' } }), [record({})], moved)).toBe('presented');
  });
});

describe('missingPresentations', () => {
  const full = { complete: true, oldestLeafIndex: 0, oldestOccurredAt: AT };

  it('reports a recorded presentation whose event the log does not show, or shows at another position', () => {
    const events = [event(1, {}), event(2, { requestId: 'req-2' })];
    const present = record({ id: 'a', receipt: { eventId: 'ev-1', leafIndex: 1 } });
    const moved = record({ id: 'b', receipt: { eventId: 'ev-2', leafIndex: 7 } });
    const gone = record({ id: 'c', receipt: { eventId: 'ev-5', leafIndex: 5 } });
    const noReceipt = record({ id: 'd', requestId: 'req-2' });
    const noReceiptGone = record({ id: 'e', requestId: 'req-x' });
    expect(missingPresentations([present, moved, gone, noReceipt, noReceiptGone], events, full).map((r) => r.id)).toEqual(['b', 'c', 'e']);
  });

  it('ignores refusals the service never acknowledged, and records older than the pages loaded', () => {
    const events = [event(10, {})];
    const partial = { complete: false, oldestLeafIndex: 10, oldestOccurredAt: AT + 10 };
    const refused = record({ id: 'a', decision: 'declined', requestId: 'nope' });
    const older = record({ id: 'b', receipt: { eventId: 'ev-3', leafIndex: 3 } });
    const olderNoReceipt = record({ id: 'c', requestId: 'nope', at: (AT + 2) * 1000 });
    const newer = record({ id: 'd', receipt: { eventId: 'ev-12', leafIndex: 12 } });
    expect(missingPresentations([refused, older, olderNoReceipt, newer], events, partial).map((r) => r.id)).toEqual(['d']);
  });
});

describe('consentStates', () => {
  it('takes the latest consent event per record, by log position', () => {
    const events = [
      event(5, { kind: 'consent_resumed', consentRecordId: 'c1' }),
      event(1, { consentRecordId: 'c1' }),
      event(3, { kind: 'consent_paused', consentRecordId: 'c1' }),
      event(2, { consentRecordId: 'c2' }),
      event(4, { kind: 'consent_withdrawn', consentRecordId: 'c2' }),
      event(6, { kind: 'backoffice_access', consentRecordId: 'c3' }),
    ];
    expect(Object.fromEntries(consentStates(events))).toEqual({ c1: 'active', c2: 'withdrawn' });
  });

  it('follows a change signed as a new record back to the consent it changes (details.consentId)', () => {
    const events = [event(1, { consentRecordId: 'c1' }), event(2, { kind: 'consent_withdrawn', consentRecordId: 'c1-next', details: { consentId: 'c1' } })];
    expect(consentStates(events).get('c1')).toBe('withdrawn');
    expect(consentStates(events).has('c1-next')).toBe(false);
  });
});
