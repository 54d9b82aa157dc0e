// What consent control needs: the store, the transparency log (every change is an access event), crypto for the
// holder-signed records, and the clock.
import type { CryptoProvider } from '../../shared/crypto/types.js';
import type { TransparencyLog } from '../log/transparency-log.js';
import type { Store } from '../store/types.js';

export interface ConsentDeps {
  store: Store;
  log: TransparencyLog;
  crypto: CryptoProvider;
  now: () => number;
}

/** UU PDP: the controller acts on a withdrawal (and the other changes) within 3x24 hours. */
export const ACTION_DEADLINE_MS = 3 * 24 * 3600 * 1000;
