// Reading an issuer's published metadata (OpenID4VCI 1.0 §12.2, SD-JWT VC issuer metadata): well-known URLs are
// formed by inserting the well-known segment between the host and the path of the identifier.
import type { PublicJwk } from '../../../shared/crypto/types.js';
import { api, ApiError } from './api.js';

export interface Display {
  name?: string;
  locale?: string;
  description?: string;
}

export interface ClaimMetadata {
  path: (string | number | null)[];
  display?: Display[];
}

export interface CredentialConfiguration {
  format: string;
  vct?: string;
  credential_metadata?: { display?: Display[]; claims?: ClaimMetadata[] };
  /** Draft-era placement of the same fields. */
  display?: Display[];
  claims?: ClaimMetadata[];
  proof_types_supported?: Record<string, { proof_signing_alg_values_supported?: string[] }>;
}

export interface IssuerMetadata {
  credential_issuer: string;
  credential_endpoint: string;
  nonce_endpoint?: string;
  authorization_servers?: string[];
  display?: Display[];
  credential_configurations_supported: Record<string, CredentialConfiguration>;
  /** Some issuers also publish the token endpoint here. */
  token_endpoint?: string;
}

export function wellKnown(identifier: string, segment: string): string {
  const url = new URL(identifier);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  return `${url.origin}/.well-known/${segment}${path}`;
}

export async function fetchIssuerMetadata(issuer: string): Promise<IssuerMetadata> {
  const metadata = await api<IssuerMetadata>(wellKnown(issuer, 'openid-credential-issuer'));
  if (metadata.credential_issuer !== issuer || typeof metadata.credential_endpoint !== 'string') {
    throw new ApiError('issuer_metadata_invalid', 0);
  }
  return metadata;
}

/** The token endpoint: from the authorization server's RFC 8414 metadata, else OpenID discovery, else the issuer's. */
export async function fetchTokenEndpoint(metadata: IssuerMetadata): Promise<string> {
  const server = metadata.authorization_servers?.[0] ?? metadata.credential_issuer;
  for (const url of [wellKnown(server, 'oauth-authorization-server'), `${server.replace(/\/+$/, '')}/.well-known/openid-configuration`]) {
    try {
      const as = await api<{ token_endpoint?: string }>(url);
      if (typeof as.token_endpoint === 'string') return as.token_endpoint;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'network') throw error;
    }
  }
  if (metadata.token_endpoint) return metadata.token_endpoint;
  throw new ApiError('issuer_metadata_invalid', 0);
}

/** The issuer's signing keys (JWT VC issuer metadata: inline `jwks` or `jwks_uri`). */
export async function fetchIssuerKeys(issuer: string): Promise<PublicJwk[]> {
  const doc = await api<{ issuer?: string; jwks?: { keys?: PublicJwk[] }; jwks_uri?: string }>(wellKnown(issuer, 'jwt-vc-issuer'));
  if (doc.jwks?.keys) return doc.jwks.keys;
  if (doc.jwks_uri) return (await api<{ keys?: PublicJwk[] }>(doc.jwks_uri)).keys ?? [];
  return [];
}

export function pickKey(keys: PublicJwk[], kid: string | undefined): PublicJwk | undefined {
  return kid === undefined ? (keys.length === 1 ? keys[0] : undefined) : keys.find((k) => k.kid === kid);
}

/** The display entry for a locale: exact, then language match, then the first. */
export function displayFor(displays: Display[] | undefined, locale: string): Display | undefined {
  if (!displays?.length) return undefined;
  return (
    displays.find((d) => d.locale === locale) ??
    displays.find((d) => d.locale?.split('-')[0] === locale.split('-')[0]) ??
    displays.find((d) => d.locale === undefined) ??
    displays[0]
  );
}
