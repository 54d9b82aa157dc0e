// "I lost my phone" (Saya kehilangan HP): signed in on any other device, the citizen picks the lost phone's passkey,
// reads what will happen, and confirms once; the service ends its sessions, removes the passkey and suspends its cards.
import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { formatNumber, t } from '../../i18n/index.js';
import { passkeyNameWords } from '../../i18n/words.js';
import { online } from '../../lib/use-online.js';
import { useWallet } from '../../lib/use-wallet.js';
import { listPasskeys, reportLostDevice, sessionStatus, type LostDeviceSummary, type PasskeyInfo } from '../../state/session.js';
import './continuity.css';

function Done({ name, summary }: { name: string; summary: LostDeviceSummary }) {
  return (
    <div class="card" role="status" data-lost-done>
      <h2>{t('lost.done', { name })}</h2>
      <p data-sessions-ended={summary.sessionsEnded}>{t('lost.doneSessions', { count: formatNumber(summary.sessionsEnded) })}</p>
      <p data-cards-suspended={summary.credentialsSuspended.length}>{t('lost.doneCards', { count: formatNumber(summary.credentialsSuspended.length) })}</p>
      {summary.unknownDeviceCredentials > 0 && <p class="hint">{t('lost.unknownCards', { count: formatNumber(summary.unknownDeviceCredentials) })}</p>}
      <a class="button" href="/activity">
        {t('lost.activity')}
      </a>
    </div>
  );
}

export default function LostDevice() {
  const { state, error } = useWallet();
  const [passkeys, setPasskeys] = useState<PasskeyInfo[] | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [done, setDone] = useState<{ name: string; summary: LostDeviceSummary } | null>(null);
  const signedIn = sessionStatus.value === 'signed-in';

  useEffect(() => {
    if (state !== 'loading' && signedIn && online.value) listPasskeys().then(setPasskeys).catch(setProblem);
  }, [state, signedIn, online.value]);

  if (error) return <ErrorNotice error={error} />;
  if (state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  const nameOf = (p: PasskeyInfo) => passkeyNameWords(p.name, p.createdAt);
  const chosen = passkeys?.find((p) => p.id === picked && !p.current);
  const others = (passkeys ?? []).filter((p) => !p.current);

  const confirm = () => {
    if (!chosen) return;
    setBusy(true);
    setProblem(null);
    reportLostDevice(chosen.id)
      .then((summary) => setDone({ name: nameOf(chosen), summary }))
      .catch(setProblem)
      .finally(() => setBusy(false));
  };

  return (
    <section aria-labelledby="lost-title">
      <h1 id="lost-title">{t('lost.title')}</h1>
      <p>{t('lost.lead')}</p>
      <ErrorNotice error={problem} />
      {done ? (
        <Done {...done} />
      ) : !online.value || !signedIn ? (
        <p>{t('lost.offline')}</p>
      ) : passkeys === null ? (
        <p aria-busy="true">{t('common.loading')}</p>
      ) : others.length === 0 ? (
        <p data-no-other-device>{t('lost.noOther')}</p>
      ) : (
        <>
          <fieldset class="card lost__choices">
            <legend>{t('lost.pick')}</legend>
            {passkeys.map((p) => (
              <label key={p.id} class="lost__choice" data-passkey-id={p.id}>
                <input type="radio" name="lost-passkey" value={p.id} disabled={p.current} checked={picked === p.id} onChange={() => setPicked(p.id)} />
                <span>{p.current ? t('lost.thisDevice', { name: nameOf(p) }) : nameOf(p)}</span>
              </label>
            ))}
          </fieldset>
          {chosen && (
            <div class="card" role="group" aria-labelledby="lost-confirm-title" data-lost-confirm>
              <h2 id="lost-confirm-title">{t('lost.confirmTitle', { name: nameOf(chosen) })}</h2>
              <ul>
                <li>{t('lost.will.sessions')}</li>
                <li>{t('lost.will.passkey')}</li>
                <li>{t('lost.will.cards')}</li>
                <li>{t('lost.will.notify')}</li>
                <li>{t('lost.will.log')}</li>
                <li>{t('lost.will.thisPhone')}</li>
              </ul>
              <div class="button-row">
                <button type="button" class="button button--danger" disabled={busy} aria-busy={busy} onClick={confirm}>
                  {t('lost.confirm', { name: nameOf(chosen) })}
                </button>
                <button type="button" class="button button--secondary" onClick={() => setPicked(null)}>
                  {t('common.cancel')}
                </button>
              </div>
            </div>
          )}
        </>
      )}
      <p>
        <a href="/settings">{t('lost.back')}</a>
      </p>
    </section>
  );
}
