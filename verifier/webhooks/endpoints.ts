// An agency's webhook endpoint in the trust registry: registered by the operator or by the agency itself, never taken
// from a presentation request. Registering (again) returns a fresh signing secret once; the service keeps it sealed
// under the KEK and needs it in clear only to sign a delivery.
import { AppError } from '../errors.js';
import { requireSealer, type RegistryContext } from '../registry/context.js';
import type { Sealer } from '../registry/sealer.js';
import type { AgencyWebhookRecord } from '../store/repos/webhooks.js';
import { newWebhookSecret } from './signature.js';
import { checkWebhookTarget, type WebhookTargetPolicy } from './target.js';

export interface WebhookView {
  agencyId: string;
  url: string;
  createdAt: number;
  updatedAt: number;
}

const aadOf = (agencyId: string) => `agency-webhook:${agencyId}`;

/** The URL's shape (a URL, no credentials, no fragment) as invalid_request; where it may point is target.ts's. */
export function checkWebhookUrl(raw: string): URL {
  const invalid = (message: string) =>
    new AppError('invalid_request', { detail: `The webhook url ${message}.`, fieldErrors: [{ path: '/body/url', message }] });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('is not a URL');
  }
  if (url.username || url.password) throw invalid('must not carry credentials');
  if (url.hash) throw invalid('must not have a fragment');
  return url;
}

export async function registerWebhook(
  ctx: RegistryContext,
  target: WebhookTargetPolicy,
  agencyId: string,
  rawUrl: string,
): Promise<{ webhook: WebhookView; secret: string }> {
  const sealer = requireSealer(ctx);
  const parsed = checkWebhookUrl(rawUrl);
  if (!(await ctx.store.agencies.get(agencyId))) throw new AppError('not_found', { detail: `No agency ${agencyId}.` });
  await checkWebhookTarget(parsed, target);
  const url = parsed.toString();
  const now = ctx.now();
  const existing = await ctx.store.agencyWebhooks.get(agencyId);
  const secret = newWebhookSecret();
  const record: AgencyWebhookRecord = {
    agencyId,
    url,
    secretSealed: sealer.seal('webhook-secret', aadOf(agencyId), secret),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  await ctx.store.agencyWebhooks.put(record);
  return { webhook: viewOf(record), secret };
}

export async function describeWebhook(ctx: RegistryContext, agencyId: string): Promise<WebhookView> {
  const record = await ctx.store.agencyWebhooks.get(agencyId);
  if (!record) throw new AppError('webhook_not_registered', { detail: `Agency ${agencyId} has no webhook endpoint.` });
  return viewOf(record);
}

export async function removeWebhook(ctx: RegistryContext, agencyId: string): Promise<void> {
  if (!(await ctx.store.agencyWebhooks.delete(agencyId))) {
    throw new AppError('webhook_not_registered', { detail: `Agency ${agencyId} has no webhook endpoint.` });
  }
}

export function openWebhookSecret(sealer: Sealer, record: AgencyWebhookRecord): string {
  return sealer.open('webhook-secret', aadOf(record.agencyId), record.secretSealed);
}

const viewOf = (r: AgencyWebhookRecord): WebhookView => ({ agencyId: r.agencyId, url: r.url, createdAt: r.createdAt, updatedAt: r.updatedAt });
