// One credential in full: every claim labelled from the issuer's type metadata, validity, status, and deletion.
import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { validityText } from '../../components/credential-card/index.js';
import { CardConsents } from '../../components/consent-list/index.js';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { StatusBadge } from '../../components/status-badge/index.js';
import { formatDate, t } from '../../i18n/index.js';
import { claimRows, credentialName, effectiveStatus, issuerName } from '../../lib/credential-display.js';
import { useWallet } from '../../lib/use-wallet.js';
import { UnlockCard } from '../../components/unlock-card/index.js';
import { credentialById, deleteCredential } from '../../state/wallet.js';

export default function CredentialDetail() {
  const { params } = useRoute();
  const { route } = useLocation();
  const { state, error } = useWallet();
  const [confirming, setConfirming] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>(null);

  if (error) return <ErrorNotice error={error} />;
  if (state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  // Locked is not "not found": the card is there, sealed until the passkey opens the wallet.
  if (state === 'locked') {
    return (
      <section aria-labelledby="detail-locked-title">
        <h1 id="detail-locked-title">{t('home.title')}</h1>
        <UnlockCard message="home.locked" />
      </section>
    );
  }
  const view = state === 'ready' ? credentialById(params.id ?? '') : undefined;
  if (!view) {
    return (
      <section class="card">
        <h1>{t('detail.notFound')}</h1>
        <a href="/">{t('common.back')}</a>
      </section>
    );
  }
  const name = credentialName(view);
  const status = effectiveStatus(view);
  return (
    <article aria-labelledby="detail-title">
      <a href="/" class="back-link">
        {t('common.back')}
      </a>
      <div class="card">
        <div class="screen-head">
          <h1 id="detail-title">{name}</h1>
          <StatusBadge state={status} />
        </div>
        <p class="muted">{issuerName(view)}</p>
        {status === 'revoked' && <p class="notice">{t('detail.revokedHelp')}</p>}
        {status === 'suspended' && <p class="notice">{t('detail.suspendedHelp')}</p>}
        <h2>{t('detail.claims')}</h2>
        <dl class="claims">
          {claimRows(view).map((row) => (
            <div key={row.path.join('.')} class={`claims__row claims__row--depth${Math.min(row.depth, 3)}`}>
              <dt>{row.label}</dt>
              <dd>{row.value}</dd>
            </div>
          ))}
        </dl>
        <h2>{t('detail.about')}</h2>
        <dl class="claims">
          <div class="claims__row">
            <dt>{t('detail.validity')}</dt>
            <dd>{validityText(view)}</dd>
          </div>
          {view.issuedAt !== undefined && (
            <div class="claims__row">
              <dt>{t('detail.issued')}</dt>
              <dd>{formatDate(view.issuedAt)}</dd>
            </div>
          )}
          <div class="claims__row">
            <dt>{t('detail.received')}</dt>
            <dd>{formatDate(view.receivedAt)}</dd>
          </div>
          {view.status.checkedAt !== null && (
            <div class="claims__row">
              <dt>{t('detail.status')}</dt>
              <dd>{t('status.checkedAt', { date: formatDate(view.status.checkedAt, { dateStyle: 'medium', timeStyle: 'short' }) })}</dd>
            </div>
          )}
        </dl>
      </div>
      <div class="card">
        <h2>{t('detail.consents')}</h2>
        <CardConsents credentialId={view.id} />
      </div>
      <div class="card danger-zone">
        {!confirming ? (
          <button type="button" class="button button--danger" onClick={() => setConfirming(true)}>
            {t('detail.delete')}
          </button>
        ) : (
          <div role="group" aria-labelledby="delete-confirm">
            <p id="delete-confirm">{t('detail.deleteConfirm', { name })}</p>
            <div class="button-row">
              <button
                type="button"
                class="button button--danger"
                onClick={() =>
                  deleteCredential(view.id)
                    .then(() => route('/'))
                    .catch(setDeleteError)
                }
              >
                {t('detail.deleteYes')}
              </button>
              <button type="button" class="button button--secondary" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        )}
        <ErrorNotice error={deleteError} />
      </div>
    </article>
  );
}
