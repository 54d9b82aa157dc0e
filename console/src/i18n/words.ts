// The one place in the console that turns the service's codes into words for an officer: event kinds, purposes,
// claim names, legal bases, error codes, dates and claim values. Screens call these and never print a code; the codes
// themselves appear only under "technical details".
import { agency, credentialTypes } from '../state/agency.js';
import type { ClaimDefinition, CredentialType } from '../lib/claims-form.js';
import { formatDate, hasMessage, localized, t } from './index.js';
import type { MessageKey } from './id.js';

/** A code we have no word for, made readable: `health_insurance_status` -> "Health insurance status". */
export function humanize(code: string): string {
  const words = code.replace(/[_.\-/]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : code;
}

const message = (key: string): string | undefined => (hasMessage(key) ? t(key as MessageKey) : undefined);

export const kindWord = (kind: string): string => message(`acc.kind.${kind}`) ?? t('acc.kind.other');

export const basisWord = (basis: string): string => message(`basis.${basis}`) ?? humanize(basis);

/** A purpose by its registered description: the event's own copy, else the agency's registry entry. */
export function purposeWord(code: string | undefined, description?: { id: string; en: string }): string {
  if (description) return localized(description);
  if (!code) return '';
  if (code === 'unregistered') return t('purpose.unregistered');
  const registered = agency.value?.purposes.find((p) => p.code === code);
  return registered ? localized(registered.description) : humanize(code);
}

function claimIn(type: CredentialType, name: string): ClaimDefinition | undefined {
  return type.claims.find((c) => c.name === name);
}

/**
 * The claim's definition from the registry: in the given credential type, else in the types the agency's purposes ask
 * for, else in the types it issues, else in any type (several types share names such as `name`).
 */
export function claimDefinition(name: string, typeId?: string): ClaimDefinition | undefined {
  const a = agency.value;
  const order = [typeId, ...(a?.purposes ?? []).flatMap((p) => p.claims.map((c) => c.credentialType)), ...(a?.credentialTypes ?? [])];
  for (const id of order) {
    const type = id ? credentialTypes.value.find((ty) => ty.id === id) : undefined;
    const claim = type && claimIn(type, name);
    if (claim) return claim;
  }
  return credentialTypes.value.map((ty) => claimIn(ty, name)).find(Boolean);
}

/** A claim path (`nik`, `address.locality`, `address/locality`) by its display name: "Kabupaten/Kota (Alamat)". */
export function claimWord(path: string | string[], typeId?: string): string {
  const parts = Array.isArray(path) ? path : path.split(/[./]/);
  const claim = claimDefinition(parts[0]!, typeId);
  if (!claim) return humanize(parts.join(' '));
  const member = parts[1] ? claim.members?.find((m) => m.name === parts[1]) : undefined;
  if (parts[1] && !member) return `${humanize(parts[1])} (${localized(claim.label)})`;
  return member ? t('field.memberOf', { member: localized(member.label), claim: localized(claim.label) }) : localized(claim.label);
}

export const claimList = (paths: string[], typeId?: string): string => paths.map((p) => claimWord(p, typeId)).join(', ');

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (`1990-01-01`) in the chosen language, without a time zone shift. */
export function dateWord(value: string): string {
  const m = DATE_ONLY.exec(value);
  return m ? formatDate(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12)) : value;
}

/** The KTP-el values of "Jenis kelamin", as printed on the card. */
export const sexValues = ['LAKI-LAKI', 'PEREMPUAN'] as const;
/** Types registered before claims carried a value list still name this claim `sex`. */
export const isSexClaim = (claim: ClaimDefinition | undefined): boolean => !!claim && claim.type === 'string' && claim.name === 'sex';
export const sexWord = (value: string): string =>
  value.toUpperCase() === 'LAKI-LAKI' ? t('issue.sex.male') : value.toUpperCase() === 'PEREMPUAN' ? t('issue.sex.female') : value;

/** A disclosed claim value as an officer reads it: dates per locale, yes/no, the KTP words. */
export function valueWord(claim: ClaimDefinition | undefined, value: unknown): string {
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (typeof value !== 'string') return String(value);
  if (claim?.type === 'date' || DATE_ONLY.test(value)) return dateWord(value);
  if (isSexClaim(claim)) return sexWord(value);
  return value;
}

/** An error code's title and next step; unknown codes get the general wording. */
export function errorWords(code: string): { title: string; action: string } {
  const title = message(`error.${code}`);
  const action = message(`error.${code}.action`);
  return title && action ? { title, action } : { title: t('error.unknown'), action: t('error.unknown.action') };
}

/** The retention line of a purpose: its maximum, or that it keeps nothing. */
export const retentionWord = (maxDays: number): string => (maxDays === 0 ? t('verify.retentionNone') : t('verify.retention', { max: maxDays }));
