// One credential on the home screen: type, issuer, holder, validity and status; the whole card links to the detail.
import { formatDate, t } from '../../i18n/index.js';
import { credentialName, effectiveStatus, holderName, issuerName } from '../../lib/credential-display.js';
import type { CredentialView } from '../../state/wallet.js';
import { StatusBadge } from '../status-badge/index.js';

export function validityText(view: CredentialView): string {
  if (view.expiresAt === undefined) return t('card.noExpiry');
  const date = formatDate(view.expiresAt);
  return view.expiresAt <= Date.now() ? t('card.expired', { date }) : t('card.validUntil', { date });
}

export function CredentialCard({ view }: { view: CredentialView }) {
  const name = credentialName(view);
  const holder = holderName(view);
  return (
    <li class={`credential-card credential-card--${effectiveStatus(view)}`}>
      <a href={`/credentials/${view.id}`} class="credential-card__link">
        <span class="credential-card__type">{name}</span>
        <StatusBadge state={effectiveStatus(view)} />
      </a>
      <dl class="credential-card__facts">
        <div>
          <dt>{t('card.issuer')}</dt>
          <dd>{issuerName(view)}</dd>
        </div>
        {holder && (
          <div>
            <dt>{t('card.holder')}</dt>
            <dd>{holder}</dd>
          </div>
        )}
      </dl>
      <p class="credential-card__validity">{validityText(view)}</p>
      {view.keyProof && (
        <p class="hint" data-key-proof={view.keyProof}>
          {t(view.keyProof === 'pending' ? 'card.keyPending' : 'card.keyOtherAccount')}
        </p>
      )}
      {view.rebind === 'ask-agency' && (
        <p class="hint" data-rebind="ask-agency">
          {t('card.askAgency')}
        </p>
      )}
    </li>
  );
}
