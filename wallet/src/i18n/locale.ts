// The chosen language, shared by every Sahih UI on this origin (wallet and agency console): a signal saved as
// `sahih.locale`, and a translator factory over a UI's own catalogues.
import { signal } from '@preact/signals';

export type Locale = 'id' | 'en';
export const locales: readonly Locale[] = ['id', 'en'];

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

/** The BCP 47 tag for Intl formatting in the chosen language. */
export function intlLocale(): string {
  return locale.value === 'id' ? 'id-ID' : 'en-GB';
}

/** t() (with `{name}` placeholders) and hasMessage() over one UI's catalogues, following the shared locale. */
export function translator<K extends string>(catalogues: Record<Locale, Record<K, string>>) {
  return {
    t(key: K, params?: Record<string, string | number>): string {
      const template = catalogues[locale.value][key];
      if (!params) return template;
      return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
    },
    /** True when the catalogue has the key (for codes that arrive at run time, e.g. error codes). */
    hasMessage(key: string): key is K {
      return Object.prototype.hasOwnProperty.call(catalogues.id, key);
    },
  };
}
