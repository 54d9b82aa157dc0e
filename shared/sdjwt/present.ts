// Builds a presentation from an issued SD-JWT: picks the disclosures for the chosen claim paths (with the parent
// disclosures they need) and appends a KB-JWT bound to the verifier's audience and nonce (RFC 9901 §4.3).

import type { CryptoProvider, Signer } from '../crypto/types.js';
import { parseCompactJws, signCompactJws, type JsonObject } from '../jose/jws.js';
import { decodeDisclosure, sdDigest, type ClaimPath, type DecodedDisclosure } from './disclosure.js';
import { processPayload } from './process.js';
import { KB_JWT_TYP } from './key-binding.js';
import { splitPresentation } from './split.js';
import { isFailure } from '../verification/result.js';

export interface KeyBindingOptions {
  signer: Signer;
  audience: string;
  nonce: string;
  /** KB-JWT `iat`, seconds. */
  issuedAt: number;
}

export interface PresentSdJwtOptions {
  /** The SD-JWT as issued: `<issuer JWT>~<disclosure>~...~`. */
  sdJwt: string;
  crypto: CryptoProvider;
  /**
   * Claim paths to reveal, with array indices as issued (e.g. ['address', 'locality'], ['nationalities', 1]),
   * or 'all'. The disclosures of every enclosing claim are added automatically. Paths naming nothing
   * selectively disclosable are ignored (plain claims are always visible).
   */
  disclose: readonly ClaimPath[] | 'all';
  /** Also reveal everything nested below each chosen path (default true: choosing `address` reveals all of it). */
  includeNested?: boolean;
  /** Adds a KB-JWT; without it the presentation ends in `~`. */
  keyBinding?: KeyBindingOptions;
}

export interface DisclosableClaim {
  readonly path: ClaimPath;
  readonly disclosure: DecodedDisclosure;
}

export interface InspectedSdJwt {
  readonly header: JsonObject;
  readonly payload: JsonObject;
  /** The full credential as the holder sees it (all disclosures applied). */
  readonly claims: JsonObject;
  /** Every selectively disclosable claim with its path (array indices as issued). */
  readonly disclosable: readonly DisclosableClaim[];
}

/**
 * Decodes an issued SD-JWT for the holder: claims and what can be disclosed. Does not verify the issuer signature
 * (the wallet trusts what it received over its issuance channel); it does enforce the SD-JWT structure rules.
 */
export async function inspectSdJwt(sdJwt: string, crypto: CryptoProvider): Promise<InspectedSdJwt> {
  const parts = splitPresentation(sdJwt);
  if (isFailure(parts)) throw new TypeError(`not an SD-JWT: ${parts.detail}`);
  const jwt = parseCompactJws(parts.issuerJwt);
  if (isFailure(jwt)) throw new TypeError(`not an SD-JWT: ${jwt.detail}`);
  const byDigest = new Map<string, DecodedDisclosure>();
  for (const encoded of parts.disclosures) {
    const decoded = decodeDisclosure(encoded);
    if (isFailure(decoded)) throw new TypeError(`bad disclosure: ${decoded.detail}`);
    const digest = await sdDigest(encoded, crypto);
    byDigest.set(digest, { encoded, digest, ...decoded });
  }
  const processed = processPayload(jwt.payload, byDigest);
  if (isFailure(processed)) throw new TypeError(`inconsistent SD-JWT: ${processed.detail}`);
  // With every disclosure applied no element is dropped except decoys, so processed indices equal issued ones.
  return { header: jwt.header, payload: jwt.payload, claims: processed.claims, disclosable: processed.disclosed };
}

export async function presentSdJwt(options: PresentSdJwtOptions): Promise<string> {
  const inspected = await inspectSdJwt(options.sdJwt, options.crypto);
  const chosen = chooseDisclosures(inspected.disclosable, options.disclose, options.includeNested ?? true);
  const issuerJwt = options.sdJwt.slice(0, options.sdJwt.indexOf('~'));
  const presented = issuerJwt + '~' + chosen.map((d) => d.encoded + '~').join('');
  if (!options.keyBinding) return presented;
  return presented + (await createKbJwt(presented, options.keyBinding, options.crypto));
}

/** Keeps the issued order of disclosures; order carries no meaning but stable output is easier to test. */
function chooseDisclosures(
  disclosable: readonly DisclosableClaim[],
  disclose: readonly ClaimPath[] | 'all',
  includeNested: boolean,
): DecodedDisclosure[] {
  if (disclose === 'all') return disclosable.map((d) => d.disclosure);
  return disclosable
    .filter(({ path }) =>
      disclose.some((wanted) => isPrefix(path, wanted) || (includeNested && isPrefix(wanted, path))),
    )
    .map((d) => d.disclosure);
}

function isPrefix(prefix: ClaimPath, path: ClaimPath): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (String(prefix[i]) !== String(path[i])) return false;
  return true;
}

/** KB-JWT over `sd_hash` = base64url(SHA-256(presentation up to and including the last `~`)). */
export async function createKbJwt(presentationWithoutKb: string, options: KeyBindingOptions, crypto: CryptoProvider): Promise<string> {
  const sdHash = await sdDigest(presentationWithoutKb, crypto);
  return signCompactJws(
    { typ: KB_JWT_TYP },
    { iat: options.issuedAt, aud: options.audience, nonce: options.nonce, sd_hash: sdHash },
    options.signer,
  );
}
