// Onboarding: what the wallet does, in two sentences, and how the data is protected.
import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';

export default function Welcome() {
  const [showProtection, setShowProtection] = useState(false);
  return (
    <section class="card welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{t('welcome.title')}</h1>
      <p>{t('welcome.lead')}</p>
      <p>{t('welcome.lead2')}</p>
      <button type="button" class="link-button" aria-expanded={showProtection} onClick={() => setShowProtection(!showProtection)}>
        {t('welcome.learnMore')}
      </button>
      {showProtection && <p class="muted">{t('welcome.protection')}</p>}
    </section>
  );
}
