// Deleting the account (Hapus akun): the export is offered first (a link to "Download all my data"), then what will be
// deleted is listed and the citizen confirms with a checkbox and one button; the wallet's data on this phone goes too.
import { useState } from 'preact/hooks';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { formatNumber, t } from '../../i18n/index.js';
import { online } from '../../lib/use-online.js';
import { useWallet } from '../../lib/use-wallet.js';
import { deleteAccount, sessionStatus, type AccountDeletionSummary } from '../../state/session.js';
import './continuity.css';

export default function DeleteAccount() {
  const { state, error } = useWallet();
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [done, setDone] = useState<AccountDeletionSummary | null>(null);

  if (error && !done) return <ErrorNotice error={error} />;
  if (state === 'loading' && !done) return <p aria-busy="true">{t('common.loading')}</p>;
  if (done) {
    return (
      <section aria-labelledby="delete-title">
        <h1 id="delete-title">{t('delete.title')}</h1>
        <div class="card" role="status" data-account-deleted>
          <h2>{t('delete.done')}</h2>
          <p>{t('delete.doneAgencies', { count: formatNumber(done.agenciesNotified.length) })}</p>
          {/* A full load: nothing of the deleted wallet stays in this page's memory. */}
          <button type="button" class="button" onClick={() => location.replace('/welcome')}>
            {t('delete.doneNext')}
          </button>
        </div>
      </section>
    );
  }
  const signedIn = sessionStatus.value === 'signed-in';
  const confirm = () => {
    setBusy(true);
    setProblem(null);
    deleteAccount()
      .then(setDone)
      .catch(setProblem)
      .finally(() => setBusy(false));
  };
  return (
    <section aria-labelledby="delete-title">
      <h1 id="delete-title">{t('delete.title')}</h1>
      <div class="card">
        <h2>{t('delete.exportTitle')}</h2>
        <p>{t('delete.exportLead')}</p>
        <a class="button button--secondary" href="/rights#export" data-export-link>
          {t('delete.exportLink')}
        </a>
      </div>
      {!online.value || !signedIn ? (
        <p>{t('delete.offline')}</p>
      ) : (
        <div class="card" role="group" aria-labelledby="delete-will-title" data-delete-confirm>
          <h2 id="delete-will-title">{t('delete.willTitle')}</h2>
          <ul>
            <li>{t('delete.will.account')}</li>
            <li>{t('delete.will.keys')}</li>
            <li>{t('delete.will.consents')}</li>
            <li>{t('delete.will.log')}</li>
            <li>{t('delete.will.phone')}</li>
          </ul>
          <p>
            <strong>{t('delete.final')}</strong>
          </p>
          <label class="delete__understood">
            <input type="checkbox" checked={understood} onChange={(e) => setUnderstood((e.currentTarget as HTMLInputElement).checked)} />
            <span>{t('delete.confirmLabel')}</span>
          </label>
          <ErrorNotice error={problem} />
          <button type="button" class="button button--danger" disabled={!understood || busy} aria-busy={busy} onClick={confirm}>
            {t('delete.confirm')}
          </button>
        </div>
      )}
      <p>
        <a href="/settings">{t('lost.back')}</a>
      </p>
    </section>
  );
}
