// SD-JWT Disclosures (RFC 9901 §4.2): encoding, decoding with the reserved-name rules, and their digests.

import { decodeBase64urlText, encodeBase64url, encodeBase64urlJson } from '../encoding/base64url.js';
import type { CryptoProvider } from '../crypto/types.js';
import { fail, type VerificationFailure } from '../verification/result.js';

/** A claim's location: object member names and array indices from the top of the payload. */
export type ClaimPath = readonly (string | number)[];

export interface DecodedDisclosure {
  /** The disclosure exactly as it travels (base64url); its digest is over these ASCII bytes. */
  readonly encoded: string;
  readonly digest: string;
  readonly salt: string;
  /** The claim name, or undefined for an array element disclosure (`[salt, value]`). */
  readonly name: string | undefined;
  readonly value: unknown;
}

/** Names a disclosure may never carry (RFC 9901 §4.2.1): they would forge structure in the processed payload. */
export const RESERVED_CLAIM_NAMES: ReadonlySet<string> = new Set(['_sd', '...']);

/** The sd_alg this implementation supports; RFC 9901 §4.1.1 makes sha-256 the default when `_sd_alg` is absent. */
export const SD_ALG = 'sha-256';

export function encodeDisclosure(salt: string, name: string | undefined, value: unknown): string {
  return encodeBase64urlJson(name === undefined ? [salt, value] : [salt, name, value]);
}

/** base64url(SHA-256(ASCII(disclosure))) — RFC 9901 §4.2.3; also used for sd_hash over the presentation. */
export async function sdDigest(encoded: string, crypto: CryptoProvider): Promise<string> {
  return encodeBase64url(await crypto.sha256(encoded));
}

/** sdDigest without a promise when the provider hashes synchronously (the verifier's hot loop). */
export function sdDigestMaybeSync(encoded: string, crypto: CryptoProvider): string | Promise<string> {
  const hash = crypto.sha256(encoded);
  return hash instanceof Promise ? hash.then(encodeBase64url) : encodeBase64url(hash);
}

/** Decodes one disclosure (without hashing it). */
export function decodeDisclosure(
  encoded: string,
): { salt: string; name: string | undefined; value: unknown } | VerificationFailure {
  let decoded: unknown;
  try {
    decoded = JSON.parse(decodeBase64urlText(encoded));
  } catch {
    return fail('disclosure_malformed', 'disclosure is not base64url-encoded JSON');
  }
  if (!Array.isArray(decoded) || (decoded.length !== 2 && decoded.length !== 3)) {
    return fail('disclosure_malformed', 'disclosure must be a JSON array of 2 or 3 elements');
  }
  const salt: unknown = decoded[0];
  if (typeof salt !== 'string') return fail('disclosure_malformed', 'disclosure salt must be a string');
  if (decoded.length === 2) return { salt, name: undefined, value: decoded[1] };
  const name: unknown = decoded[1];
  if (typeof name !== 'string') return fail('disclosure_malformed', 'disclosure claim name must be a string');
  if (RESERVED_CLAIM_NAMES.has(name)) return fail('reserved_claim_name', `disclosure claim name ${name} is reserved`);
  return { salt, name, value: decoded[2] };
}
