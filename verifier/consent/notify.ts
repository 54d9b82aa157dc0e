// The consent change as an access event and as the agency's webhook, written in one transaction with the row update.
import type { ConsentState } from '../../shared/consent/record.js';
import { recordAccessEvent, type RecordedEvent } from '../access/record.js';
import { AppError } from '../errors.js';
import type { ConsentRow } from '../store/repos/consents.js';
import { enqueueWebhook } from '../webhooks/enqueue.js';
import { ACTION_DEADLINE_MS, type ConsentDeps } from './deps.js';

export type ChangedState = Extract<ConsentState, 'withdrawn' | 'paused' | 'active' | 'expired'>;

const eventKind = { withdrawn: 'consent_withdrawn', paused: 'consent_paused', active: 'consent_resumed', expired: 'consent_expired' } as const;
const webhookType = { withdrawn: 'consent.withdrawn', paused: 'consent.paused', active: 'consent.resumed', expired: 'consent.expired' } as const;

export interface AppliedChange {
  recorded: RecordedEvent;
  at: number;
  actionDueAt: number;
}

/**
 * Records the event, moves the row (compare-and-set on its current state and record) and queues the webhook, all or
 * nothing. `record` is the citizen's new signed record; null for the service's own expiry.
 */
export async function applyConsentChange(
  deps: ConsentDeps,
  row: ConsentRow,
  change: { state: ChangedState; record: { id: string; jws: string } | null },
): Promise<AppliedChange> {
  const at = deps.now();
  const actionDueAt = at + ACTION_DEADLINE_MS;
  const agency = await deps.store.agencies.get(row.agencyId);
  const purpose = await deps.store.purposes.get(row.agencyId, row.purposeCode);
  const recordId = change.record?.id ?? row.currentRecordId;
  // The agency's reference of the request the consent came from, so the officer sees whose consent changed.
  const agencyRef = row.requestId ? ((await deps.store.presentationRequests.get(row.requestId))?.agencyRef ?? null) : null;
  const recorded = await recordAccessEvent(
    { log: deps.log, now: deps.now },
    {
      kind: eventKind[change.state],
      accountId: row.accountId,
      agencyRef,
      agency: { id: row.agencyId, name: agency?.legalName ?? row.agencyId },
      subject: { holderKeyThumbprint: row.holderThumbprint },
      purpose: purpose ? { code: purpose.code, description: purpose.description } : { code: row.purposeCode },
      ...(purpose ? { legalBasis: purpose.legalBasis } : {}),
      consentRecordId: recordId,
      ...(row.requestId ? { requestId: row.requestId } : {}),
      details: { consentId: row.id, actionDueAt: new Date(actionDueAt).toISOString() },
    },
    {
      write: async (tx, leafIndex, eventId) => {
        const moved = await tx.consents.applyChange(row.id, {
          from: { state: row.state, recordId: row.currentRecordId },
          state: change.state,
          at,
          record: change.record,
          actionDueAt,
          accessEventId: eventId,
        });
        // Throwing rolls the event back with it: a change is logged exactly when it is applied.
        if (!moved) throw new AppError('consent_chain_mismatch', { detail: 'The consent changed meanwhile; fetch it again and sign against its current record.' });
        await enqueueWebhook(tx, {
          id: eventId,
          agencyId: row.agencyId,
          type: webhookType[change.state],
          at,
          data: {
            consentId: row.id,
            recordId,
            requestId: row.requestId,
            purposeCode: row.purposeCode,
            holderKeyThumbprint: row.holderThumbprint,
            previousState: row.state,
            state: change.state,
            changedAt: new Date(at).toISOString(),
            actionDueAt: new Date(actionDueAt).toISOString(),
            eventId,
            leafIndex,
          },
        });
      },
    },
  );
  return { recorded, at, actionDueAt };
}
