// Translation for the wallet: t() over its catalogues, and locale-aware date and number formatting. The English
// catalogue is its own chunk, fetched when English is chosen: most first visits are in Bahasa Indonesia and should
// not download and parse both.
import { effect, signal } from '@preact/signals';
import { id, type MessageKey } from './id.js';
import { intlLocale, locale, translator, type Locale } from './locale.js';

export { locale, locales, setLocale, type Locale } from './locale.js';

// Until English arrives its entries read the Bahasa Indonesia text; `loaded` makes every t() re-render once it has.
const catalogues: Record<Locale, Record<MessageKey, string>> = { id, en: id };
const loaded = signal(0);
const base = translator<MessageKey>(catalogues);
let english: Promise<void> | undefined;

/** Resolves once the chosen language's catalogue is in (at once for Bahasa Indonesia). */
export function catalogueReady(): Promise<void> {
  if (locale.peek() !== 'en') return Promise.resolve();
  english ??= import('./en.js').then(
    ({ en }) => {
      catalogues.en = en;
      loaded.value++;
    },
    // Offline before the chunk was cached: Bahasa Indonesia for now, and another try on the next call.
    () => {
      english = undefined;
    },
  );
  return english;
}

effect(() => {
  if (locale.value === 'en') void catalogueReady();
});

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  void loaded.value;
  return base.t(key, params);
}

export const hasMessage = base.hasMessage;

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
