// The verification vocabulary: one stable code per failure, set where the check fails, and the result type
// every verifier in shared/ returns. Callers `switch (result.code)`; the text in `detail` is for humans only.

export const verificationCodes = Object.freeze([
  // token shape
  'malformed',
  'wrong_typ',
  'unsupported_alg',
  'unsupported_header',
  // issuer
  'untrusted_issuer',
  'bad_signature',
  // time
  'expired',
  'not_yet_valid',
  // selective disclosure
  'unsupported_sd_alg',
  'disclosure_malformed',
  'disclosure_unreferenced',
  'disclosure_duplicate',
  'disclosure_wrong_kind',
  'reserved_claim_name',
  'claim_name_conflict',
  // key binding
  'holder_key_invalid',
  'kb_missing',
  'kb_malformed',
  'kb_wrong_typ',
  'kb_bad_signature',
  'kb_wrong_audience',
  'kb_wrong_nonce',
  'kb_stale',
  'kb_not_yet_valid',
  'sd_hash_mismatch',
  // status
  'revoked',
  'suspended',
  'status_unknown',
  'status_unavailable',
] as const);

export type VerificationCode = (typeof verificationCodes)[number];

export interface VerificationFailure {
  readonly ok: false;
  readonly code: VerificationCode;
  /** Human-readable; never parsed. Never contains claim values. */
  readonly detail: string;
}

export function fail(code: VerificationCode, detail: string): VerificationFailure {
  return { ok: false, code, detail };
}

export function isVerificationCode(value: unknown): value is VerificationCode {
  return typeof value === 'string' && (verificationCodes as readonly string[]).includes(value);
}

/** Narrows a `T | VerificationFailure` union (values from parsers and guard helpers). */
export function isFailure(value: unknown): value is VerificationFailure {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
}
