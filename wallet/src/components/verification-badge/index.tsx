// The result of the wallet's own check of one access-log entry, as a badge: text first, colour only reinforces it.
import { t } from '../../i18n/index.js';
import type { EventCheck } from '../../lib/log-verify.js';

const BADGE_CLASS: Record<EventCheck['state'], string> = {
  verified: 'badge--valid',
  failed: 'badge--revoked',
  pending: 'badge--unknown',
  unchecked: 'badge--unknown',
};

export function VerificationBadge({ check }: { check: EventCheck }) {
  return (
    <span class={`badge ${BADGE_CLASS[check.state]}`} data-verification={check.state}>
      {check.state === 'verified' && <span aria-hidden="true">✓ </span>}
      {check.state === 'failed' && <span aria-hidden="true">⚠ </span>}
      {t(`activity.check.${check.state}`)}
    </span>
  );
}
