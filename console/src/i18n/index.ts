// Translation for the console: its own catalogues (staff vocabulary) over the language choice it shares with the
// wallet on this origin, and locale-aware dates.
import { intlLocale, locale, translator } from '../../../wallet/src/i18n/locale.js';
import { en } from './en.js';
import { id, type MessageKey } from './id.js';

export { locale, locales, setLocale, type Locale } from '../../../wallet/src/i18n/locale.js';

export const { t, hasMessage } = translator<MessageKey>({ id, en });

/** A bilingual text from the registry ({ id, en }) in the chosen language. */
export function localized(text: { id: string; en: string }): string {
  return text[locale.value];
}

export function formatDateTime(value: Date | number | string): string {
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

export function formatDate(value: Date | number | string): string {
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium' }).format(new Date(value));
}

export type { MessageKey };

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(intlLocale()).format(value);
}
