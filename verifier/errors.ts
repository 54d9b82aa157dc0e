// The service's one error vocabulary: every failure that crosses the API carries one of these stable codes.
// Domain code throws AppError; only verifier/http/problem.ts turns a code into an HTTP status.
import { verificationCodes } from '../shared/verification/result.js';

export const errorCodes = [
  // request shape
  'malformed_body',
  // rejected by Node's HTTP parser before routing (verifier/http/client-error.ts), or a body cut short (client-abort.ts)
  'malformed_request',
  'request_timeout',
  'request_headers_too_large',
  'invalid_request',
  'unsupported_media_type',
  'payload_too_large',
  'not_found',
  'method_not_allowed',
  // authentication and authorisation
  'unauthenticated',
  'forbidden',
  // state
  'conflict',
  'rate_limited',
  // passkey accounts and sessions (verifier/accounts)
  'webauthn_challenge_invalid',
  'webauthn_origin_mismatch',
  'webauthn_rp_id_mismatch',
  'webauthn_user_not_verified',
  'webauthn_counter_regressed',
  'webauthn_backup_state_invalid',
  'webauthn_credential_unknown',
  'webauthn_verification_failed',
  'session_expired',
  'csrf_rejected',
  'passkey_last_remaining',
  // "I lost my phone" names the passkey this very session signed in with (verifier/accounts/lost-device.ts)
  'passkey_in_use',
  // trust registry and agency API keys (verifier/registry)
  'invalid_api_key',
  'agency_mismatch',
  'agency_suspended',
  'agency_role_mismatch',
  'credential_type_not_allowed',
  'unknown_credential_type',
  'invalid_claims',
  // OpenID4VCI issuance (verifier/issuance); the OAuth endpoints also carry the RFC 6749 `error`
  'unsupported_grant_type',
  'invalid_pre_authorized_code',
  'offer_expired',
  'offer_already_redeemed',
  'tx_code_required',
  'tx_code_invalid',
  'tx_code_attempts_exceeded',
  'invalid_access_token',
  'unknown_credential_configuration',
  'invalid_credential_request',
  'invalid_proof',
  'invalid_nonce',
  // credential status (verifier/status)
  'credential_revoked',
  // OpenID4VP presentation requests and responses, direct verification (verifier/presentation)
  'unknown_purpose',
  'claims_outside_purpose',
  'retention_exceeds_purpose',
  'response_mode_unsupported',
  'request_not_found',
  'request_expired',
  'presentation_replayed',
  'nonce_reused',
  'state_mismatch',
  'invalid_vp_token',
  'required_credential_missing',
  'claims_mismatch',
  // Retired (issue 17): no route answers it since unbound holder keys verify; kept so clients matching on it still
  // compile and the code is never reused for another meaning.
  'holder_not_bound',
  'consent_invalid',
  'consent_record_required',
  'holder_key_proof_invalid',
  'holder_key_claimed',
  'consent_not_active',
  'consent_needs_review',
  'result_already_read',
  // consent control (verifier/consent) and agency webhooks (verifier/webhooks)
  'consent_transition_invalid',
  'consent_chain_mismatch',
  'webhook_not_registered',
  'webhook_url_not_allowed',
  // sealed wallet backups (verifier/backup)
  'backup_version_conflict',
  'backup_too_large',
  // citizens' voice: feedback, breach reports, the inbox (verifier/voice)
  'feedback_empty',
  'feedback_not_applicable',
  'feedback_already_given',
  'breach_window_invalid',
  // external issuers in the trust registry (verifier/trust)
  'invalid_issuer_identifier',
  'issuer_metadata_unavailable',
  'invalid_type_metadata',
  'type_metadata_unavailable',
  'invalid_certificate',
  // The credential core's verification codes, one to one (not one `presentation_rejected` plus a reason): the same
  // code reaches the agency whether it polls a result, reads a /v1/verify verdict or the wallet reads a response error.
  ...verificationCodes,
  // the service itself
  'service_unavailable',
  'internal_error',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface FieldError {
  /** JSON-pointer-like path of the offending field, e.g. "/claims/0/name". */
  path: string;
  message: string;
}

export interface AppErrorOptions {
  detail?: string;
  fieldErrors?: FieldError[];
  /** Extra response headers, e.g. Retry-After or WWW-Authenticate. */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly fieldErrors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.detail ?? code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = options.detail;
    this.fieldErrors = options.fieldErrors;
    this.headers = options.headers;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
