// Errors of the OAuth-style endpoints (token, nonce, credential). Wallets built on OpenID4VCI / RFC 6749 §5.2 read
// `error` and `error_description` from an `application/json` body, so here the spec overrides RFC 9457: the body is
// `application/json` and carries BOTH the OAuth members and our problem members (type, title, status, code, detail,
// requestId). OAuth clients ignore the extra members and our own clients keep switching on `code`. The media type
// stays application/json because strict OAuth clients reject application/problem+json.
import type { Context } from 'hono';
import type { ErrorCode } from '../errors.js';
import { clientAbort } from './client-abort.js';
import type { AppEnv } from './env.js';
import { httpStatusOf, logIfInternal, problemBody, toAppError } from './problem.js';

/** The OpenID4VCI endpoints that answer errors in the OAuth shape (routes/oid4vci.ts declares exactly these). */
const oauthEndpoint = /^\/issuers\/[^/]+\/(?:token|nonce|credential)$/;

/** True for a request path (`/issuers/dukcapil/token`) or a route path (`/issuers/{agencyId}/token`) of those endpoints. */
export function isOAuthEndpoint(path: string): boolean {
  return oauthEndpoint.test(path);
}

const oauthErrorOf: Partial<Record<ErrorCode, string>> = {
  malformed_body: 'invalid_request',
  invalid_request: 'invalid_request',
  unsupported_media_type: 'invalid_request',
  payload_too_large: 'invalid_request',
  unsupported_grant_type: 'unsupported_grant_type',
  invalid_pre_authorized_code: 'invalid_grant',
  offer_expired: 'invalid_grant',
  offer_already_redeemed: 'invalid_grant',
  tx_code_required: 'invalid_request',
  tx_code_invalid: 'invalid_grant',
  tx_code_attempts_exceeded: 'invalid_grant',
  agency_suspended: 'invalid_grant',
  not_found: 'invalid_request',
  invalid_access_token: 'invalid_token',
  unknown_credential_configuration: 'unknown_credential_configuration',
  invalid_credential_request: 'invalid_credential_request',
  invalid_proof: 'invalid_proof',
  invalid_nonce: 'invalid_nonce',
  rate_limited: 'slow_down',
};

/** The OAuth `error` of a code: its own mapping, else invalid_request for a client fault and server_error (or
 * temporarily_unavailable, RFC 6749 §4.1.2.1) for ours, so these endpoints answer one shape whatever goes wrong. */
function oauthErrorFor(code: ErrorCode): string {
  const mapped = oauthErrorOf[code];
  if (mapped) return mapped;
  const status = httpStatusOf(code);
  if (status === 503) return 'temporarily_unavailable';
  return status >= 500 ? 'server_error' : 'invalid_request';
}

/** onError for the OAuth endpoints: internal errors are logged as everywhere, and the client gets no internals. */
export function onOAuthError(err: unknown, c: Context<AppEnv>): Response {
  const appError = clientAbort(err, c) ?? toAppError(err);
  logIfInternal(appError, err, c);
  const oauthError = oauthErrorFor(appError.code);
  const body = { error: oauthError, ...(appError.detail ? { error_description: appError.detail } : {}), ...problemBody(appError, c) };
  const headers = new Headers(appError.headers);
  headers.set('content-type', 'application/json');
  headers.set('cache-control', 'no-store');
  return new Response(JSON.stringify(body), { status: body.status, headers });
}
