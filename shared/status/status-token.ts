// The Status List Token (`statuslist+jwt`, draft-ietf-oauth-status-list §5): signing one for a list, and verifying
// one fetched from its URI before any status is read from it.

import { toEs256PublicJwk } from '../crypto/jwk.js';
import type { CryptoProvider, MaybePromise, PublicJwk, Signer } from '../crypto/types.js';
import { checkJwsHeader, checkJwsSignature, isJsonObject, parseCompactJws, signCompactJws, type JsonObject } from '../jose/jws.js';
import { checkValidityWindow } from '../jose/time.js';
import { fail, isFailure, type VerificationFailure } from '../verification/result.js';
import { isStatusBits, StatusList } from './status-list.js';

export const STATUS_LIST_TYP = 'statuslist+jwt';

export interface SignStatusListTokenOptions {
  /** The list's URI: the token's `sub`, and what credentials put in `status.status_list.uri`. */
  uri: string;
  /** `iss`, when the list is published under an issuer identifier. */
  issuer?: string;
  list: StatusList;
  /** `iat`, seconds. */
  issuedAt: number;
  /** `exp`, seconds. */
  expiresAt?: number;
  /** `ttl`: how long (seconds) relying parties may cache the token before fetching again. */
  ttlSeconds?: number;
  signer: Signer;
}

export async function signStatusListToken(options: SignStatusListTokenOptions): Promise<string> {
  const payload: JsonObject = { sub: options.uri, iat: options.issuedAt };
  if (options.issuer !== undefined) payload.iss = options.issuer;
  if (options.expiresAt !== undefined) payload.exp = options.expiresAt;
  if (options.ttlSeconds !== undefined) payload.ttl = options.ttlSeconds;
  payload.status_list = options.list.encode();
  return signCompactJws({ typ: STATUS_LIST_TYP }, payload, options.signer);
}

export interface StatusListKeyQuery {
  readonly uri: string;
  readonly iss: string | undefined;
  readonly kid: string | undefined;
  readonly header: JsonObject;
}

export interface VerifyStatusListTokenOptions {
  token: string;
  crypto: CryptoProvider;
  /** Trusted key for the list publisher, or undefined (→ untrusted_issuer). */
  resolveKey(query: StatusListKeyQuery): MaybePromise<PublicJwk | undefined>;
  /** The URI the token was fetched from; `sub` must equal it (§8.3 step 3). */
  uri: string;
  now(): number;
  skewSeconds?: number;
}

export interface VerifiedStatusListToken {
  readonly ok: true;
  readonly list: StatusList;
  readonly header: JsonObject;
  readonly payload: JsonObject;
  readonly issuedAt: number;
  readonly expiresAt: number | undefined;
  readonly ttlSeconds: number | undefined;
}

export async function verifyStatusListToken(
  options: VerifyStatusListTokenOptions,
): Promise<VerifiedStatusListToken | VerificationFailure> {
  const jwt = parseCompactJws(options.token);
  if (isFailure(jwt)) return jwt;

  const headerProblem = checkJwsHeader(jwt.header, { typ: STATUS_LIST_TYP });
  if (headerProblem) return headerProblem;

  const { payload, header } = jwt;
  const iss = typeof payload.iss === 'string' ? payload.iss : undefined;
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const resolved = await options.resolveKey({ uri: options.uri, iss, kid, header });
  const key = resolved === undefined ? undefined : toEs256PublicJwk(resolved);
  if (!key) return fail('untrusted_issuer', 'no trusted ES256 key for this status list');

  const signatureProblem = await checkJwsSignature(jwt, key, options.crypto);
  if (signatureProblem) return signatureProblem;

  if (payload.sub !== options.uri) return fail('malformed', 'status list token sub differs from the URI it came from');
  if (typeof payload.iat !== 'number') return fail('malformed', 'status list token needs a numeric iat');
  const timeProblem = checkValidityWindow(payload, options.now(), options.skewSeconds ?? 60);
  if (timeProblem) return timeProblem;
  const ttl = payload.ttl;
  if (ttl !== undefined && !(typeof ttl === 'number' && Number.isFinite(ttl) && ttl > 0)) {
    return fail('malformed', 'ttl must be a positive number');
  }

  const claim = payload.status_list;
  if (!isJsonObject(claim) || !isStatusBits(claim.bits) || typeof claim.lst !== 'string') {
    return fail('malformed', 'status_list needs bits (1, 2, 4, 8) and lst');
  }
  let list: StatusList;
  try {
    list = StatusList.decode({ bits: claim.bits, lst: claim.lst });
  } catch {
    return fail('malformed', 'status_list.lst does not decode');
  }
  return {
    ok: true,
    list,
    header,
    payload,
    issuedAt: payload.iat,
    expiresAt: typeof payload.exp === 'number' ? payload.exp : undefined,
    ttlSeconds: ttl,
  };
}
