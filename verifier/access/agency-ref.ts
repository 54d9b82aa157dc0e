// The agency's own reference (case or customer number): what it may look like, and the guard that keeps it from
// carrying a citizen's data. It is stored beside offers, credentials, requests and access events, never in the log's
// committed text, and only the agency that set it reads it back.
import { AppError } from '../errors.js';

export const AGENCY_REF_MAX = 64;
/** 1-64 characters: letters, digits, space and . _ / : # -, starting and ending with a letter or digit. */
export const AGENCY_REF_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9 ._/:#-]{0,62}[A-Za-z0-9])?$/;
/** A search term: any run of the allowed characters. */
export const AGENCY_REF_SEARCH_PATTERN = /^[A-Za-z0-9 ._/:#-]{1,64}$/;
/** Sixteen digits in a row read as a NIK: personal data, never a reference. */
const NIK_LIKE = /(?<!\d)\d{16}(?!\d)/;

export const AGENCY_REF_RULES =
  "The agency's own case or customer number: 1-64 characters (letters A-Z, digits, space and . _ / : # -), starting and ending with a letter or digit. Never a claim value: a reference containing a 16-digit number (a NIK) or equal to a value offered in `claims` is refused.";

export function agencyRefProblem(ref: string): string | undefined {
  if (!AGENCY_REF_PATTERN.test(ref)) return 'letters, digits, space and . _ / : # - (1-64 characters), starting and ending with a letter or digit';
  if (NIK_LIKE.test(ref)) return 'must not contain a NIK (16 digits): use the agency’s own number';
  return undefined;
}

/** Refuses a reference that would carry personal data: a NIK, or any of the offered claim values. */
export function checkAgencyRef(ref: string | undefined, options: { field: string; claims?: Record<string, unknown> }): void {
  if (ref === undefined) return;
  const problem = agencyRefProblem(ref) ?? (repeatsClaimValue(ref, options.claims) ? 'must not repeat a claim value' : undefined);
  if (problem) throw new AppError('invalid_request', { detail: `${options.field.split('/').at(-1)}: ${problem}`, fieldErrors: [{ path: options.field, message: problem }] });
}

function repeatsClaimValue(ref: string, claims: Record<string, unknown> | undefined): boolean {
  if (!claims) return false;
  const needle = ref.trim().toLowerCase();
  const values: unknown[] = Object.values(claims);
  while (values.length) {
    const v = values.pop();
    if (typeof v === 'string' || typeof v === 'number') {
      if (String(v).trim().toLowerCase() === needle) return true;
    } else if (v && typeof v === 'object') values.push(...Object.values(v));
  }
  return false;
}
