// Translation: the chosen locale as a signal, t() for strings, and locale-aware date and number formatting.
import { signal } from '@preact/signals';
import { en } from './en.js';
import { id, type MessageKey } from './id.js';

export type Locale = 'id' | 'en';
export const locales: readonly Locale[] = ['id', 'en'];

const catalogues: Record<Locale, Record<MessageKey, string>> = { id, en };
const storageKey = 'sahih.locale';

function initialLocale(): Locale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(storageKey);
  return saved === 'en' || saved === 'id' ? saved : 'id';
}

export const locale = signal<Locale>(initialLocale());

export function setLocale(next: Locale): void {
  locale.value = next;
  localStorage.setItem(storageKey, next);
  document.documentElement.lang = next;
}

/** Looks up a message and fills `{name}` placeholders. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const template = catalogues[locale.value][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** True when the catalogue has the key (for codes that arrive at run time, e.g. error codes). */
export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogues.id, key);
}

export function formatDate(value: Date | number, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return new Intl.DateTimeFormat(locale.value === 'id' ? 'id-ID' : 'en-GB', options).format(value);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale.value === 'id' ? 'id-ID' : 'en-GB').format(value);
}

export type { MessageKey };
