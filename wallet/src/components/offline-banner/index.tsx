// A banner that tells the citizen, in their language, that they are offline and what still works.
import { t } from '../../i18n/index.js';
import { online } from '../../lib/use-online.js';

export function OfflineBanner() {
  if (online.value) return null;
  return (
    <div class="banner banner--offline" role="status">
      {t('offline.banner')}
    </div>
  );
}
