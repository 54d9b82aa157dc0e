// The one boundary where failures become RFC 9457 application/problem+json responses.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type ErrorCode, type FieldError } from '../errors.js';
import { clientAbort } from './client-abort.js';
import type { AppEnv } from './env.js';
import { verificationStatusOf, verificationTitleOf } from './verification-problems.js';

const statusOf: Record<ErrorCode, ContentfulStatusCode> = {
  malformed_body: 400,
  malformed_request: 400,
  request_timeout: 408,
  request_headers_too_large: 431,
  invalid_request: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  not_found: 404,
  method_not_allowed: 405,
  unauthenticated: 401,
  forbidden: 403,
  conflict: 409,
  rate_limited: 429,
  webauthn_challenge_invalid: 400,
  webauthn_origin_mismatch: 400,
  webauthn_rp_id_mismatch: 400,
  webauthn_user_not_verified: 400,
  webauthn_counter_regressed: 401,
  webauthn_backup_state_invalid: 401,
  webauthn_credential_unknown: 401,
  webauthn_verification_failed: 401,
  session_expired: 401,
  csrf_rejected: 403,
  passkey_last_remaining: 409,
  passkey_in_use: 409,
  service_unavailable: 503,
  internal_error: 500,
  invalid_api_key: 401,
  agency_mismatch: 403,
  agency_suspended: 403,
  agency_role_mismatch: 403,
  credential_type_not_allowed: 403,
  unknown_credential_type: 400,
  invalid_claims: 400,
  unsupported_grant_type: 400,
  invalid_pre_authorized_code: 400,
  offer_expired: 400,
  offer_already_redeemed: 400,
  tx_code_required: 400,
  tx_code_invalid: 400,
  tx_code_attempts_exceeded: 400,
  invalid_access_token: 401,
  unknown_credential_configuration: 400,
  invalid_credential_request: 400,
  invalid_proof: 400,
  invalid_nonce: 400,
  credential_revoked: 409,
  unknown_purpose: 400,
  claims_outside_purpose: 403,
  retention_exceeds_purpose: 400,
  response_mode_unsupported: 400,
  request_not_found: 404,
  request_expired: 410,
  presentation_replayed: 409,
  nonce_reused: 409,
  state_mismatch: 400,
  invalid_vp_token: 400,
  required_credential_missing: 400,
  claims_mismatch: 400,
  holder_not_bound: 403,
  consent_invalid: 400,
  consent_record_required: 403,
  holder_key_proof_invalid: 400,
  holder_key_claimed: 409,
  consent_not_active: 403,
  consent_needs_review: 403,
  result_already_read: 410,
  consent_transition_invalid: 409,
  consent_chain_mismatch: 409,
  webhook_not_registered: 409,
  webhook_url_not_allowed: 400,
  backup_version_conflict: 409,
  feedback_empty: 400,
  feedback_not_applicable: 409,
  feedback_already_given: 409,
  breach_window_invalid: 400,
  backup_too_large: 413,
  invalid_issuer_identifier: 400,
  issuer_metadata_unavailable: 502,
  invalid_type_metadata: 422,
  type_metadata_unavailable: 502,
  invalid_certificate: 400,
  ...verificationStatusOf,
};

