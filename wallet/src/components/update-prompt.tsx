// Offers a waiting service-worker update; applying it reloads without touching stored data.
import { t } from '../i18n/index.js';
import { applyUpdate, updateWaiting } from '../lib/service-worker.js';

export function UpdatePrompt() {
  if (!updateWaiting.value) return null;
  return (
    <div class="banner" role="status">
      {t('update.ready')}{' '}
      <button type="button" class="link-button" onClick={applyUpdate}>
        {t('update.reload')}
      </button>
    </div>
  );
}
