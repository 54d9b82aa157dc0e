// responseMode "webhook": the result goes to the agency's registered endpoint once, in the shape of the poll read
// (GET /v1/agencies/{agencyId}/presentation-requests/{requestId}); the disclosed values travel sealed in the delivery
// row and are deleted when delivered or after RESULT_VALUES_TTL_MS. Queued in the answer's own transaction.
import type { JsonObject } from '../../shared/jose/jws.js';
import type { StoreView } from '../registry/context.js';
import type { Sealer } from '../registry/sealer.js';
import type { PresentationRequestRecord } from '../store/repos/presentation-requests.js';
import { enqueueWebhook } from '../webhooks/enqueue.js';

/** True when queued; false when the agency's endpoint went away since the request (the caller keeps the poll path). */
export async function enqueuePresentationResult(
  tx: StoreView,
  sealer: Sealer,
  r: {
    request: PresentationRequestRecord;
    status: 'shared' | 'declined';
    at: number;
    deliveryId: string;
    consentRecordId: string | null;
    event: { id: string; leafIndex: number } | null;
    values?: Record<string, JsonObject>;
  },
): Promise<boolean> {
  return enqueueWebhook(tx, {
    id: r.deliveryId,
    agencyId: r.request.agencyId,
    type: 'presentation.result',
    at: r.at,
    data: {
      requestId: r.request.id,
      status: r.status,
      purposeCode: r.request.purposeCode,
      expiresAt: new Date(r.request.expiresAt).toISOString(),
      ...(r.status === 'shared' ? { verdict: 'valid' } : {}),
      ...(r.consentRecordId ? { consentRecordId: r.consentRecordId } : {}),
      ...(r.event ? { eventId: r.event.id, leafIndex: r.event.leafIndex } : {}),
    },
    ...(r.values ? { values: { sealer, plaintext: JSON.stringify(r.values) } } : {}),
  });
}
