// Delivering the result to the agency by poll: the disclosed values, sealed under the KEK since the response, go out
// on the first successful read and are deleted in the same step; later reads give the status and the receipt only.
// Unread values are deleted by purgeUnreadResults once their TTL passes.
import { receiptFor, type Receipt } from '../access/record.js';
import type { JsonObject } from '../../shared/jose/jws.js';
import { AppError } from '../errors.js';
import { requireSealer, type RegistryContext } from '../registry/context.js';
import type { Sealer } from '../registry/sealer.js';
import type { PresentationDeps } from './deps.js';
import type { PresentationRequestRecord } from '../store/repos/presentation-requests.js';
import { assertConsentUsable } from '../consent/standing.js';
import type { ConsentKind } from './consent-receipt.js';
import { responseCodeOf } from './holder-ref.js';

async function consentOf(deps: PresentationDeps, recordId: string): Promise<PresentationResult['consent']> {
  const receipt = await deps.ctx.store.holderKeys.receipt(recordId);
  if (!receipt) return { kind: 'holder_signed' };
  return receipt.kind === 'verifier_receipt' ? { kind: receipt.kind, receipt: JSON.parse(receipt.record) as JsonObject } : { kind: receipt.kind };
}

export type RequestStatus = 'pending' | 'shared' | 'declined' | 'expired';

export function requestStatus(record: PresentationRequestRecord, now: number): RequestStatus {
  if (record.status !== 'pending') return record.status;
  return record.expiresAt > now ? 'pending' : 'expired';
}

const aadOf = (requestId: string) => `presentation-request:${requestId}`;

export function sealResult(sealer: Sealer, requestId: string, values: Record<string, JsonObject>): string {
  return sealer.seal('presentation-result', aadOf(requestId), JSON.stringify(values));
}

export interface PresentationResult {
  requestId: string;
  status: RequestStatus;
  purposeCode: string;
  expiresAt: number;
  verdict?: 'valid';
  /** Disclosed values per credential query id: present on the first successful read only. */
  claims?: Record<string, JsonObject>;
  consentRecordId?: string;
  /**
   * Which consent evidence the service holds: the holder-signed record (Sahih's wallet) or a receipt the service built
   * from the request (a standard wallet, which sends none); the receipt itself comes with it for the agency to keep.
   */
  consent?: { kind: ConsentKind; receipt?: JsonObject };
  /** Same-device requests with a return URL: the response_code the wallet's redirect carries (OpenID4VP 1.0 §8.2). */
  responseCode?: string;
  receipt?: Receipt;
  /** When the values were delivered (and deleted). */
  claimsReadAt?: number;
  /** The agency's own case or customer number given with the request. */
  agencyRef?: string | null;
}

export async function readPresentationResult(
  deps: PresentationDeps,
  agencyId: string,
  requestId: string,
  options: { requireClaims?: boolean } = {},
): Promise<PresentationResult> {
  const { ctx } = deps;
  const request = await ctx.store.presentationRequests.get(requestId);
  // Another agency's request is indistinguishable from none (the agency is already authenticated for its own id).
  if (!request || request.agencyId !== agencyId) throw new AppError('not_found', { detail: `No presentation request ${requestId} for agency ${agencyId}.` });
  const base: PresentationResult = { requestId, status: requestStatus(request, ctx.now()), purposeCode: request.purposeCode, expiresAt: request.expiresAt, agencyRef: request.agencyRef ?? null };
  if (request.consentRecordId) {
    base.consentRecordId = request.consentRecordId;
    base.consent = await consentOf(deps, request.consentRecordId);
  }
  const client = await ctx.store.requestClients.get(request.id);
  if (client?.returnUrl && ctx.sealer) base.responseCode = responseCodeOf(ctx.sealer, request.id);
  if (request.accessEventId) base.receipt = await receiptOf(deps, request.accessEventId);
  if (base.status !== 'shared') return base;
  base.verdict = 'valid';
  const claims = await takeClaims(deps, request);
  if (claims) return { ...base, claims };
  if (options.requireClaims) {
    throw new AppError('result_already_read', { detail: 'The disclosed values were delivered on the first read (or expired unread) and are gone.' });
  }
  return request.resultReadAt === null ? base : { ...base, claimsReadAt: request.resultReadAt };
}

async function receiptOf(deps: PresentationDeps, eventId: string): Promise<Receipt | undefined> {
  const event = await deps.ctx.store.accessEvents.get(eventId);
  return event ? receiptFor(deps.log, eventId, event.leafIndex) : undefined;
}

/** The sealed values, if this caller is the one that clears them; the consent they were shared under must still be active (issue 7). */
async function takeClaims(deps: PresentationDeps, request: { id: string; agencyId: string; purposeCode: string; resultSealed: string | null; consentRecordId: string | null }) {
  if (request.resultSealed === null) return undefined;
  const { ctx } = deps;
  // A receipt kept outside the citizen's consents (no account held the key) has no state to withdraw yet.
  if (request.consentRecordId && !(await ctx.store.holderKeys.receipt(request.consentRecordId))) await assertConsentUsable(ctx.store, request.consentRecordId, ctx.now());
  const values = JSON.parse(requireSealer(ctx).open('presentation-result', aadOf(request.id), request.resultSealed)) as Record<string, JsonObject>;
  if (!(await ctx.store.presentationRequests.markResultRead(request.id, ctx.now()))) return undefined;
  return values;
}

/** Deletes disclosed values the agency did not fetch in time. Runs on a timer (main.ts) and on each new request. */
export async function purgeUnreadResults(ctx: Pick<RegistryContext, 'store' | 'now'>): Promise<number> {
  return ctx.store.presentationRequests.purgeExpiredResults(ctx.now());
}
