// Shown for any path the wallet does not know.
import { t } from '../i18n/index.js';

export default function NotFound() {
  return (
    <section class="card">
      <h1>{t('notFound.title')}</h1>
      <a href="/">{t('notFound.back')}</a>
    </section>
  );
}
