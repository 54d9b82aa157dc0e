// Verifies an SD-JWT VC presentation (RFC 9901 §7, draft-ietf-oauth-sd-jwt-vc): a flat sequence of guard clauses,
// each a named helper that returns the failure code where its check fails, ending in the processed claims.

import type { CryptoProvider, Es256PublicJwk, MaybePromise, PublicJwk } from '../crypto/types.js';
import { toEs256PublicJwk } from '../crypto/jwk.js';
import { checkJwsHeader, checkJwsSignature, isJsonObject, parseCompactJws, type JsonObject } from '../jose/jws.js';
import { checkValidityWindow } from '../jose/time.js';
import { fail, isFailure, type VerificationFailure } from '../verification/result.js';
import type { StatusChecker, StatusReference } from '../status/types.js';
import { decodeDisclosure, SD_ALG, sdDigestMaybeSync, type ClaimPath, type DecodedDisclosure } from './disclosure.js';
import { checkKeyBinding, type VerifiedKeyBinding } from './key-binding.js';
import { splitPresentation } from './split.js';
import { processPayload } from './process.js';
import { SD_JWT_VC_TYP } from './issue.js';

// Re-exported so callers find the presentation vocabulary next to the verifier.
export { KB_JWT_TYP } from './key-binding.js';
export { splitPresentation, type SplitPresentation } from './split.js';
export { checkValidityWindow } from '../jose/time.js';

/** Claims the SD-JWT VC draft says must never arrive through a disclosure (§3.2.2.2). */
const NEVER_DISCLOSED_VC_CLAIMS = new Set(['iss', 'nbf', 'exp', 'cnf', 'vct', 'vct#integrity', 'status']);

export interface IssuerKeyQuery {
  readonly iss: string;
  readonly kid: string | undefined;
  readonly header: JsonObject;
}

export interface VerifySdJwtVcOptions {
  /** The presentation: `<issuer JWT>~<disclosure>~...~<KB-JWT>` (or ending in `~` without key binding). */
  token: string;
  crypto: CryptoProvider;
  /** The trust list: the issuer's public key for (iss, kid), or undefined when not trusted (→ untrusted_issuer). */
  resolveIssuerKey(query: IssuerKeyQuery): MaybePromise<PublicJwk | undefined>;
  /** Current time, seconds since the epoch. */
  now(): number;
  /** Clock tolerance for iat/nbf/exp and the KB-JWT iat (default 60). */
  skewSeconds?: number;
  /** Issuer JWT `typ` (default dc+sd-jwt; the RFC 9901 example uses example+sd-jwt). */
  expectedTyp?: string;
  /** Require `vct` (default: when expectedTyp is dc+sd-jwt). */
  requireVct?: boolean;
  /** Default true: a presentation without a KB-JWT fails with kb_missing. */
  requireKeyBinding?: boolean;
  /** Required KB-JWT `aud` when key binding is required or present. */
  expectedAudience?: string;
  /** Required KB-JWT `nonce` when key binding is required or present. */
  expectedNonce?: string;
  /** Oldest acceptable KB-JWT `iat`, relative to now (default 300). */
  maxKbAgeSeconds?: number;
  /**
   * Let an `x5c` header reach resolveIssuerKey (default false: refused as untrusted_issuer), for trust lists that
   * accept issuers by an X.509 chain to an anchor; the resolver then owns the chain check.
   */
  acceptX5c?: boolean;
  /** When set, a credential carrying `status.status_list` is checked through it. */
  statusChecker?: StatusChecker;
}

export interface VerifiedSdJwtVc {
  readonly ok: true;
  /** Processed payload: disclosed claims in place, `_sd`/`_sd_alg`/digests removed. */
  readonly claims: JsonObject;
  readonly header: JsonObject;
  /** The issuer-signed payload as signed. */
  readonly payload: JsonObject;
  readonly issuer: string;
  /** `cnf.jwk`, when the credential is key-bound. */
  readonly holderJwk: Es256PublicJwk | undefined;
  /** Paths of the claims that arrived through disclosures (indices as in `claims`). */
  readonly disclosedPaths: readonly ClaimPath[];
  readonly keyBinding: VerifiedKeyBinding | undefined;
  readonly status: StatusReference | undefined;
}

export type SdJwtVcVerificationResult = VerifiedSdJwtVc | VerificationFailure;

