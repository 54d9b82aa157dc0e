// The one place that turns codes into words in the chosen language: errors, access-event kinds, purposes, legal bases,
// consent and request states, claim names and dates. Screens call these and never show a code; a code the catalogue
// has no words for gets general words, and the code itself goes only under "Detail teknis".
import { formatDate, hasMessage, locale, t, type MessageKey } from './index.js';

type Localized = { id: string; en: string };

const known = (key: string): key is MessageKey => hasMessage(key);

/** An error code as a title and what to do next; an unexplained code reads as the wallet's general failure. */
export function errorWords(code: string): { title: string; action: string } {
  const c = known(`error.${code}`) && known(`error.${code}.action`) ? code : 'wallet_error';
  return { title: t(`error.${c}` as MessageKey), action: t(`error.${c}.action` as MessageKey) };
}

/** What kind of access an access-log entry records ("Anda membagikan data", "Akses kantor", ...). */
export function kindWords(kind: string): string {
  const key = `activity.kind.${kind}`;
  return known(key) ? t(key) : t('activity.kind.unknown');
}

/** A purpose as the agency registered it, in the chosen language; never its code. */
export function purposeWords(purpose: { code: string; description?: Localized } | undefined | null): string {
  if (!purpose) return t('activity.noPurpose');
  const text = purpose.description?.[locale.value] ?? purpose.description?.id ?? t('words.purpose.unnamed');
  return purpose.code === 'unregistered' ? t('activity.purpose.unregistered', { purpose: text }) : text;
}

/** A legal basis (UU PDP Article 20) in plain words. */
export function legalBasisWords(basis: string): string {
  const key = `legalBasis.${basis}`;
  return known(key) ? t(key) : t('words.legalBasis.other');
}

export type ConsentStateCode = 'active' | 'paused' | 'withdrawn' | 'expired' | 'refused';

/** A consent's state: "Aktif", "Ditarik", ... */
export function consentStateWords(state: ConsentStateCode): string {
  return t(`control.state.${state}`);
}

/** A rights request's state. */
export function requestStatusWords(status: string): string {
  const key = `rights.status.${status}`;
  return known(key) ? t(key) : t('words.status.other');
}

/**
 * A claim name (dotted path, e.g. `address.city`) when no card or registry gives it a label: the catalogue's word for
 * common names, else the name's parts as words ("birth_date" -> "Birth date"), never the raw code.
 */
export function claimWords(name: string, label?: string | null): string {
  if (label && label !== name) return label;
  const key = `claim.${name}`;
  if (known(key)) return t(key);
  const words = name.split(/[._]/).filter((p) => p && !/^\d+$/.test(p)).join(' ');
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : t('words.claim.other');
}

const DATE_STYLES: Record<'date' | 'longDate' | 'dateTime' | 'longDateTime' | 'fullDate', Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'medium' },
  longDate: { dateStyle: 'long' },
  fullDate: { dateStyle: 'full' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  longDateTime: { dateStyle: 'long', timeStyle: 'short' },
};

/** A date in the chosen language's own format ("5 Desember 2026"), never ISO. Accepts ms, a Date or an ISO string. */
export function dateWords(value: number | string | Date, style: keyof typeof DATE_STYLES = 'date'): string {
  return formatDate(typeof value === 'string' ? new Date(value) : value, DATE_STYLES[style]);
}

/** A passkey's name; the service's default ("Passkey 2026-12-06") reads as "Passkey dari 6 Des 2026". */
export function passkeyNameWords(name: string, createdAt: string): string {
  return /^Passkey \d{4}-\d{2}-\d{2}$/.test(name) ? t('words.passkey.default', { date: dateWords(createdAt) }) : name;
}
