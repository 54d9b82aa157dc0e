// Unknown console path.
import { t } from '../i18n/index.js';

export default function NotFound() {
  return (
    <section>
      <h1>{t('error.not_found')}</h1>
      <a href="/console/">{t('app.console')}</a>
    </section>
  );
}
