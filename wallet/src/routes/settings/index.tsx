// Settings: which protection keeps the data, the account's passkeys (names, last use, add, remove), signing out.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { t } from '../../i18n/index.js';
import { online } from '../../lib/use-online.js';
import { useWallet } from '../../lib/use-wallet.js';
import { dateWords, passkeyNameWords } from '../../i18n/words.js';
import { account, addPasskey, listPasskeys, protection, removePasskey, sessionStatus, signOut, type PasskeyInfo } from '../../state/session.js';

function PasskeyItem({ passkey, last, onRemoved }: { passkey: PasskeyInfo; last: boolean; onRemoved: (e?: unknown) => void }) {
  const [confirming, setConfirming] = useState(false);
  const dateTime = (iso: string) => dateWords(iso, 'dateTime');
  const shownName = passkeyNameWords(passkey.name, passkey.createdAt);
  return (
    <li class="passkey" data-passkey-id={passkey.id}>
      <p class="passkey__name">
        {shownName}
        {passkey.current && <span class="muted"> · {t('settings.passkeyCurrent')}</span>}
      </p>
      <p class="muted">
        {t('settings.passkeyCreated', { date: dateTime(passkey.createdAt) })}
        {' · '}
        {passkey.lastUsedAt ? t('settings.passkeyLastUsed', { date: dateTime(passkey.lastUsedAt) }) : t('settings.passkeyNeverUsed')}
        {passkey.backedUp ? ` · ${t('settings.passkeySynced')}` : ''}
      </p>
      {last ? (
        <p class="hint">{t('settings.lastOne')}</p>
      ) : !confirming ? (
        <button type="button" class="button button--secondary" onClick={() => setConfirming(true)}>
          {t('settings.passkeyRemove', { name: shownName })}
        </button>
      ) : (
        <div role="group" aria-label={t('settings.passkeyRemove', { name: shownName })}>
          <p>{t('settings.passkeyRemoveConfirm', { name: shownName })}</p>
          <div class="button-row">
            <button
              type="button"
              class="button button--danger"
              onClick={() =>
                removePasskey(passkey.id)
                  .then(() => onRemoved())
                  .catch(onRemoved)
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
    </li>
  );
}

/** A card leading to a settings screen of its own (backup, lost phone, account deletion). */
function SettingsLink(props: { title: string; lead: string; href: string; label: string }) {
  return (
    <div class="card">
      <h2>{props.title}</h2>
      <p>{props.lead}</p>
      <a class="button button--secondary" href={props.href}>
        {props.label}
      </a>
    </div>
  );
}

export default function Settings() {
  const { state, error } = useWallet();
  const { route } = useLocation();
  const [passkeys, setPasskeys] = useState<PasskeyInfo[] | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [newName, setNewName] = useState('');
  const [busy, setBusy] = useState(false);
  const signedIn = sessionStatus.value === 'signed-in';

  const reload = () =>
    listPasskeys()
      .then(setPasskeys)
      .catch((e: unknown) => setProblem(e));
  useEffect(() => {
    if (state !== 'loading' && signedIn && online.value) void reload();
  }, [state, signedIn, online.value]);

  if (error) return <ErrorNotice error={error} />;
  if (state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  const mode = protection.value;
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <div class="card">
        <h2>{t('settings.protection')}</h2>
        <p data-protection={mode ?? 'none'}>
          {mode === 'prf' ? t('settings.protection.prf') : mode === 'device' ? t('settings.protection.device') : t('settings.protection.none')}
        </p>
      </div>
      <SettingsLink title={t('backup.title')} lead={t('backup.lead')} href="/settings/backup" label={t('backup.open')} />
      <div class="card">
        <h2>{t('settings.passkeys')}</h2>
        {account.value && <p class="muted">{account.value.displayName}</p>}
        <ErrorNotice error={problem} />
        {message && (
          <p role="status" class="notice">
            {message}
          </p>
        )}
        {!online.value || !signedIn ? (
          <p>{t('settings.passkeysOffline')}</p>
        ) : (
          <>
            <ul class="passkey-list">
              {(passkeys ?? []).map((p) => (
                <PasskeyItem
                  key={p.id}
                  passkey={p}
                  last={(passkeys ?? []).length <= 1}
                  onRemoved={(e) => {
                    setProblem(e ?? null);
                    if (!e) setMessage(t('settings.passkeyRemoved'));
                    void reload();
                  }}
                />
              ))}
            </ul>
            <form
              class="field"
              onSubmit={(e) => {
                e.preventDefault();
                setBusy(true);
                setProblem(null);
                setMessage('');
                addPasskey(newName.trim())
                  .then(() => {
                    setNewName('');
                    setMessage(t('settings.passkeyAdded'));
                    return reload();
                  })
                  .catch(setProblem)
                  .finally(() => setBusy(false));
              }}
            >
              <label for="passkey-name">{t('settings.passkeyNameLabel')}</label>
              <input id="passkey-name" maxLength={64} value={newName} onInput={(e) => setNewName((e.currentTarget as HTMLInputElement).value)} />
              <button type="submit" class="button" disabled={busy} aria-busy={busy}>
                {t('settings.addPasskey')}
              </button>
            </form>
          </>
        )}
      </div>
      <SettingsLink title={t('settings.lostTitle')} lead={t('settings.lostLead')} href="/settings/lost-phone" label={t('settings.lostOpen')} />
      <SettingsLink title={t('settings.deleteTitle')} lead={t('settings.deleteLead')} href="/settings/delete-account" label={t('settings.deleteOpen')} />
      <div class="card">
        <button
          type="button"
          class="button button--secondary"
          onClick={() =>
            signOut()
              .catch(() => {})
              .finally(() => route('/welcome'))
          }
        >
          {t('settings.signOut')}
        </button>
      </div>
    </section>
  );
}
