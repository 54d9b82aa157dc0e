// Translation for the wallet: t() over its catalogues, and locale-aware date and number formatting.
import { en } from './en.js';
import { id, type MessageKey } from './id.js';
import { intlLocale, translator } from './locale.js';

export { locale, locales, setLocale, type Locale } from './locale.js';

export const { t, hasMessage } = translator<MessageKey>({ id, en });

export function formatDate(value: Date | number, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return new Intl.DateTimeFormat(intlLocale(), options).format(value);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(intlLocale()).format(value);
}

export type { MessageKey };
