// Compact JWS (RFC 7515) for ES256 only: parse, strict header policy, sign, verify. Shared by the SD-JWT issuer JWT,
// the KB-JWT and the status list token.

import {
  asciiBytes,
  decodeBase64url,
  decodeBase64urlText,
  encodeBase64url,
  encodeBase64urlJson,
} from '../encoding/base64url.js';
import type { CryptoProvider, Es256PublicJwk, Signer } from '../crypto/types.js';
import { fail, isFailure, type VerificationFailure } from '../verification/result.js';

export type JsonObject = Record<string, unknown>;

export interface ParsedJwsRaw {
  header: JsonObject;
  /** The payload segment still base64url-encoded (JWS payloads need not be JSON). */
  payloadSegment: string;
  /** `base64url(header) '.' base64url(payload)`: the exact bytes that were signed (ASCII). */
  signingInput: string;
  signature: Uint8Array;
}

export interface ParsedJws extends ParsedJwsRaw {
  payload: JsonObject;
}

/** Header parameters that would let a token name its own verification key (RFC 8725 §3.10 / §2.6). */
const KEY_CARRYING_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'] as const;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits a compact JWS and decodes its JSON header and signature; the payload is left encoded. Nothing is verified. */
export function parseCompactJwsRaw(token: string): ParsedJwsRaw | VerificationFailure {
  const firstDot = token.indexOf('.');
  const secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
  if (firstDot <= 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
    return fail('malformed', 'a compact JWS has exactly three parts');
  }
  let header: unknown;
  let signature: Uint8Array;
  try {
    header = JSON.parse(decodeBase64urlText(token.slice(0, firstDot)));
    signature = decodeBase64url(token.slice(secondDot + 1));
  } catch {
    return fail('malformed', 'JWS header or signature is not valid base64url (JSON)');
  }
  if (!isJsonObject(header)) return fail('malformed', 'JWS header must be a JSON object');
  return { header, payloadSegment: token.slice(firstDot + 1, secondDot), signingInput: token.slice(0, secondDot), signature };
}

/** Splits and decodes a compact JWS whose header and payload are JSON objects (every JWT). Nothing is verified. */
export function parseCompactJws(token: string): ParsedJws | VerificationFailure {
  const raw = parseCompactJwsRaw(token);
  if (isFailure(raw)) return raw;
  let payload: unknown;
  try {
    payload = JSON.parse(decodeBase64urlText(raw.payloadSegment));
  } catch {
    return fail('malformed', 'JWS payload is not valid base64url JSON');
  }
  if (!isJsonObject(payload)) return fail('malformed', 'JWT payload must be a JSON object');
  return { ...raw, payload };
}

export interface HeaderPolicy {
  /** Required `typ` value (compared exactly, RFC 8725 §3.11 explicit typing); undefined = not checked. */
  typ: string | undefined;
  /** Code to use when `typ` differs (the KB-JWT has its own). */
  wrongTypCode?: 'wrong_typ' | 'kb_wrong_typ';
  /** Allow jwk/jku/x5u/x5c in the header (never for issuer-signed tokens; the key comes from the trust list). */
  allowKeyHeaders?: boolean;
  /** Allow x5c only (issuer JWTs of issuers trusted through an X.509 chain; the resolver must check the chain). */
  allowX5c?: boolean;
}

/**
 * Enforces the header rules: `alg` exactly "ES256" (so "none", "None", "HS256"... are all unsupported_alg),
 * expected `typ`, no key-carrying parameters, and no `crit` (we understand no extensions, RFC 7515 §4.1.11).
 */
export function checkJwsHeader(header: JsonObject, policy: HeaderPolicy): VerificationFailure | undefined {
  if (header.alg !== 'ES256') return fail('unsupported_alg', `alg ${JSON.stringify(header.alg)} is not allowed; only ES256`);
  if (policy.typ !== undefined && header.typ !== policy.typ) {
    return fail(policy.wrongTypCode ?? 'wrong_typ', `typ must be ${policy.typ}`);
  }
  if ('crit' in header) return fail('unsupported_header', 'crit extensions are not supported');
  if (!policy.allowKeyHeaders) {
    for (const name of KEY_CARRYING_HEADERS) {
      if (name in header && !(name === 'x5c' && policy.allowX5c)) return fail('untrusted_issuer', `header parameter ${name} is not accepted; keys come from the trust list`);
    }
  }
  if (header.kid !== undefined && typeof header.kid !== 'string') return fail('malformed', 'kid must be a string');
  return undefined;
}

/** Signs header + payload as a compact JWS with the signer's key (alg forced to ES256, kid from the signer if set). */
export async function signCompactJws(header: JsonObject, payload: JsonObject, signer: Signer): Promise<string> {
  const fullHeader: JsonObject = { alg: signer.alg, ...(signer.kid === undefined ? {} : { kid: signer.kid }), ...header };
  fullHeader.alg = 'ES256';
  const signingInput = encodeBase64urlJson(fullHeader) + '.' + encodeBase64urlJson(payload);
  const signature = await signer.sign(asciiBytes(signingInput));
  return signingInput + '.' + encodeBase64url(signature);
}

/** Checks the ES256 signature of a parsed JWS; `code` lets the KB-JWT report kb_bad_signature. */
export async function checkJwsSignature(
  jws: ParsedJwsRaw,
  key: Es256PublicJwk,
  crypto: CryptoProvider,
  code: 'bad_signature' | 'kb_bad_signature' = 'bad_signature',
): Promise<VerificationFailure | undefined> {
  if (jws.signature.length !== 64) return fail(code, 'ES256 signature must be 64 bytes');
  const answer = crypto.verifyEs256(key, jws.signingInput, jws.signature);
  // Await only a real promise: a synchronous binding (node:crypto) then costs no extra microtask.
  const valid = answer instanceof Promise ? await answer : answer;
  return valid ? undefined : fail(code, 'signature does not verify');
}

export interface VerifyJwsOptions extends HeaderPolicy {
  token: string;
  key: Es256PublicJwk;
  crypto: CryptoProvider;
}

/** Parse + header policy + signature in one call, for a JWS verified against a known key (payload left encoded). */
export async function verifyCompactJws(options: VerifyJwsOptions): Promise<({ ok: true } & ParsedJwsRaw) | VerificationFailure> {
  const jws = parseCompactJwsRaw(options.token);
  if (isFailure(jws)) return jws;
  const headerProblem = checkJwsHeader(jws.header, options);
  if (headerProblem) return headerProblem;
  const signatureProblem = await checkJwsSignature(jws, options.key, options.crypto);
  if (signatureProblem) return signatureProblem;
  return { ok: true, ...jws };
}
