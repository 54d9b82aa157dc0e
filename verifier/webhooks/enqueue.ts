// Enqueuing a webhook inside the caller's transaction (the same one as the state change that causes it), so a change
// is never committed without its notification nor a notification sent for a change that rolled back. The body follows
// the Standard Webhooks payload shape: { type, timestamp, data }.
import type { Sealer } from '../registry/sealer.js';
import type { StoreView } from '../registry/context.js';

export type WebhookType =
  | 'consent.withdrawn'
  | 'consent.paused'
  | 'consent.resumed'
  | 'consent.expired'
  | 'presentation.result'
  | 'credential.rebound'
  | 'credential.reissue_requested'
  | 'credential.suspended'
  | 'account.device_lost'
  | 'account.deleted';

/** Notifications are retried for a day; disclosed values wait at most an hour for their delivery. */
export const NOTIFICATION_TTL_MS = 24 * 3600 * 1000;
export const RESULT_VALUES_TTL_MS = 3600 * 1000;

export interface WebhookPayload {
  type: WebhookType;
  /** ISO 8601, when the event happened. */
  timestamp: string;
  data: Record<string, unknown>;
}

export const sealedAadOf = (deliveryId: string) => `webhook-delivery:${deliveryId}`;

/**
 * Queues a delivery with id = the causing event's id. Returns false when the agency has no webhook registered (nothing
 * is queued: the agency learns of the change from its listings instead) or when this id was queued already.
 */
export async function enqueueWebhook(
  tx: StoreView,
  delivery: {
    id: string;
    agencyId: string;
    type: WebhookType;
    at: number;
    data: Record<string, unknown>;
    /** Disclosed values (presentation results only): sealed with the delivery id as associated data. */
    values?: { sealer: Sealer; plaintext: string };
  },
): Promise<boolean> {
  if (!(await tx.agencyWebhooks.get(delivery.agencyId))) return false;
  const payload: WebhookPayload = { type: delivery.type, timestamp: new Date(delivery.at).toISOString(), data: delivery.data };
  return tx.webhookDeliveries.enqueue({
    id: delivery.id,
    agencyId: delivery.agencyId,
    type: delivery.type,
    payload: JSON.stringify(payload),
    sealed: delivery.values ? delivery.values.sealer.seal('webhook-result', sealedAadOf(delivery.id), delivery.values.plaintext) : null,
    createdAt: delivery.at,
    expiresAt: delivery.at + (delivery.values ? RESULT_VALUES_TTL_MS : NOTIFICATION_TTL_MS),
  });
}