const titleOf: Record<ErrorCode, string> = {
  malformed_body: 'The request body could not be parsed',
  malformed_request: 'The request is not valid HTTP',
  request_timeout: 'The request took too long to arrive',
  request_headers_too_large: 'The request headers are too large',
  invalid_request: 'The request does not match the schema',
  unsupported_media_type: 'The request body has an unsupported content type',
  payload_too_large: 'The request body is too large',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  unauthenticated: 'Authentication required',
  forbidden: 'Not allowed',
  conflict: 'The request conflicts with the current state',
  rate_limited: 'Too many attempts',
  webauthn_challenge_invalid: 'The passkey challenge is unknown, expired or already used',
  webauthn_origin_mismatch: 'The passkey response comes from an origin this service does not accept',
  webauthn_rp_id_mismatch: 'The passkey response is for another relying party',
  webauthn_user_not_verified: 'The authenticator did not verify the user',
  webauthn_counter_regressed: 'The passkey signature counter went backwards (possible cloned authenticator)',
  webauthn_backup_state_invalid: 'The passkey backup flags are inconsistent',
  webauthn_credential_unknown: 'The passkey is not registered',
  webauthn_verification_failed: 'The passkey response could not be verified',
  session_expired: 'The session has expired',
  csrf_rejected: 'The request lacks the cross-site request forgery defence',
  passkey_last_remaining: 'The last passkey of an account cannot be removed',
  passkey_in_use: 'The passkey of the session making the request cannot be reported lost',
  service_unavailable: 'The service is temporarily unavailable',
  internal_error: 'Internal error',
  invalid_api_key: 'The API key is missing, unknown or revoked',
  agency_mismatch: 'The API key belongs to another agency',
  agency_suspended: 'The agency is suspended',
  agency_role_mismatch: "The agency's registered role does not allow this",
  credential_type_not_allowed: 'The agency is not registered to issue this credential type',
  unknown_credential_type: 'Unknown credential type',
  invalid_claims: 'The claims do not match the credential type or purpose',
  unsupported_grant_type: 'Unsupported grant type',
  invalid_pre_authorized_code: 'The pre-authorized code is not valid',
  offer_expired: 'The credential offer has expired',
  offer_already_redeemed: 'The credential offer has already been used',
  tx_code_required: 'A transaction code is required',
  tx_code_invalid: 'The transaction code is wrong',
  tx_code_attempts_exceeded: 'Too many wrong transaction codes; the offer is cancelled',
  invalid_access_token: 'The access token is missing, unknown, expired or used',
  unknown_credential_configuration: 'Unknown credential configuration',
  invalid_credential_request: 'The credential request is invalid',
  invalid_proof: 'The key proof is invalid',
  invalid_nonce: 'The key proof nonce is missing, stale or already used',
  credential_revoked: 'The credential is revoked for good',
  unknown_purpose: 'The agency has no registered purpose with this code',
  claims_outside_purpose: 'The claims go beyond what the registered purpose allows',
  retention_exceeds_purpose: 'The retention is longer than the registered purpose allows',
  response_mode_unsupported: 'This response mode is not available',
  request_not_found: 'Unknown presentation request',
  request_expired: 'The presentation request has expired',
  presentation_replayed: 'The presentation request has already been answered',
  nonce_reused: 'This nonce has already been used with a verification',
  state_mismatch: 'The state does not match the presentation request',
  invalid_vp_token: 'The vp_token is missing or malformed',
  required_credential_missing: 'The vp_token leaves out a credential the request requires',
  claims_mismatch: 'The disclosed claims do not match the request',
  holder_not_bound: 'The holder key is not bound to any citizen account',
  consent_invalid: 'The consent record is invalid or does not match the request',
  consent_record_required: 'This request needs a consent record signed by the holder key',
  holder_key_proof_invalid: 'The proof of possession of the holder key is invalid',
  holder_key_claimed: 'Another account has already proved this holder key',
  consent_not_active: "The citizen's consent for this purpose is withdrawn, paused or expired",
  consent_needs_review: 'The citizen has not yet reviewed their consent after a change of the privacy notice or purpose',
  result_already_read: 'The disclosed values were already delivered and are gone',
  consent_transition_invalid: 'The consent cannot change to this state from its current one',
  consent_chain_mismatch: 'The new consent record does not link to the current one (stale or forged chain)',
  webhook_not_registered: 'The agency has no webhook endpoint registered',
  webhook_url_not_allowed: 'The webhook url must use https and reach a host on the public internet',
  backup_version_conflict: 'A newer backup is stored than the one this replaces',
  feedback_empty: 'The feedback says nothing',
  feedback_not_applicable: 'This entry cannot be rated',
  feedback_already_given: 'Feedback on this access was given already',
  breach_window_invalid: 'The breach window or discovery time is impossible',
  backup_too_large: 'The sealed backup is larger than the service keeps',
  invalid_issuer_identifier: 'The issuer identifier is not an https URL this service can read',
  issuer_metadata_unavailable: "The issuer's SD-JWT VC metadata or keys could not be read",
  invalid_type_metadata: 'The SD-JWT VC type metadata is not acceptable',
  type_metadata_unavailable: 'The SD-JWT VC type metadata could not be read',
  invalid_certificate: 'The certificate is not an acceptable X.509 trust anchor',
  ...verificationTitleOf,
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

export function problemType(code: ErrorCode): string {
  // A URN rather than a URL: stable and never dereferenced by clients (RFC 9457 §3.1.1 allows any URI).
  return `urn:sahih:problem:${code}`;
}

export function httpStatusOf(code: ErrorCode): ContentfulStatusCode {
  return statusOf[code];
}

export function problemBody(error: AppError, c: Context<AppEnv>): Problem {
  const body: Problem = {
    type: problemType(error.code),
    title: titleOf[error.code],
    status: statusOf[error.code],
    code: error.code,
    instance: new URL(c.req.url).pathname,
    requestId: c.get('requestId'),
  };
  if (error.detail !== undefined) body.detail = error.detail;
  if (error.fieldErrors?.length) body.errors = error.fieldErrors;
  return body;
}

export function problemResponse(error: AppError, c: Context<AppEnv>): Response {
  const body = problemBody(error, c);
  const headers = new Headers(error.headers);
  headers.set('content-type', 'application/problem+json');
  headers.set('cache-control', 'no-store');
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

/** Maps anything thrown into an AppError; non-AppErrors from our own code are bugs and become internal_error. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    // Hono raises these from its validators and middleware; map by status, never by message text.
    switch (err.status) {
      case 400:
        return new AppError('malformed_body', { detail: 'The body is not valid JSON or form data.' });
      case 401:
        return new AppError('unauthenticated');
      case 413:
        return new AppError('payload_too_large');
      case 415:
        return new AppError('unsupported_media_type', { detail: 'Send the body with a content type this endpoint accepts.' });
      case 404:
        return new AppError('not_found');
      default:
        return new AppError('internal_error', { cause: err });
    }
  }
  return new AppError('internal_error', { cause: err });
}

/** Logs the cause of an internal error for operators; the client gets no internals. */
export function logIfInternal(appError: AppError, err: unknown, c: Context<AppEnv>): void {
  if (appError.code === 'internal_error') c.get('logger')?.error({ err: appError.cause ?? err, requestId: c.get('requestId') }, 'unhandled error');
}

export function problemTitle(code: ErrorCode): string {
  return titleOf[code];
}

export function onError(err: unknown, c: Context<AppEnv>): Response {
  const aborted = clientAbort(err, c);
  if (aborted) return problemResponse(aborted, c);
  const appError = toAppError(err);
  logIfInternal(appError, err, c);
  return problemResponse(appError, c);
}
