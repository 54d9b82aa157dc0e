// Errors of the OAuth-style endpoints (token, nonce, credential). Wallets built on OpenID4VCI / RFC 6749 §5.2 read
// `error` and `error_description` from an `application/json` body, so here the spec overrides RFC 9457: the body is
// `application/json` and carries BOTH the OAuth members and our problem members (type, title, status, code, detail,
// requestId). OAuth clients ignore the extra members and our own clients keep switching on `code`. The media type
// stays application/json because strict OAuth clients reject application/problem+json.
import type { Context } from 'hono';
import type { ErrorCode } from '../errors.js';
import type { AppEnv } from './env.js';
import { onError, problemBody, toAppError } from './problem.js';

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

/** onError for the OAuth endpoints: internal errors still go through the shared handler (logging, no internals). */
export function onOAuthError(err: unknown, c: Context<AppEnv>): Response {
  const appError = toAppError(err);
  const oauthError = oauthErrorOf[appError.code];
  if (!oauthError) return onError(err, c);
  const body = { error: oauthError, ...(appError.detail ? { error_description: appError.detail } : {}), ...problemBody(appError, c) };
  const headers = new Headers(appError.headers);
  headers.set('content-type', 'application/json');
  headers.set('cache-control', 'no-store');
  return new Response(JSON.stringify(body), { status: body.status, headers });
}
