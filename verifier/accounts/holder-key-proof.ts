// A citizen proves possession of a holder key their account did not receive through Sahih (a credential held in
// another wallet, or one received without signing in): a one-time challenge, answered by a JWS signed with that key.
// The key is then bound to the account, and every access logged under its holder_ref so far becomes the citizen's.
import { randomBytes } from 'node:crypto';
import { jwkThumbprint, toEs256PublicJwk } from '../../shared/crypto/jwk.js';
import type { CryptoProvider } from '../../shared/crypto/types.js';
import { checkJwsHeader, checkJwsSignature, parseCompactJws } from '../../shared/jose/jws.js';
import { isFailure } from '../../shared/verification/result.js';
import { AppError } from '../errors.js';
import type { Sealer } from '../registry/sealer.js';
import { holderRefOf } from '../presentation/holder-ref.js';
import type { Store } from '../store/types.js';

export const HOLDER_KEY_PROOF_TYP = 'sahih-holder-key-proof+jwt';
export const HOLDER_KEY_CHALLENGE_TTL_MS = 5 * 60_000;
/** How far a proof's iat may lie from the service clock (seconds). */
const SKEW_SECONDS = 300;

export interface HolderKeyProofDeps {
  store: Store;
  sealer: Sealer;
  crypto: CryptoProvider;
  now: () => number;
  publicUrl: string;
}

/** The `aud` a proof must carry: the endpoint it is posted to. */
export const holderKeyAudience = (publicUrl: string) => `${publicUrl}/v1/me/holder-keys`;

export async function issueHolderKeyChallenge(deps: HolderKeyProofDeps, accountId: string): Promise<{ challenge: string; audience: string; expiresAt: number }> {
  const challenge = randomBytes(24).toString('base64url');
  const expiresAt = deps.now() + HOLDER_KEY_CHALLENGE_TTL_MS;
  await deps.store.holderKeys.putChallenge(challenge, accountId, expiresAt);
  return { challenge, audience: holderKeyAudience(deps.publicUrl), expiresAt };
}

const invalid = (detail: string) => new AppError('holder_key_proof_invalid', { detail });
const claimed = () => new AppError('holder_key_claimed', { detail: 'This holder key belongs to another account.' });

/**
 * Checks the proof (typ, the key in its `jwk` header, signature, challenge, audience, freshness), then claims the key
 * for the account in one transaction. A key another account already holds is refused (holder_key_claimed).
 */
export async function proveHolderKey(deps: HolderKeyProofDeps, accountId: string, proof: string): Promise<{ thumbprint: string; attachedEvents: number }> {
  const jws = parseCompactJws(proof);
  if (isFailure(jws)) throw invalid('The proof is not a compact JWS.');
  if (checkJwsHeader(jws.header, { typ: HOLDER_KEY_PROOF_TYP, allowKeyHeaders: true })) throw invalid(`The proof must be an ES256 JWS of typ ${HOLDER_KEY_PROOF_TYP}.`);
  const jwk = toEs256PublicJwk(jws.header.jwk);
  if (!jwk) throw invalid('The proof header must carry the holder public key as jwk (P-256).');
  if (await checkJwsSignature(jws, jwk, deps.crypto)) throw invalid('The proof signature does not verify with its jwk.');
  const { nonce, aud, iat } = jws.payload;
  if (aud !== holderKeyAudience(deps.publicUrl)) throw invalid('The proof aud is not this endpoint.');
  if (typeof iat !== 'number' || Math.abs(iat - deps.now() / 1000) > SKEW_SECONDS) throw invalid('The proof iat is missing or too far from now.');
  if (typeof nonce !== 'string') throw invalid('The proof must carry the challenge as nonce.');
  const thumbprint = await jwkThumbprint(jwk, deps.crypto);
  const holderRef = holderRefOf(deps.sealer, thumbprint);
  const now = deps.now();
  const attachedEvents = await deps.store.transaction(async (tx) => {
    if (!(await tx.holderKeys.consumeChallenge(nonce, accountId, now))) throw invalid('The challenge is unknown, used, expired or not yours.');
    const boundTo = await tx.holderBindings.accountFor(thumbprint);
    if (boundTo !== undefined && boundTo !== accountId) throw claimed();
    if (!(await tx.holderKeys.claim(holderRef, accountId, proof, now))) throw claimed();
    await tx.holderBindings.bind(thumbprint, accountId, now);
    return tx.holderKeys.attachEvents(holderRef, accountId);
  });
  return { thumbprint, attachedEvents };
}
