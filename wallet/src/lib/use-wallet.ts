// Screen guard shared by the screens that show credentials: boots the session state (without waiting for the service
// unless the screen needs it), sends a citizen who is not set up or signed out to the welcome screen, loads the
// credentials when the storage is open, and takes the citizen to the screen of a link the page was opened with once
// the wallet is ready (see state/pending-link.ts).
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { pendingLinkPath } from '../state/pending-link.js';
import { ensureLocalState, ensureSession, explicitlySignedOut, locked, protection, sessionStatus } from '../state/session.js';
import { credentials, loadCredentials } from '../state/wallet.js';
import { ApiError } from './api.js';

export type WalletState = 'loading' | 'ready' | 'locked';

export function useWallet(options: { requireOnlineSession?: boolean } = {}): { state: WalletState; error: unknown } {
  const { route, url, path } = useLocation();
  const [error, setError] = useState<unknown>(null);
  const [booted, setBooted] = useState(false);
  useEffect(() => {
    let cancelled = false;
    (async () => {
      // Screens that call the service wait for its answer on the session; the others render from what the phone
      // holds, and the effect below follows the answer when it comes.
      await (options.requireOnlineSession ? ensureSession() : ensureLocalState());
      const signedOut = sessionStatus.value === 'signed-out' || explicitlySignedOut();
      if (options.requireOnlineSession && !signedOut && sessionStatus.value !== 'signed-in') throw new ApiError('network', 0);
      if (protection.value === null || signedOut) {
        // After an explicit sign-out the citizen starts again from the home screen, not the page they left.
        route(signedOut || url === '/' ? '/welcome' : `/welcome?next=${encodeURIComponent(url)}`, true);
        return;
      }
      if (!locked.value && credentials.value === null) {
        try {
          await loadCredentials();
        } catch (cause) {
          throw new ApiError('storage_failed', 0, { cause });
        }
        // The backup screen and its sealing load only now, off the first render's path.
        void import('../state/backup.js').then((m) => m.startAutoBackup()).catch(() => {});
      }
      // Cards whose holder key the account does not know yet are proved once signed in and online.
      if (!locked.value && credentials.value?.some((c) => c.keyProof === 'pending')) void import('../state/holder-keys.js').then((m) => m.proveWaitingKeys()).catch(() => {});
      if (cancelled) return;
      const waiting = locked.value ? null : pendingLinkPath();
      if (waiting && waiting !== path) {
        route(waiting, true);
        return;
      }
      setBooted(true);
    })().catch((e: unknown) => !cancelled && setError(e));
    return () => {
      cancelled = true;
    };
  }, [locked.value]);
  // The service answered after the screen rendered: a session that is over sends the citizen to sign in again.
  const signedOutLate = booted && sessionStatus.value === 'signed-out';
  useEffect(() => {
    if (signedOutLate) route('/welcome', true);
  }, [signedOutLate]);
  return { state: !booted ? 'loading' : locked.value ? 'locked' : 'ready', error };
}
