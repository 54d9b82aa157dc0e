// The language selector: Bahasa Indonesia first, English second.
import { locale, locales, setLocale, t, type Locale } from '../i18n/index.js';

export function LanguageSwitch() {
  return (
    <label class="language-switch">
      <span>{t('language.label')}</span>
      <select value={locale.value} onChange={(e) => setLocale((e.currentTarget as HTMLSelectElement).value as Locale)}>
        {locales.map((l) => (
          <option key={l} value={l}>
            {t(l === 'id' ? 'language.id' : 'language.en')}
          </option>
        ))}
      </select>
    </label>
  );
}
