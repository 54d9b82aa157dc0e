// The OpenID4VP identifiers of a verifier agency and of one request.
//
// Client identifiers (OpenID4VP 1.0 §5.9), chosen per request:
// - `x509_san_dns:<host of PUBLIC_URL>` (HAIP 1.0): the request object carries an x5c chain from the operator's CA
//   whose leaf names the host as SAN DNS and the agency's registry URI as SAN URI. Any conformant wallet resolves it.
// - `x509_hash:<base64url SHA-256 of the leaf>`: the same chain, pinned to the agency's certificate.
// - `sahih_registry`: `${publicUrl}/agencies/<agencyId>`, a client pre-registered in Sahih's trust registry. A wallet
//   that splits it at the first ':' sees "https"/"http", no OpenID4VP prefix, and treats it as pre-registered; only
//   Sahih's wallet knows to resolve it against GET /v1/registry/agencies/<agencyId> and the agency's published keys.
export const clientIdPrefixes = ['x509_san_dns', 'x509_hash', 'sahih_registry'] as const;
export type ClientIdPrefix = (typeof clientIdPrefixes)[number];

/** The `sahih_registry` client identifier of an agency. */
export const clientIdOf = (publicUrl: string, agencyId: string) => `${publicUrl}/agencies/${agencyId}`;

export const requestUriOf = (publicUrl: string, requestId: string) => `${publicUrl}/v1/presentation-requests/${requestId}/request-object`;

export const responseUriOf = (publicUrl: string, requestId: string) => `${publicUrl}/v1/presentation-requests/${requestId}/response`;

/** `audience` of the KB-JWT and of the request object (OpenID4VP 1.0 §5: static SIOP audience for JAR). */
export const REQUEST_OBJECT_AUDIENCE = 'https://self-issued.me/v2';
