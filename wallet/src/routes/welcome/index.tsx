// Onboarding: what the wallet does in two sentences, how the data is protected, then a passkey to create the wallet
// or to sign in to an existing one.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { t } from '../../i18n/index.js';
import { pendingLinkPath } from '../../state/pending-link.js';
import { ensureSession, explicitlySignedOut, locked, protection, register, sessionStatus, signIn } from '../../state/session.js';

function nextPath(query: Record<string, string>): string {
  // A link the page was opened with goes first: the citizen came to receive or share, not to browse.
  const waiting = pendingLinkPath();
  if (waiting) return waiting;
  const next = query.next;
  // Only our own paths: never an absolute or protocol-relative URL.
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/welcome') ? next : '/';
}

export default function Welcome() {
  const { route, query } = useLocation();
  const [showProtection, setShowProtection] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const supported = typeof window !== 'undefined' && 'PublicKeyCredential' in window;

  useEffect(() => {
    ensureSession()
      .then(() => {
        if (sessionStatus.value === 'signed-in' && protection.value && !locked.value && !explicitlySignedOut()) route(nextPath(query), true);
      })
      .catch(() => {});
  }, []);

  const run = (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    action()
      .then(() => route(nextPath(query)))
      .catch(setError)
      .finally(() => setBusy(false));
  };

  return (
    <section class="card welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{t('welcome.title')}</h1>
      <p>{t('welcome.lead')}</p>
      <p>{t('welcome.lead2')}</p>
      <button type="button" class="link-button" aria-expanded={showProtection} onClick={() => setShowProtection(!showProtection)}>
        {t('welcome.learnMore')}
      </button>
      {showProtection && <p class="muted">{t('welcome.protection')}</p>}
      {!supported ? (
        <p class="notice">{t('welcome.noWebAuthn')}</p>
      ) : (
        <>
          <form
            class="field"
            onSubmit={(e) => {
              e.preventDefault();
              run(() => register(name.trim()));
            }}
          >
            <label for="display-name">{t('welcome.nameLabel')}</label>
            <input
              id="display-name"
              maxLength={64}
              autoComplete="nickname"
              aria-describedby="display-name-hint"
              value={name}
              onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
            />
            <p id="display-name-hint" class="hint">
              {t('welcome.nameHint')}
            </p>
            <button type="submit" class="button" disabled={busy} aria-busy={busy}>
              {t('welcome.create')}
            </button>
          </form>
          <p>{t('welcome.haveAccount')}</p>
          <button type="button" class="button button--secondary" disabled={busy} onClick={() => run(signIn)}>
            {t('welcome.signIn')}
          </button>
          {busy && <p role="status">{t('welcome.working')}</p>}
          <ErrorNotice error={error} />
        </>
      )}
    </section>
  );
}
