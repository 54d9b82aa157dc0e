// Checks an offer's claims against the credential type, derives the computed claims (age_over_NN) at issuance,
// and builds the disclosure frame (every claim selectively disclosable unless the type says otherwise).
import { nikProblem, nikProblemText } from '../../shared/identity/nik.js';
import type { DisclosureFrame } from '../../shared/sdjwt/frame.js';
import type { JsonObject } from '../../shared/jose/jws.js';
import { AppError, type FieldError } from '../errors.js';
import type { CredentialClaimDefinition, CredentialTypeRecord } from '../store/types.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isValidDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

function checkValue(def: CredentialClaimDefinition, value: unknown, path: string, errors: FieldError[]): void {
  const bad = (message: string): void => {
    errors.push({ path, message });
  };
  switch (def.type) {
    case 'string': {
      if (typeof value !== 'string' || value.length === 0 || value.length > 500) return bad('expected a non-empty string (at most 500 characters)');
      const problem = def.format === 'nik' ? nikProblem(value) : undefined;
      // Exactly 16 digits as issued: a credential carries the NIK in its canonical form, separators and all removed.
      if (problem !== undefined) bad(nikProblemText[problem]);
      else if (def.format === 'nik' && !/^\d{16}$/.test(value)) bad('16 digits without separators');
      return;
    }
    case 'date':
      if (!isValidDate(value)) bad('expected a date YYYY-MM-DD');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') bad('expected true or false');
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) bad('expected a number');
      return;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('expected an object');
      const members = new Map((def.members ?? []).map((m) => [m.name, m]));
      for (const [name, member] of Object.entries(value)) {
        if (!members.has(name)) bad(`unknown member ${name}`);
        else if (typeof member !== 'string' || member.length === 0 || member.length > 500) errors.push({ path: `${path}/${name}`, message: 'expected a non-empty string' });
      }
      return;
    }
  }
}

/** Throws invalid_claims naming every problem: unknown, missing, derived-but-supplied or mistyped claims. */
export function checkOfferClaims(type: CredentialTypeRecord, claims: Record<string, unknown>): void {
  const errors: FieldError[] = [];
  const byName = new Map(type.claims.map((c) => [c.name, c]));
  for (const [name, value] of Object.entries(claims)) {
    const def = byName.get(name);
    if (!def) errors.push({ path: `/body/claims/${name}`, message: `not a claim of ${type.id}` });
    else if (def.derived) errors.push({ path: `/body/claims/${name}`, message: 'computed by the service; do not send it' });
    else checkValue(def, value, `/body/claims/${name}`, errors);
  }
  for (const def of type.claims) {
    if (def.mandatory && !def.derived && !(def.name in claims)) errors.push({ path: `/body/claims/${def.name}`, message: 'required' });
  }
  if (errors.length) {
    // Field paths name claims, never their values.
    throw new AppError('invalid_claims', { detail: `${errors.length} claim problem(s): ${errors.map((e) => e.path).join(', ')}`, fieldErrors: errors });
  }
}

/** Whole years between a YYYY-MM-DD birth date and `now`, on the calendar of Western Indonesia Time (UTC+7). */
export function ageOn(birthDate: string, nowMs: number): number {
  const today = new Date(nowMs + 7 * 3600 * 1000);
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  const beforeBirthday = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  if (beforeBirthday) age--;
  return age;
}

/** The credential's claims: the agency's values plus derived ones, in the type's declared order. */
export function credentialClaims(type: CredentialTypeRecord, claims: Record<string, unknown>, nowMs: number): JsonObject {
  const out: JsonObject = {};
  for (const def of type.claims) {
    if (def.derived) {
      const from = claims[def.derived.from];
      if (typeof from === 'string') out[def.name] = ageOn(from, nowMs) >= def.derived.years;
    } else if (def.name in claims) {
      out[def.name] = claims[def.name];
    }
  }
  return out;
}

export function disclosureFrame(type: CredentialTypeRecord, claims: JsonObject): DisclosureFrame {
  const frame: Record<string, DisclosureFrame | string[]> = {};
  const sd: string[] = [];
  for (const def of type.claims) {
    if (!(def.name in claims)) continue;
    if (def.sd !== false) sd.push(def.name);
    const value = claims[def.name];
    if (def.type === 'object' && typeof value === 'object' && value !== null) frame[def.name] = { _sd: Object.keys(value) };
  }
  return { ...frame, _sd: sd };
}
