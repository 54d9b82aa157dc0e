// POST /v1/verify: an agency verifies a presentation it received through its own channel, with its own nonce and
// audience, for one of its registered purposes. The same pipeline as the OpenID4VP response endpoint.
//
// Verdict or refusal: facts about the presentation (signature, issuer, validity, status, key binding: the core's
// VerificationCodes) come back as `200 { valid: false, code }`. The service's policy refusals — unknown purpose,
// claims beyond the purpose, a withdrawn or expired consent — are problem+json errors: the presentation may be
// perfectly genuine, but the service will not release claims the purpose does not allow, and a `valid: false` would
// wrongly suggest a forgery.
//
// A holder key bound to no Sahih account (a standard wallet's key, issue 17) verifies like any other: the event is
// logged with no account and indexed under the keyed holder reference, so the citizen sees it once they prove that
// key (POST /v1/me/holder-keys). Consent standing is checked only where there is an account to hold consents.
import { createHash } from 'node:crypto';
import type { JsonObject } from '../../shared/jose/jws.js';
import { isVerificationCode, type VerificationCode } from '../../shared/verification/result.js';
import { recordAccessEvent, type Receipt } from '../access/record.js';
import { AppError } from '../errors.js';
import { requireActiveAgency, verifies } from '../registry/agencies.js';
import { requireSealer } from '../registry/context.js';
import type { PresentationDeps } from './deps.js';
import { pickClaims } from './claims-match.js';
import { holderRefOf } from './holder-ref.js';
import { renderPath } from './purpose-scope.js';
import { requirePurpose } from './requests.js';
import { assertConsentNotWithdrawn, checkDisclosedWithinPurpose, verifyPresentation, type VerifiedPresentation } from './verify-presentation.js';

export interface DirectVerifyInput {
  agencyId: string;
  presentation: string;
  nonce: string;
  audience: string;
  purposeCode: string;
  /** The agency's own case or customer number, kept with the access event. */
  agencyRef?: string | undefined;
}

export type DirectVerdict =
  | { valid: true; claims: JsonObject; receipt: Receipt }
  | { valid: false; code: VerificationCode; detail: string };

export async function directVerify(deps: PresentationDeps, input: DirectVerifyInput): Promise<DirectVerdict> {
  const { ctx } = deps;
  const agency = await requireActiveAgency(ctx.store, input.agencyId);
  if (!verifies(agency.role)) throw new AppError('agency_role_mismatch', { detail: `Agency ${agency.id} is not registered as a verifier.` });
  const purpose = await requirePurpose(ctx, agency.id, input.purposeCode);

  let presentation: VerifiedPresentation;
  try {
    presentation = await verifyPresentation(deps, input.presentation, { nonce: input.nonce, audience: input.audience });
  } catch (error) {
    if (error instanceof AppError && isVerificationCode(error.code)) return { valid: false, code: error.code, detail: error.detail ?? error.code };
    throw error;
  }
  checkDisclosedWithinPurpose(purpose, presentation);
  const accountId = (await ctx.store.holderBindings.accountFor(presentation.holderThumbprint)) ?? null;
  if (accountId !== null) await assertConsentNotWithdrawn(ctx.store, { accountId, agencyId: agency.id, purposeCode: purpose.code }, ctx.now());
  const nonceHash = hashNonce(input.nonce);
  await requireUnusedNonce(ctx.store, agency.id, nonceHash);

  const disclosed = topLevelDisclosed(presentation);
  const now = ctx.now();
  const recorded = await recordAccessEvent(
    { log: deps.log, now: ctx.now },
    {
      kind: 'direct_verification',
      accountId,
      agencyRef: input.agencyRef ?? null,
      agency: { id: agency.id, name: agency.legalName },
      subject: { holderKeyThumbprint: presentation.holderThumbprint },
      purpose: { code: purpose.code, description: purpose.description },
      legalBasis: purpose.legalBasis,
      dataItems: disclosed.map((p) => renderPath(p)),
    },
    {
      // Spent in the event's own transaction: a concurrent duplicate that passed the check above fails here, and
      // its event is not logged.
      write: async (tx, _leafIndex, eventId) => {
        if (!(await tx.verifyNonces.claim(agency.id, nonceHash, now, now + NONCE_RETENTION_MS))) throw nonceReused();
        if (accountId === null) await tx.holderKeys.recordEvent(eventId, holderRefOf(requireSealer(ctx), presentation.holderThumbprint), now);
      },
    },
  );
  return { valid: true, claims: pickClaims(presentation.claims, disclosed), receipt: recorded.receipt };
}

/**
 * How long a spent nonce is remembered. A presentation accepted at t had iat within [t - 360 s, t + 60 s] (KB-JWT
 * age limit 300 s, clock skew 60 s), so the core refuses its replay as kb_stale from t + 420 s on; 10 minutes leaves
 * a margin.
 */
export const NONCE_RETENTION_MS = 10 * 60_000;
const PURGE_BATCH = 5_000;

const hashNonce = (nonce: string) => createHash('sha256').update(nonce).digest('base64url');
const nonceReused = () =>
  new AppError('nonce_reused', { detail: 'This agency has already verified a presentation with this nonce: use a fresh nonce for every verification.' });

/** Each nonce verifies one presentation once per agency: a replay neither releases the claims again nor is logged. */
async function requireUnusedNonce(store: PresentationDeps['ctx']['store'], agencyId: string, nonceHash: string): Promise<void> {
  if (await store.verifyNonces.used(agencyId, nonceHash)) throw nonceReused();
}

/** Forgets spent nonces older than NONCE_RETENTION_MS (run by the service's purge timer), a batch at a time. */
export async function purgeSpentNonces(ctx: Pick<PresentationDeps['ctx'], 'store' | 'now'>, batch = PURGE_BATCH): Promise<number> {
  const now = ctx.now();
  let total = 0;
  for (;;) {
    const purged = await ctx.store.verifyNonces.purgeExpired(now, batch);
    total += purged;
    if (purged < batch) return total;
    // Let requests run between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The outermost disclosed paths (a disclosed `address` stands for its disclosed members too), in a stable order. */
function topLevelDisclosed(presentation: VerifiedPresentation): (string | number)[][] {
  const paths = presentation.disclosedPaths.map((p) => [...p]);
  return paths
    .filter((p) => !paths.some((q) => q.length < p.length && q.every((c, i) => c === p[i])))
    .sort((a, b) => (renderPath(a) < renderPath(b) ? -1 : 1));
}
