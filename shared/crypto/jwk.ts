// Checks and fingerprints for EC P-256 public JWKs: shape validation, usage restrictions, RFC 7638 thumbprints.

import { encodeBase64url } from '../encoding/base64url.js';
import type { CryptoProvider, Es256PublicJwk } from './types.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

/**
 * Returns the value as an ES256 public JWK when it is one: kty EC, crv P-256, x and y each 32 bytes of canonical
 * base64url, no private members, and (RFC 7517 §4.2/§4.3) `use`/`key_ops`/`alg` — when present — allowing ES256
 * signature verification. Anything else yields undefined.
 */
export function toEs256PublicJwk(value: unknown): Es256PublicJwk | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const jwk = value as Record<string, unknown>;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') return undefined;
  if (!isCoordinate(jwk.x) || !isCoordinate(jwk.y)) return undefined;
  for (const member of PRIVATE_MEMBERS) if (member in jwk) return undefined;
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined;
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) return undefined;
  if (jwk.alg !== undefined && jwk.alg !== 'ES256') return undefined;
  // A fresh object with only the point: nothing else from an attacker-supplied JWK travels further.
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}

/**
 * 32 bytes of canonical unpadded base64url: 43 characters, the last one carrying 2 zero padding bits (its sextet
 * is a multiple of 4). A regex instead of a decode keeps this allocation-free on the verifier's hot path.
 */
const COORDINATE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

function isCoordinate(value: unknown): value is string {
  return typeof value === 'string' && COORDINATE.test(value);
}

/** A stable identity for a P-256 public key, cheap to compute: used as a cache key for imported keys. */
export function es256KeyId(jwk: Es256PublicJwk): string {
  return jwk.x + '.' + jwk.y;
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url) of an EC public key: members crv, kty, x, y in lexicographic order. */
export async function jwkThumbprint(jwk: Es256PublicJwk, crypto: CryptoProvider): Promise<string> {
  const canonical = `{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}","y":"${jwk.y}"}`;
  return encodeBase64url(await crypto.sha256(canonical));
}

/** Copies only the public members a verifier needs (drops kid/alg/use so a credential does not echo key metadata). */
export function publicPart(jwk: Es256PublicJwk): Es256PublicJwk {
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}
