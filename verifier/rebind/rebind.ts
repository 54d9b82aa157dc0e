// Re-binding a restored credential to a new phone's key. The signed-in citizen sends the old credential (its holder
// key stayed on the old phone); the service checks the issuer's signature, that the old holder key is bound to this
// account, and that the credential is not revoked. Where the type's policy allows, it opens a pre-authorised OpenID4VCI
// offer for the same claims (the wallet redeems it like any offer, proving its new key) and revokes the old status
// entry; otherwise it files a re-issue request for the agency (listing + webhook).
//
// Where this extends OpenID4VCI: the standard has no way to ask for a credential again by showing an earlier one. This
// endpoint is Sahih's own, in front of a standard pre-authorised code offer; everything after the offer is standard.
import { randomUUID } from 'node:crypto';
import { jwkThumbprint } from '../../shared/crypto/jwk.js';
import { verifySdJwtVc } from '../../shared/sdjwt/verify.js';
import { isFailure } from '../../shared/verification/result.js';
import { AppError } from '../errors.js';
import { createOffer, type CredentialOfferJson } from '../issuance/offers.js';
import type { CredentialTrust } from '../presentation/trust.js';
import type { RegistryContext } from '../registry/context.js';
import { requireCredentialType } from '../registry/credential-types.js';
import { changeCredentialStatus, statusListUri } from '../status/status-lists.js';
import type { RebindPolicy } from '../store/repos/reissue.js';
import { enqueueWebhook } from '../webhooks/enqueue.js';

const DAY_MS = 24 * 3600 * 1000;
const STATUS_INVALID = 1;
/** Until the operator sets a type's policy, the agency decides (a copy is never made without someone allowing it). */
export const DEFAULT_REBIND_POLICY: RebindPolicy = 'agency';

export interface RebindDeps {
  ctx: RegistryContext;
  trust: CredentialTrust;
}

export type RebindResult =
  | { outcome: 'rebound'; credentialOffer: CredentialOfferJson; revokedCredentialId: string }
  | { outcome: 'ask_agency'; requestId: string; agencyId: string };

function statusEntryOf(claims: Record<string, unknown>, publicUrl: string): { listId: string; index: number } {
  const ref = (claims.status as { status_list?: { uri?: unknown; idx?: unknown } } | undefined)?.status_list;
  const prefix = statusListUri(publicUrl, '');
  if (typeof ref?.uri !== 'string' || typeof ref.idx !== 'number' || !ref.uri.startsWith(prefix)) {
    throw new AppError('invalid_request', { detail: 'Only credentials with a status entry of this service can be re-bound.' });
  }
  return { listId: ref.uri.slice(prefix.length), index: ref.idx };
}

export async function rebindCredential(deps: RebindDeps, accountId: string, sdJwt: string): Promise<RebindResult> {
  const { ctx, trust } = deps;
  const now = ctx.now();
  // Without a key-binding JWT: the old key cannot sign any more, which is why the citizen is here.
  const token = sdJwt.slice(0, sdJwt.lastIndexOf('~') + 1);
  const verified = await verifySdJwtVc({ token, crypto: ctx.crypto, resolveIssuerKey: trust.resolveIssuerKey, now: () => Math.floor(now / 1000), requireKeyBinding: false });
  if (isFailure(verified)) throw new AppError(verified.code, { detail: 'The credential to re-bind did not verify.' });
  const claims = verified.claims as Record<string, unknown>;
  const agencyId = typeof claims.iss === 'string' ? await trust.issuingAgency(claims.iss) : undefined;
  const typeId = agencyId && typeof claims.vct === 'string' ? await trust.issuableType(agencyId, claims.vct) : undefined;
  if (!agencyId || !typeId) throw new AppError('untrusted_issuer', { detail: 'Only credentials issued through this service can be re-bound here.' });
  if (!verified.holderJwk) throw new AppError('kb_missing', { detail: 'The credential names no holder key.' });

  // The old key must belong to the signed-in citizen: the account is the proof, since the key itself is gone.
  const holderJkt = await jwkThumbprint(verified.holderJwk, ctx.crypto);
  if ((await ctx.store.holderBindings.accountFor(holderJkt)) !== accountId) {
    throw new AppError('forbidden', { detail: 'This credential was not received by your account.' });
  }
  const entry = statusEntryOf(claims, ctx.publicUrl);
  const issued = await ctx.store.issuedCredentials.byStatusEntry(entry.listId, entry.index);
  if (!issued || issued.agencyId !== agencyId || issued.holderJkt !== holderJkt) throw new AppError('not_found', { detail: 'The service has no record of this credential.' });
  if (issued.status === STATUS_INVALID) throw new AppError('credential_revoked', { detail: 'The credential is revoked; ask the agency for a new copy.' });
  const earlier = await ctx.store.reissue.forCredential(issued.id);
  if (earlier) throw new AppError('conflict', { detail: 'This credential was already re-bound or its re-issue requested.' });

  const type = await requireCredentialType(ctx, typeId);
  const policy = (await ctx.store.reissue.policy(typeId)) ?? DEFAULT_REBIND_POLICY;
  const requestId = randomUUID();
  const base = { id: requestId, agencyId, accountId, credentialId: issued.id, credentialTypeId: typeId, createdAt: now };
  if (policy === 'agency') {
    await ctx.store.transaction(async (tx) => {
      if (!(await tx.reissue.insertRequest({ ...base, outcome: 'requested', offerId: null }))) throw new AppError('conflict', { detail: 'A re-issue was requested already.' });
      await enqueueWebhook(tx, {
        id: requestId,
        agencyId,
        type: 'credential.reissue_requested',
        at: now,
        data: { requestId, credentialId: issued.id, credentialType: typeId, agencyRef: issued.agencyRef ?? null },
      });
    });
    return { outcome: 'ask_agency', requestId, agencyId };
  }

  // The same claims (the ones the agency supplied; derived ones are computed again), valid as long as the old one was.
  const supplied = Object.fromEntries(type.claims.filter((c) => !c.derived && c.name in claims).map((c) => [c.name, claims[c.name]]));
  const offer = await createOffer(ctx, {
    agencyId,
    credentialType: typeId,
    claims: supplied,
    credentialValidDays: Math.max(1, Math.ceil((issued.expiresAt - now) / DAY_MS)),
    offerValidSeconds: 600,
    ...(issued.agencyRef ? { agencyRef: issued.agencyRef } : {}),
  });
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.reissue.insertRequest({ ...base, outcome: 'rebound', offerId: offer.offerId }))) throw new AppError('conflict', { detail: 'Already re-bound.' });
    await enqueueWebhook(tx, {
      id: requestId,
      agencyId,
      type: 'credential.rebound',
      at: now,
      data: { requestId, revokedCredentialId: issued.id, newCredentialId: offer.offerId, credentialType: typeId, agencyRef: issued.agencyRef ?? null },
    });
  });
  await changeCredentialStatus(ctx, agencyId, issued.id, 'revoke');
  return { outcome: 'rebound', credentialOffer: offer.credentialOffer, revokedCredentialId: issued.id };
}
