// Backup settings: turn the backup on (passkey, or a recovery code shown once), see when it last saved, download it
// as a file, settle a newer backup from another phone, and restore a backup onto this phone (from the service or a file).
import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { UnlockCard } from '../../components/unlock-card/index.js';
import { formatDate, t, type MessageKey } from '../../i18n/index.js';
import { BackupOpenError } from '../../lib/backup-seal.js';
import { online } from '../../lib/use-online.js';
import { useWallet } from '../../lib/use-wallet.js';
import {
  backupNow,
  backupState,
  backupWay,
  downloadBackup,
  fetchStoredBackup,
  lastBackupAt,
  loadBackupState,
  restoreBackup,
  setUpBackup,
  waysIn,
  type RestoreResult,
} from '../../state/backup.js';
import { rebindRestored, type RebindSummary } from '../../state/rebind.js';
import { sessionStatus } from '../../state/session.js';

type Source = { bytes: Uint8Array; version?: number; from: 'service' | 'file' };

function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof BackupOpenError) {
    return (
      <p role="alert" class="notice notice--error" data-backup-error={error.code}>
        {t(`backup.error.${error.code}` as MessageKey)}
      </p>
    );
  }
  return <ErrorNotice error={error} />;
}

function RecoveryCode({ code, onDone }: { code: string; onDone: () => void }) {
  return (
    <div class="card" role="region" aria-labelledby="recovery-code-title">
      <h2 id="recovery-code-title">{t('backup.codeTitle')}</h2>
      <p>{t('backup.codeLead')}</p>
      <p class="recovery-code" data-recovery-code={code}>
        <strong>{code}</strong>
      </p>
      <p class="hint">{t('backup.codeOnce')}</p>
      <button type="button" class="button" onClick={onDone}>
        {t('backup.codeDone')}
      </button>
    </div>
  );
}

function Restore({ onRestored }: { onRestored: (result: RestoreResult, rebind: RebindSummary) => void }) {
  const [source, setSource] = useState<Source | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [none, setNone] = useState(false);

  const run = (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    work()
      .catch(setProblem)
      .finally(() => setBusy(false));
  };
  const fromService = () =>
    run(async () => {
      const stored = await fetchStoredBackup();
      setNone(!stored);
      setSource(stored ? { ...stored, from: 'service' } : null);
    });
  const fromFile = (file: File | undefined) => file && run(async () => setSource({ bytes: new Uint8Array(await file.arrayBuffer()), from: 'file' }));
  const restoreWith = (withCode: boolean) =>
    source &&
    run(async () => {
      const restored = await restoreBackup(source, withCode ? code : undefined);
      // Restored cards have no key on this phone: their issuers re-bind them now, or the agency is asked for a copy.
      onRestored(restored, await rebindRestored());
      setSource(null);
      setCode('');
    });
  let ways: ReturnType<typeof waysIn> | undefined;
  try {
    ways = source ? waysIn(source.bytes) : undefined;
  } catch (e) {
    if (!problem) setProblem(e);
  }

  return (
    <div class="card">
      <h2>{t('backup.restoreTitle')}</h2>
      <p>{t('backup.restoreLead')}</p>
      <Problem error={problem} />
      {none && <p role="status">{t('backup.noneStored')}</p>}
      <div class="button-row">
        <button type="button" class="button button--secondary" disabled={busy || !online.value || sessionStatus.value !== 'signed-in'} onClick={fromService}>
          {t('backup.restoreFromService')}
        </button>
      </div>
      <label for="backup-file">{t('backup.restoreFromFile')}</label>
      <input id="backup-file" type="file" accept="application/json,.json" disabled={busy} onChange={(e) => fromFile((e.currentTarget as HTMLInputElement).files?.[0])} />
      {source && ways && (
        <div role="group" aria-label={t('backup.restoreTitle')} data-backup-source={source.from}>
          {ways.passkey && (
            <button type="button" class="button" disabled={busy} aria-busy={busy} onClick={() => restoreWith(false)}>
              {t('backup.restoreWithPasskey')}
            </button>
          )}
          {ways.code && (
            <form
              class="field"
              onSubmit={(e) => {
                e.preventDefault();
                restoreWith(true);
              }}
            >
              <label for="recovery-code-input">{t('backup.codeInputLabel')}</label>
              <input id="recovery-code-input" autocomplete="off" autocapitalize="characters" spellcheck={false} value={code} onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)} />
              <button type="submit" class="button" disabled={busy || code.trim() === ''} aria-busy={busy}>
                {t('backup.restoreWithCode')}
              </button>
            </form>
          )}
        </div>
      )}
    </div>
  );
}

