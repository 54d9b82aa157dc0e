// Issues an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc over RFC 9901): packs claims into disclosures per a frame,
// adds decoys, and signs the issuer JWT with `typ` dc+sd-jwt.

import { encodeBase64url } from '../encoding/base64url.js';
import { publicPart } from '../crypto/jwk.js';
import { randomBelow } from '../crypto/random.js';
import type { CryptoProvider, Es256PublicJwk, Signer } from '../crypto/types.js';
import { signCompactJws, type JsonObject } from '../jose/jws.js';
import { encodeDisclosure, RESERVED_CLAIM_NAMES, SD_ALG, sdDigest, type ClaimPath } from './disclosure.js';
import { childFrame, isSelectivelyDisclosable, type DisclosureFrame } from './frame.js';
import type { StatusReference } from '../status/types.js';

/** Claims the SD-JWT VC draft (§3.2.2.2) forbids making selectively disclosable, plus the SD-JWT machinery. */
const ALWAYS_PLAIN_CLAIMS = new Set(['iss', 'nbf', 'exp', 'iat', 'cnf', 'vct', 'vct#integrity', 'status', '_sd_alg']);

export const SD_JWT_VC_TYP = 'dc+sd-jwt';

export interface IssueSdJwtVcOptions {
  /** Credential type identifier (`vct`). */
  vct: string;
  /** Issuer identifier (`iss`), the key the verifier's trust list resolves. */
  issuer: string;
  /** The credential's own claims (e.g. given_name, address). Registered claims come from the options below. */
  claims: JsonObject;
  /** Which claims / array elements become disclosures; absent = none. */
  frame?: DisclosureFrame;
  /** The holder's public key, placed in `cnf.jwk` for key binding. */
  holderJwk?: Es256PublicJwk;
  /** Token Status List entry (`status.status_list`). */
  status?: StatusReference;
  /** Seconds since the epoch; `iat`. */
  now: () => number;
  /** Absolute `exp` (seconds). */
  expiresAt?: number;
  /** Absolute `nbf` (seconds). */
  notBefore?: number;
  signer: Signer;
  crypto: CryptoProvider;
  /** Header `typ`; only tests should change it. */
  typ?: string;
  /** Decoy digests added at every level that has selectively disclosable claims (besides any `_sd_decoy`). */
  decoysPerLevel?: number;
}

export interface IssuedDisclosure {
  readonly encoded: string;
  readonly digest: string;
  /** Where the claim sits in the full credential (array indices are the issued positions). */
  readonly path: ClaimPath;
}

export interface IssuedSdJwtVc {
  /** `<issuer JWT>~<disclosure>~...~` — what the holder stores. */
  readonly sdJwt: string;
  readonly issuerJwt: string;
  readonly disclosures: readonly IssuedDisclosure[];
}

const SALT_BYTES = 16;

interface PackContext {
  readonly crypto: CryptoProvider;
  readonly decoysPerLevel: number;
  readonly disclosures: IssuedDisclosure[];
  readonly path: (string | number)[];
}

export async function issueSdJwtVc(options: IssueSdJwtVcOptions): Promise<IssuedSdJwtVc> {
  const { claims, frame } = options;
  for (const name of Object.keys(claims)) {
    if (ALWAYS_PLAIN_CLAIMS.has(name)) throw new TypeError(`claim ${name} is set through its own option`);
  }
  assertNoReservedNames(claims);
  for (const name of frame?._sd ?? []) {
    if (ALWAYS_PLAIN_CLAIMS.has(String(name))) throw new TypeError(`claim ${String(name)} must not be selectively disclosable`);
  }
  const context: PackContext = {
    crypto: options.crypto,
    decoysPerLevel: options.decoysPerLevel ?? 0,
    disclosures: [],
    path: [],
  };
  const packed = await packObject(claims, frame, context);
  const hasDigests = containsDigests(packed);

  const payload: JsonObject = { iss: options.issuer, iat: options.now() };
  if (options.notBefore !== undefined) payload.nbf = options.notBefore;
  if (options.expiresAt !== undefined) payload.exp = options.expiresAt;
  payload.vct = options.vct;
  Object.assign(payload, packed);
  if (hasDigests) payload._sd_alg = SD_ALG;
  if (options.holderJwk) payload.cnf = { jwk: publicPart(options.holderJwk) };
  if (options.status) payload.status = { status_list: { idx: options.status.idx, uri: options.status.uri } };

  const issuerJwt = await signCompactJws({ typ: options.typ ?? SD_JWT_VC_TYP }, payload, options.signer);
  const sdJwt = issuerJwt + '~' + context.disclosures.map((d) => d.encoded + '~').join('');
  return { sdJwt, issuerJwt, disclosures: context.disclosures };
}

