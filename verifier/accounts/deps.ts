// What the account domain needs from the outside: the store, a clock and the WebAuthn/session configuration.
import type { Config } from '../config.js';
import type { Store } from '../store/types.js';

export interface AccountsConfig {
  webauthn: Config['webauthn'];
  session: Config['session'];
  /** True when the service is reached over https (cookies get Secure and the __Host- prefix). */
  https: boolean;
}

export interface AccountsDeps {
  store: Store;
  now: () => number;
  config: AccountsConfig;
}

/** How long a WebAuthn challenge stays redeemable. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

/** Fills WebAuthn and session settings from the public URL when a caller (e.g. a test) gives only that. */
export function accountsConfigFrom(config: Pick<Config, 'publicUrl'> & Partial<Config>): AccountsConfig {
  const url = new URL(config.publicUrl);
  return {
    webauthn: config.webauthn ?? { rpId: url.hostname, rpName: 'Sahih', origins: [config.publicUrl.replace(/\/+$/, '')] },
    session: config.session ?? { idleMinutes: 30, maxHours: 12 },
    https: url.protocol === 'https:',
  };
}
