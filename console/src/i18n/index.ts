// Translation for the console: the chosen locale as a signal, t() for strings, locale-aware dates. Same shape as the
// wallet's catalogue, own strings (staff vocabulary), and the same saved choice (`sahih.locale`) on this origin.
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

export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogues.id, key);
}

/** A bilingual text from the registry ({ id, en }) in the chosen language. */
export function localized(text: { id: string; en: string }): string {
  return text[locale.value];
}

export function formatDateTime(value: Date | number | string): string {
  return new Intl.DateTimeFormat(locale.value === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

export function formatDate(value: Date | number | string): string {
  return new Intl.DateTimeFormat(locale.value === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium' }).format(new Date(value));
}

export type { MessageKey };
