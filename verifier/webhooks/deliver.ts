// Delivering queued webhooks: POST the JSON body with the Standard Webhooks headers (signature.ts), 2xx = delivered,
// 410 Gone = the agency retired the endpoint (stop), anything else (or no answer) = retry with exponential backoff
// until the delivery's expiry. Disclosed values are opened only for the attempt and deleted with the outcome.
// Nothing about a payload is logged: ids, types, status codes only.
import type { Logger } from 'pino';
import { receiptFor } from '../access/record.js';
import { assertConsentUsable } from '../consent/standing.js';
import { isAppError } from '../errors.js';
import type { TransparencyLog } from '../log/transparency-log.js';
import type { Sealer } from '../registry/sealer.js';
import type { WebhookDeliveryRecord } from '../store/repos/webhooks.js';
import type { Store } from '../store/types.js';
import { openWebhookSecret } from './endpoints.js';
import { WebhookAddressBlocked } from './guarded-fetch.js';
import { sealedAadOf, type WebhookPayload } from './enqueue.js';
import { signWebhook } from './signature.js';

export interface DeliverDeps {
  store: Store;
  sealer: Sealer;
  now: () => number;
  /** The HTTP client: the service passes guardedFetch() unless private networks are allowed (WEBHOOK_ALLOW_PRIVATE_NETWORKS). */
  fetch: typeof fetch;
  /** When given, deliveries that name a log event carry its receipt against the newest checkpoint. */
  log?: TransparencyLog;
  logger?: Logger;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

export interface DeliveryRun {
  delivered: number;
  retried: number;
  ended: number;
}

const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 4 * 3600 * 1000;
/** How long a claimed attempt holds the delivery before another instance may try it. */
const LEASE_MS = 2 * 60 * 1000;

/** 30 s x 2^(n-1) after the n-th failed attempt, capped at 4 hours. */
export function backoffMs(failedAttempts: number): number {
  return Math.min(BASE_DELAY_MS * 2 ** Math.max(0, failedAttempts - 1), MAX_DELAY_MS);
}

export async function deliverDue(deps: DeliverDeps, options: { limit?: number } = {}): Promise<DeliveryRun> {
  const run: DeliveryRun = { delivered: 0, retried: 0, ended: 0 };
  run.ended += await deps.store.webhookDeliveries.expire(deps.now());
  const due = await deps.store.webhookDeliveries.due(deps.now(), options.limit ?? 50);
  for (const delivery of due) {
    if (!(await deps.store.webhookDeliveries.claim(delivery.id, delivery.nextAttemptAt!, deps.now() + LEASE_MS))) continue;
    const outcome = await attempt(deps, delivery);
    run[outcome] += 1;
  }
  return run;
}

async function attempt(deps: DeliverDeps, delivery: WebhookDeliveryRecord): Promise<keyof DeliveryRun> {
  const { store } = deps;
  const attempts = delivery.attempts + 1;
  const end = async (reason: string) => {
    await store.webhookDeliveries.markEnded(delivery.id, deps.now(), attempts, reason);
    deps.logger?.warn({ deliveryId: delivery.id, agencyId: delivery.agencyId, type: delivery.type, reason }, 'webhook delivery ended');
    return 'ended' as const;
  };
  const endpoint = await store.agencyWebhooks.get(delivery.agencyId);
  if (!endpoint) return end('no webhook registered');
  let body: string;
  try {
    body = await bodyOf(deps, delivery);
  } catch (error) {
    if (isAppError(error) && error.code === 'consent_not_active') return end('consent_not_active');
    throw error;
  }
  const timestamp = Math.floor(deps.now() / 1000);
  let error: string;
  try {
    const res = await deps.fetch(endpoint.url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Sahih-Webhooks/1',
        'webhook-id': delivery.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(openWebhookSecret(deps.sealer, endpoint), delivery.id, timestamp, body),
      },
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) {
      await store.webhookDeliveries.markDelivered(delivery.id, deps.now(), attempts);
      return 'delivered';
    }
    if (res.status === 410) return end('HTTP 410: the endpoint is gone');
    error = `HTTP ${res.status}`;
  } catch (cause) {
    // An endpoint inside the service's own network (guarded-fetch.ts) is a registration fault, not an outage.
    if (cause instanceof WebhookAddressBlocked) return end('the webhook host is not on the public internet');
    error = cause instanceof Error && cause.name === 'TimeoutError' ? 'timeout' : 'network error';
  }
  const next = deps.now() + backoffMs(attempts);
  if (next >= delivery.expiresAt) return end(`gave up after ${attempts} attempts (${error})`);
  await store.webhookDeliveries.markRetry(delivery.id, attempts, next, error);
  deps.logger?.info({ deliveryId: delivery.id, agencyId: delivery.agencyId, attempts, error }, 'webhook delivery will be retried');
  return 'retried';
}

/** The stored payload, plus the receipt and (for a presentation result) the disclosed values, opened for this attempt. */
async function bodyOf(deps: DeliverDeps, delivery: WebhookDeliveryRecord): Promise<string> {
  const payload = JSON.parse(delivery.payload) as WebhookPayload;
  const data = payload.data;
  if (deps.log && typeof data.eventId === 'string' && typeof data.leafIndex === 'number') {
    data.receipt = await receiptFor(deps.log, data.eventId, data.leafIndex);
  }
  if (delivery.sealed !== null) {
    if (typeof data.consentRecordId === 'string') await assertConsentUsable(deps.store, data.consentRecordId, deps.now());
    data.claims = JSON.parse(deps.sealer.open('webhook-result', sealedAadOf(delivery.id), delivery.sealed)) as unknown;
  }
  return JSON.stringify(payload);
}