async function packValue(value: unknown, frame: DisclosureFrame | undefined, context: PackContext): Promise<unknown> {
  if (!frame || typeof value !== 'object' || value === null) return value;
  return Array.isArray(value) ? packArray(value, frame, context) : packObject(value as JsonObject, frame, context);
}

async function packObject(object: JsonObject, frame: DisclosureFrame | undefined, context: PackContext): Promise<JsonObject> {
  const out: JsonObject = {};
  const digests: string[] = [];
  for (const [name, value] of Object.entries(object)) {
    context.path.push(name);
    const packed = await packValue(value, childFrame(frame, name), context);
    if (isSelectivelyDisclosable(frame, name)) {
      digests.push(await addDisclosure(name, packed, context));
    } else {
      out[name] = packed;
    }
    context.path.pop();
  }
  const decoys = decoyCount(frame, context, digests.length);
  for (let i = 0; i < decoys; i++) digests.push(await decoyDigest(context.crypto));
  // Sorted, so the digest order reveals nothing about the original claim order (RFC 9901 §4.2.4.1).
  if (digests.length > 0) out._sd = digests.sort();
  return out;
}

async function packArray(array: readonly unknown[], frame: DisclosureFrame, context: PackContext): Promise<unknown[]> {
  const out: unknown[] = [];
  let disclosed = 0;
  for (let index = 0; index < array.length; index++) {
    context.path.push(index);
    const packed = await packValue(array[index], childFrame(frame, index), context);
    if (isSelectivelyDisclosable(frame, index)) {
      out.push({ '...': await addDisclosure(undefined, packed, context) });
      disclosed++;
    } else {
      out.push(packed);
    }
    context.path.pop();
  }
  // Decoys go at random positions so they cannot be told apart from real elements (RFC 9901 §4.2.5).
  const decoys = decoyCount(frame, context, disclosed);
  for (let i = 0; i < decoys; i++) {
    const position = randomBelow(out.length + 1, context.crypto);
    out.splice(position, 0, { '...': await decoyDigest(context.crypto) });
  }
  return out;
}

async function addDisclosure(name: string | undefined, value: unknown, context: PackContext): Promise<string> {
  const encoded = encodeDisclosure(newSalt(context.crypto), name, value);
  const digest = await sdDigest(encoded, context.crypto);
  context.disclosures.push({ encoded, digest, path: context.path.slice() });
  return digest;
}

function decoyCount(frame: DisclosureFrame | undefined, context: PackContext, realDisclosures: number): number {
  const explicit = frame?._sd_decoy ?? 0;
  if (!Number.isInteger(explicit) || explicit < 0) throw new TypeError('_sd_decoy must be a non-negative integer');
  return explicit + (realDisclosures > 0 ? context.decoysPerLevel : 0);
}

function newSalt(crypto: CryptoProvider): string {
  return encodeBase64url(crypto.randomBytes(SALT_BYTES));
}

/** A decoy is the digest of a fresh random salt: indistinguishable from a real digest without its disclosure. */
async function decoyDigest(crypto: CryptoProvider): Promise<string> {
  return sdDigest(newSalt(crypto), crypto);
}

/** `_sd` and `...` anywhere in the claims would be read back as digests by every verifier (RFC 9901 §4.2.1). */
function assertNoReservedNames(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) return value.forEach(assertNoReservedNames);
  for (const [name, child] of Object.entries(value)) {
    if (RESERVED_CLAIM_NAMES.has(name)) throw new TypeError(`claim name ${name} is reserved`);
    assertNoReservedNames(child);
  }
}

function containsDigests(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(containsDigests);
  if ('_sd' in value) return true;
  return Object.values(value).some(containsDigests);
}

