// The issuing form generated from a credential type's metadata: which fields to show, the browser-side checks (the
// server checks again), the claims object sent to the API, and the server's field errors mapped back to fields.
import { nikProblem, type NikProblem } from '../../../shared/identity/nik.js';
import type { MessageKey } from '../i18n/id.js';
import type { FieldError } from './api.js';

export interface Localized {
  id: string;
  en: string;
}

export interface ClaimDefinition {
  name: string;
  type: 'string' | 'date' | 'boolean' | 'number' | 'object';
  label: Localized;
  mandatory: boolean;
  members?: { name: string; label: Localized }[];
  derived?: unknown;
  /** A string with a known structure (`nik`). */
  format?: 'nik';
}

export interface CredentialType {
  id: string;
  display: { name: Localized; description: Localized };
  claims: ClaimDefinition[];
  defaultValidityDays: number;
}

/** One input. `key` is the claim's path under /body/claims (`name` or `address/locality`): server errors use it too. */
export interface FormField {
  key: string;
  claim: ClaimDefinition;
  member?: { name: string; label: Localized };
  kind: 'text' | 'date' | 'checkbox' | 'number';
  required: boolean;
}

export type FormValues = Record<string, string | boolean>;
/** A message key of ours, or the server's own text when we do not know its message. */
export type FieldProblem = { key: MessageKey } | { server: string };
export type FormErrors = Record<string, FieldProblem>;

/** The message for each way a value can fail to be a NIK (shared/identity/nik.ts: the server checks the same). */
export const nikMessage: Record<NikProblem, MessageKey> = {
  format: 'field.nik',
  province: 'field.nikProvince',
  birth_date: 'field.nikBirthDate',
  serial: 'field.nikSerial',
};

/** Types registered before claims carried `format` still name their NIK claim `nik`. */
const isNik = (claim: ClaimDefinition) => claim.format === 'nik' || (claim.format === undefined && claim.name === 'nik');
const MAX_LENGTH = 500;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const kindOf = (type: ClaimDefinition['type']): FormField['kind'] =>
  type === 'date' ? 'date' : type === 'boolean' ? 'checkbox' : type === 'number' ? 'number' : 'text';

/** Every field the agency fills in; derived claims (age_over_NN) are computed by the service and not shown. */
export function formFields(type: CredentialType): FormField[] {
  return type.claims
    .filter((c) => !c.derived)
    .flatMap((claim): FormField[] =>
      claim.type === 'object'
        ? (claim.members ?? []).map((member) => ({ key: `${claim.name}/${member.name}`, claim, member, kind: 'text', required: false }))
        : [{ key: claim.name, claim, kind: kindOf(claim.type), required: claim.mandatory && claim.type !== 'boolean' }],
    );
}

export function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

const text = (v: string | boolean | undefined) => (typeof v === 'string' ? v.trim() : '');

/** Browser-side checks; `today` is YYYY-MM-DD (injected so tests can fix it). Keys are field keys, or a claim name for a whole object. */
export function validate(type: CredentialType, values: FormValues, today: string): FormErrors {
  const errors: FormErrors = {};
  for (const field of formFields(type)) {
    const v = text(values[field.key]);
    if (field.kind === 'checkbox') continue;
    if (!v) {
      if (field.required) errors[field.key] = { key: 'field.required' };
      continue;
    }
    if (v.length > MAX_LENGTH) errors[field.key] = { key: 'field.tooLong' };
    else if (field.kind === 'date' && !isRealDate(v)) errors[field.key] = { key: 'field.date' };
    else if (field.kind === 'date' && field.claim.name.includes('birth') && v > today) errors[field.key] = { key: 'field.dateFuture' };
    else if (field.kind === 'number' && !Number.isFinite(Number(v))) errors[field.key] = { key: 'field.number' };
    else if (!field.member && isNik(field.claim)) {
      // Sent as typed after trimming, so separators count as a format problem here, as they do at the server.
      const problem = /^\d{16}$/.test(v) ? nikProblem(v) : 'format';
      if (problem !== undefined) errors[field.key] = { key: nikMessage[problem] };
    }
  }
  for (const claim of type.claims) {
    if (claim.type !== 'object' || !claim.mandatory || claim.derived) continue;
    if (!(claim.members ?? []).some((m) => text(values[`${claim.name}/${m.name}`]))) errors[claim.name] = { key: 'field.objectEmpty' };
  }
  return errors;
}

/** The claims object for POST /offers: trimmed strings, empty optional fields left out. */
export function buildClaims(type: CredentialType, values: FormValues): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const claim of type.claims) {
    if (claim.derived) continue;
    if (claim.type === 'object') {
      const obj: Record<string, string> = {};
      for (const m of claim.members ?? []) {
        const v = text(values[`${claim.name}/${m.name}`]);
        if (v) obj[m.name] = v;
      }
      if (Object.keys(obj).length) claims[claim.name] = obj;
    } else if (claim.type === 'boolean') {
      if (values[claim.name] === true) claims[claim.name] = true;
      else if (claim.mandatory) claims[claim.name] = false;
    } else {
      const v = text(values[claim.name]);
      if (v) claims[claim.name] = claim.type === 'number' ? Number(v) : v;
    }
  }
  return claims;
}

/**
 * The server's field errors (`/body/claims/<name>[/<member>]`) keyed like the form. The server sends English text
 * and no per-field code, so its two common messages get our own wording; any other is shown as the server wrote it.
 */
export function serverFieldErrors(errors: FieldError[]): FormErrors {
  const out: FormErrors = {};
  for (const e of errors) {
    const m = /^\/body\/claims\/(.+)$/.exec(e.path);
    if (!m) continue;
    out[m[1]!] = e.message === 'required' ? { key: 'field.required' } : e.message.startsWith('expected a date') ? { key: 'field.date' } : { server: e.message };
  }
  return out;
}
