// SD-JWT VC issuer metadata (draft-ietf-oauth-sd-jwt-vc §5): the issuer's public keys, read from
// `/.well-known/jwt-vc-issuer` inserted between the host and the path of its issuer identifier, either inline
// (`jwks`) or by reference (`jwks_uri`). Only ES256 (EC P-256) keys are kept: the credential core verifies nothing else.
import { toEs256PublicJwk } from '../../shared/crypto/jwk.js';
import type { Es256PublicJwk } from '../../shared/crypto/types.js';
import { fetchJsonObject, isFetchableUrl, RemoteFetchError, type RemoteFetch } from './remote-fetch.js';

export class IssuerMetadataError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IssuerMetadataError';
  }
}

/** An issuer identifier we accept: an https URL (http://localhost when allowed) without query or fragment. */
export function isIssuerIdentifier(raw: string, allowLocal: boolean): boolean {
  if (!isFetchableUrl(raw, allowLocal)) return false;
  const url = new URL(raw);
  return url.search === '' && raw.length <= 500;
}

/** §5.1: `https://example.com/tenant/1` → `https://example.com/.well-known/jwt-vc-issuer/tenant/1`. */
export function issuerMetadataUrl(issuer: string): string {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}/.well-known/jwt-vc-issuer${path}`;
}

export interface IssuerKey {
  /** The JWK's `kid`, which credentials name in their header (absent: the key is found only when it is the only one). */
  kid: string | undefined;
  jwk: Es256PublicJwk;
}

/** The issuer's current ES256 keys; IssuerMetadataError when they cannot be read or the metadata is not acceptable. */
export async function fetchIssuerKeys(fetch: RemoteFetch, issuer: string, allowLocal: boolean): Promise<IssuerKey[]> {
  const metadata = await read(fetch, issuerMetadataUrl(issuer), 'issuer metadata');
  // §5.2: the `issuer` member must be identical to the issuer identifier the metadata was read for.
  if (metadata.issuer !== issuer) throw new IssuerMetadataError('the metadata names another issuer');
  if (metadata.jwks !== undefined && metadata.jwks_uri !== undefined) throw new IssuerMetadataError('the metadata has both jwks and jwks_uri');
  let jwks: unknown = metadata.jwks;
  if (jwks === undefined) {
    const uri = metadata.jwks_uri;
    if (typeof uri !== 'string' || !isFetchableUrl(uri, allowLocal)) throw new IssuerMetadataError('the metadata has neither jwks nor an https jwks_uri');
    jwks = await read(fetch, uri, 'JWKS', 'application/jwk-set+json, application/json');
  }
  const listed = typeof jwks === 'object' && jwks !== null && Array.isArray((jwks as { keys?: unknown }).keys) ? (jwks as { keys: unknown[] }).keys : undefined;
  if (!listed) throw new IssuerMetadataError('the JWKS has no keys array');
  const keys = listed.flatMap((k): IssuerKey[] => {
    const jwk = toEs256PublicJwk(k);
    const kid = (k as { kid?: unknown }).kid;
    return jwk ? [{ kid: typeof kid === 'string' ? kid : undefined, jwk }] : [];
  });
  if (keys.length === 0) throw new IssuerMetadataError('the JWKS has no ES256 signature key');
  return keys;
}

async function read(fetch: RemoteFetch, url: string, what: string, accept = 'application/json') {
  try {
    return await fetchJsonObject(fetch, url, accept);
  } catch (cause) {
    throw new IssuerMetadataError(`the ${what} could not be read (${cause instanceof RemoteFetchError ? cause.message : 'error'})`, { cause });
  }
}
