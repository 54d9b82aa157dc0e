// The OpenID4VP identifiers of a verifier agency and of one request.
//
// Client identifier: a pre-registered client (OpenID4VP 1.0 §5.9), written as `${publicUrl}/agencies/<agencyId>`.
// Sahih's trust registry is the registration: the wallet resolves the client id to
// `GET /v1/registry/agencies/<agencyId>` (same origin, same id) and shows the agency's registered legal name, contact
// and purposes rather than a URL, and checks the request object against the agency's published keys. It is an
// http(s) URL rather than a bare id so that it names the registry that vouches for it; a wallet that splits the id at
// the first ':' sees "https", which is no OpenID4VP 1.0 client identifier prefix, and so treats it as pre-registered.
export const clientIdOf = (publicUrl: string, agencyId: string) => `${publicUrl}/agencies/${agencyId}`;

export const requestUriOf = (publicUrl: string, requestId: string) => `${publicUrl}/v1/presentation-requests/${requestId}/request-object`;

export const responseUriOf = (publicUrl: string, requestId: string) => `${publicUrl}/v1/presentation-requests/${requestId}/response`;

/** `audience` of the KB-JWT and of the request object (OpenID4VP 1.0 §5: static SIOP audience for JAR). */
export const REQUEST_OBJECT_AUDIENCE = 'https://self-issued.me/v2';
