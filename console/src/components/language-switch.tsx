// The language selector: Bahasa Indonesia first, English second. The label names the select by `for`, so the select
// is announced as "Bahasa" / "Language", not with its options' text.
import { locale, locales, setLocale, t, type Locale } from '../i18n/index.js';

export function LanguageSwitch() {
  return (
    <div class="language-switch">
      <label for="console-language">{t('language.label')}</label>
      <select id="console-language" value={locale.value} onChange={(e) => setLocale((e.currentTarget as HTMLSelectElement).value as Locale)}>
        {locales.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(l === 'id' ? 'language.id' : 'language.en')}
          </option>
        ))}
      </select>
    </div>
  );
}
