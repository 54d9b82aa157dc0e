// The status of a credential as a badge: text first (colour only reinforces it).
import { t } from '../../i18n/index.js';
import type { StatusState } from '../../state/wallet.js';

export function StatusBadge({ state }: { state: StatusState | 'expired' }) {
  return (
    <span class={`badge badge--${state}`} data-status={state}>
      {t(`status.${state}`)}
    </span>
  );
}
