// The language selector, folded into the header: Bahasa Indonesia first, English second; its name "Bahasa" is read
// by screen readers but not shown, so the header stays one line on a phone.
import { locale, locales, setLocale, t, type Locale } from '../../i18n/index.js';

export function LanguageSwitch() {
  return (
    // The label sits beside the select, not around it, so the select's name is "Bahasa" alone (a wrapping label
    // would add the chosen option's text to it).
    <div class="language-switch">
      <label for="language-select" class="visually-hidden">
        {t('language.label')}
      </label>
      <select id="language-select" value={locale.value} onChange={(e) => setLocale((e.currentTarget as HTMLSelectElement).value as Locale)}>
        {locales.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(l === 'id' ? 'language.id' : 'language.en')}
          </option>
        ))}
      </select>
    </div>
  );
}
