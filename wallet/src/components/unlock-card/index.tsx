// The locked-vault card: why the screen cannot show its content yet, and the passkey button that opens the vault.
import { useState } from 'preact/hooks';
import { t, type MessageKey } from '../../i18n/index.js';
import { unlockWithPasskey } from '../../state/session.js';
import { ErrorNotice } from '../error-notice/index.js';

export function UnlockCard({ message }: { message: MessageKey }) {
  const [unlockError, setUnlockError] = useState<unknown>(null);
  return (
    <div class="card">
      <p>{t(message)}</p>
      <button
        type="button"
        class="button"
        onClick={() => {
          setUnlockError(null);
          unlockWithPasskey().catch(setUnlockError);
        }}
      >
        {t('home.unlock')}
      </button>
      <ErrorNotice error={unlockError} />
    </div>
  );
}