export default function BackupSettings() {
  const { state, error } = useWallet();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [shownCode, setShownCode] = useState<string | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (state === 'ready') void loadBackupState();
  }, [state]);

  if (error) return <ErrorNotice error={error} />;
  if (state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  if (state === 'locked') return <UnlockCard message="backup.locked" />;
  const signedIn = sessionStatus.value === 'signed-in' && online.value;
  const run = (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    setMessage('');
    work()
      .catch(setProblem)
      .finally(() => setBusy(false));
  };
  const setUp = (withCode: boolean) =>
    run(async () => {
      const { code } = await setUpBackup({ withCode });
      if (code) setShownCode(code);
      else setMessage(t('backup.onWithPasskey'));
    });
  const stateNow = backupState.value;

  return (
    <section aria-labelledby="backup-title">
      <h1 id="backup-title">{t('backup.title')}</h1>
      <p>{t('backup.explain')}</p>
      {shownCode && <RecoveryCode code={shownCode} onDone={() => setShownCode(null)} />}
      <div class="card" data-backup-state={stateNow}>
        <Problem error={problem} />
        {message && (
          <p role="status" class="notice">
            {message}
          </p>
        )}
        {stateNow === 'off' ? (
          <>
            <p>{t('backup.off')}</p>
            <button type="button" class="button" disabled={busy || !signedIn} aria-busy={busy} onClick={() => setUp(false)}>
              {t('backup.turnOn')}
            </button>
          </>
        ) : (
          <>
            <p role="status">
              {stateNow === 'saving'
                ? t('backup.saving')
                : lastBackupAt.value
                  ? t('backup.lastSaved', { date: formatDate(lastBackupAt.value, { dateStyle: 'medium', timeStyle: 'short' }) })
                  : t('backup.notYet')}
            </p>
            <p class="muted">{backupWay.value === 'passkey' ? t('backup.wayPasskey') : t('backup.wayCode')}</p>
            {stateNow === 'conflict' && (
              <div role="alert" class="notice">
                <p>{t('backup.conflict')}</p>
                <button type="button" class="button button--secondary" disabled={busy} onClick={() => run(() => backupNow({ replace: true }))}>
                  {t('backup.replace')}
                </button>
              </div>
            )}
            <div class="button-row">
              <button type="button" class="button" disabled={busy || !signedIn} onClick={() => run(() => backupNow())}>
                {t('backup.saveNow')}
              </button>
              <button type="button" class="button button--secondary" disabled={busy} onClick={() => run(downloadBackup)}>
                {t('backup.download')}
              </button>
              <button type="button" class="button button--secondary" disabled={busy || !signedIn} onClick={() => setUp(true)}>
                {t('backup.newCode')}
              </button>
            </div>
          </>
        )}
      </div>
      <Restore
        onRestored={(r, rebind) =>
          setMessage(
            [
              t('backup.restored', { credentials: String(r.credentials), presentations: String(r.presentations) }),
              rebind.rebound ? t('backup.rebound', { count: String(rebind.rebound) }) : '',
              rebind.askAgency ? t('backup.askAgency', { count: String(rebind.askAgency) }) : '',
            ]
              .filter(Boolean)
              .join(' '),
          )
        }
      />
      <a href="/settings">{t('common.back')}</a>
    </section>
  );
}
