// Key binding (RFC 9901 §4.3, §7.3): the KB-JWT's typ, signature by the holder key from `cnf.jwk`, audience, nonce,
// freshness, and `sd_hash` over exactly the presented issuer JWT and disclosures.

import type { CryptoProvider, Es256PublicJwk } from '../crypto/types.js';
import { checkJwsHeader, checkJwsSignature, parseCompactJws, type JsonObject, type ParsedJws } from '../jose/jws.js';
import { isNumericDate } from '../jose/time.js';
import { fail, isFailure, type VerificationFailure } from '../verification/result.js';
import { sdDigestMaybeSync } from './disclosure.js';
import type { SplitPresentation } from './split.js';

export const KB_JWT_TYP = 'kb+jwt';

export interface KeyBindingExpectations {
  readonly crypto: CryptoProvider;
  readonly expectedAudience: string | undefined;
  readonly expectedNonce: string | undefined;
  /** Oldest acceptable KB-JWT `iat`, relative to now (default 300). */
  readonly maxKbAgeSeconds: number | undefined;
  readonly now: number;
  readonly skew: number;
  readonly required: boolean;
}

export interface VerifiedKeyBinding {
  readonly header: JsonObject;
  readonly payload: JsonObject;
}

/** Undefined when there is no KB-JWT and none is required. */
export async function checkKeyBinding(
  parts: SplitPresentation,
  holderJwk: Es256PublicJwk | undefined,
  options: KeyBindingExpectations,
): Promise<VerifiedKeyBinding | VerificationFailure | undefined> {
  if (parts.kbJwt === '') return options.required ? fail('kb_missing', 'a key binding JWT is required') : undefined;
  if (!holderJwk) return fail('holder_key_invalid', 'a KB-JWT was sent but the credential has no cnf.jwk');

  const kb = parseCompactJws(parts.kbJwt);
  if (isFailure(kb)) return fail('kb_malformed', kb.detail);

  // Key headers are harmless here: the KB-JWT is only ever checked against cnf.jwk.
  const headerProblem = checkJwsHeader(kb.header, { typ: KB_JWT_TYP, wrongTypCode: 'kb_wrong_typ', allowKeyHeaders: true });
  if (headerProblem) return headerProblem;

  const signatureProblem = await checkJwsSignature(kb, holderJwk, options.crypto, 'kb_bad_signature');
  if (signatureProblem) return signatureProblem;

  const claimsProblem = checkKbClaims(kb, options);
  if (claimsProblem) return claimsProblem;

  const sdHashProblem = await checkSdHash(kb.payload, parts.sdHashInput, options.crypto);
  if (sdHashProblem) return sdHashProblem;

  return { header: kb.header, payload: kb.payload };
}

/** aud (a single string, RFC 9901 §4.3), nonce, and an iat neither in the future nor older than maxKbAgeSeconds. */
function checkKbClaims(kb: ParsedJws, options: KeyBindingExpectations): VerificationFailure | undefined {
  const { now, skew } = options;
  const { aud, nonce, iat } = kb.payload;
  if (typeof aud !== 'string' || typeof nonce !== 'string' || !isNumericDate(iat) || typeof kb.payload.sd_hash !== 'string') {
    return fail('kb_malformed', 'KB-JWT needs string aud, nonce, sd_hash and numeric iat');
  }
  if (options.expectedAudience !== undefined && aud !== options.expectedAudience) {
    return fail('kb_wrong_audience', 'KB-JWT aud is not this verifier');
  }
  if (options.expectedNonce !== undefined && nonce !== options.expectedNonce) {
    return fail('kb_wrong_nonce', 'KB-JWT nonce does not match the request');
  }
  if (iat > now + skew) return fail('kb_not_yet_valid', 'KB-JWT iat is in the future');
  if (iat < now - skew - (options.maxKbAgeSeconds ?? 300)) return fail('kb_stale', 'KB-JWT is too old');
  return undefined;
}

async function checkSdHash(payload: JsonObject, sdHashInput: string, crypto: CryptoProvider): Promise<VerificationFailure | undefined> {
  const pending = sdDigestMaybeSync(sdHashInput, crypto);
  const expected = typeof pending === 'string' ? pending : await pending;
  return payload.sd_hash === expected ? undefined : fail('sd_hash_mismatch', 'sd_hash does not cover this presentation');
}