export async function verifySdJwtVc(options: VerifySdJwtVcOptions): Promise<SdJwtVcVerificationResult> {
  const skew = options.skewSeconds ?? 60;
  const expectedTyp = options.expectedTyp ?? SD_JWT_VC_TYP;
  const requireKeyBinding = options.requireKeyBinding ?? true;
  if (requireKeyBinding && (options.expectedAudience === undefined || options.expectedNonce === undefined)) {
    throw new TypeError('expectedAudience and expectedNonce are required when key binding is required');
  }
  const now = options.now();

  const parts = splitPresentation(options.token);
  if (isFailure(parts)) return parts;

  const jwt = parseCompactJws(parts.issuerJwt);
  if (isFailure(jwt)) return jwt;

  const headerProblem = checkJwsHeader(jwt.header, { typ: expectedTyp, allowX5c: options.acceptX5c === true });
  if (headerProblem) return headerProblem;

  const issuer = jwt.payload.iss;
  if (typeof issuer !== 'string' || issuer === '') return fail('malformed', 'iss must be a non-empty string');

  const issuerKey = await resolveIssuerKey(options, issuer, jwt.header);
  if (isFailure(issuerKey)) return issuerKey;

  const signatureProblem = await checkJwsSignature(jwt, issuerKey, options.crypto);
  if (signatureProblem) return signatureProblem;

  const timeProblem = checkValidityWindow(jwt.payload, now, skew);
  if (timeProblem) return timeProblem;

  const vcProblem = checkVcClaims(jwt.payload, options.requireVct ?? expectedTyp === SD_JWT_VC_TYP);
  if (vcProblem) return vcProblem;

  const sdAlgProblem = checkSdAlg(jwt.payload);
  if (sdAlgProblem) return sdAlgProblem;

  const byDigest = await decodeDisclosures(parts.disclosures, options.crypto);
  if (isFailure(byDigest)) return byDigest;

  const processed = processPayload(jwt.payload, byDigest);
  if (isFailure(processed)) return processed;

  const disclosedVcClaimProblem = checkNoDisclosedVcClaims(processed.disclosed, expectedTyp);
  if (disclosedVcClaimProblem) return disclosedVcClaimProblem;

  const holderJwk = holderKey(jwt.payload);
  if (isFailure(holderJwk)) return holderJwk;

  const keyBinding = await checkKeyBinding(parts, holderJwk, {
    crypto: options.crypto,
    expectedAudience: options.expectedAudience,
    expectedNonce: options.expectedNonce,
    maxKbAgeSeconds: options.maxKbAgeSeconds,
    now,
    skew,
    required: requireKeyBinding,
  });
  if (isFailure(keyBinding)) return keyBinding;

  const status = statusReference(jwt.payload);
  if (isFailure(status)) return status;

  const statusProblem = await checkStatus(status, options.statusChecker);
  if (statusProblem) return statusProblem;

  return {
    ok: true,
    claims: processed.claims,
    header: jwt.header,
    payload: jwt.payload,
    issuer,
    holderJwk,
    disclosedPaths: processed.disclosed.map((d) => d.path),
    keyBinding,
    status,
  };
}

async function resolveIssuerKey(
  options: VerifySdJwtVcOptions,
  iss: string,
  header: JsonObject,
): Promise<Es256PublicJwk | VerificationFailure> {
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const resolved = await options.resolveIssuerKey({ iss, kid, header });
  if (resolved === undefined) return fail('untrusted_issuer', 'no trusted key for this issuer and kid');
  const key = toEs256PublicJwk(resolved);
  if (!key) return fail('untrusted_issuer', 'the trusted key is not an ES256 signature verification key');
  return key;
}

function checkVcClaims(payload: JsonObject, requireVct: boolean): VerificationFailure | undefined {
  if (requireVct && (typeof payload.vct !== 'string' || payload.vct === '')) {
    return fail('malformed', 'an SD-JWT VC must carry a vct string');
  }
  return undefined;
}

function checkSdAlg(payload: JsonObject): VerificationFailure | undefined {
  const alg = payload._sd_alg;
  if (alg !== undefined && alg !== SD_ALG) return fail('unsupported_sd_alg', `_sd_alg ${JSON.stringify(alg)} is not supported`);
  return undefined;
}

/** Decodes and hashes every disclosure; the same disclosure twice is a duplicate (RFC 9901 §7.1 step 3.3.3). */
async function decodeDisclosures(
  encoded: readonly string[],
  crypto: CryptoProvider,
): Promise<Map<string, DecodedDisclosure> | VerificationFailure> {
  const byDigest = new Map<string, DecodedDisclosure>();
  for (const disclosure of encoded) {
    const decoded = decodeDisclosure(disclosure);
    if (isFailure(decoded)) return decoded;
    const pending = sdDigestMaybeSync(disclosure, crypto);
    const digest = typeof pending === 'string' ? pending : await pending;
    if (byDigest.has(digest)) return fail('disclosure_duplicate', 'the same disclosure is included twice');
    byDigest.set(digest, { encoded: disclosure, digest, salt: decoded.salt, name: decoded.name, value: decoded.value });
  }
  return byDigest;
}

function checkNoDisclosedVcClaims(
  disclosed: readonly { path: ClaimPath }[],
  expectedTyp: string,
): VerificationFailure | undefined {
  if (expectedTyp !== SD_JWT_VC_TYP) return undefined;
  for (const { path } of disclosed) {
    if (path.length === 1 && NEVER_DISCLOSED_VC_CLAIMS.has(String(path[0]))) {
      return fail('reserved_claim_name', `${String(path[0])} must not be selectively disclosed`);
    }
  }
  return undefined;
}

function holderKey(payload: JsonObject): Es256PublicJwk | VerificationFailure | undefined {
  const cnf = payload.cnf;
  if (cnf === undefined) return undefined;
  if (!isJsonObject(cnf)) return fail('holder_key_invalid', 'cnf must be an object');
  const key = toEs256PublicJwk(cnf.jwk);
  return key ?? fail('holder_key_invalid', 'cnf.jwk must be an EC P-256 public key');
}

function statusReference(payload: JsonObject): StatusReference | VerificationFailure | undefined {
  const status = payload.status;
  if (status === undefined) return undefined;
  if (!isJsonObject(status)) return fail('malformed', 'status must be an object');
  const list = status.status_list;
  if (list === undefined) return undefined;
  if (!isJsonObject(list) || typeof list.uri !== 'string' || !Number.isSafeInteger(list.idx) || (list.idx as number) < 0) {
    return fail('malformed', 'status.status_list needs a uri string and a non-negative integer idx');
  }
  return { uri: list.uri, idx: list.idx as number };
}

async function checkStatus(
  reference: StatusReference | undefined,
  checker: StatusChecker | undefined,
): Promise<VerificationFailure | undefined> {
  if (!reference || !checker) return undefined;
  let result;
  try {
    result = await checker.check(reference);
  } catch {
    // A checker that throws has not established the status; never treat that as valid.
    return fail('status_unavailable', 'the status check failed');
  }
  return result.ok ? undefined : fail(result.code, result.detail);
}
