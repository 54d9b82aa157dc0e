// Translation for the wallet: t() over its catalogues, and locale-aware date and number formatting.
import { en } from './en.js';
import { id, type MessageKey } from './id.js';
import { intlLocale, translator } from './locale.js';

export { locale, locales, setLocale, type Locale } from './locale.js';

export const { t, hasMessage } = translator<MessageKey>({ id, en });

// Building an Intl formatter costs far more than formatting with it (milliseconds on a slow phone, once per card on
// the home screen): one per locale and set of options, kept for the page's life.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function formatter<T extends Intl.DateTimeFormat | Intl.NumberFormat>(kind: string, options: object, make: (locale: string) => T): T {
  const locale = intlLocale();
  const key = `${kind} ${locale} ${JSON.stringify(options)}`;
  let cached = formatters.get(key) as T | undefined;
  if (!cached) {
    cached = make(locale);
    formatters.set(key, cached);
  }
  return cached;
}

export function formatDate(value: Date | number, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return formatter('date', options, (locale) => new Intl.DateTimeFormat(locale, options)).format(value);
}

export function formatNumber(value: number): string {
  return formatter('number', {}, (locale) => new Intl.NumberFormat(locale)).format(value);
}

export type { MessageKey };
