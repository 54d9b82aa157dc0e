// Managing an account's passkeys: list, rename, remove (never the last one).
import { AppError } from '../errors.js';
import type { PasskeyRecord } from '../store/types.js';
import type { AccountsDeps } from './deps.js';

export function listPasskeys(deps: AccountsDeps, accountId: string): Promise<PasskeyRecord[]> {
  return deps.store.accounts.listPasskeys(accountId);
}

export async function renamePasskey(deps: AccountsDeps, accountId: string, id: string, name: string): Promise<void> {
  // Another account's passkey is "not found": a session never learns what it does not own.
  if (!(await deps.store.accounts.renamePasskey(accountId, id, name.trim()))) {
    throw new AppError('not_found', { detail: 'No such passkey on this account.' });
  }
}

/** Removes a passkey and ends the sessions it opened (a removed passkey leaves no signed-in device behind). */
export async function removePasskey(deps: AccountsDeps, accountId: string, id: string, keep: string): Promise<void> {
  const outcome = await deps.store.accounts.removePasskey(accountId, id);
  if (outcome === 'removed') await deps.store.sessions.deleteForPasskey(accountId, id, { keep, unknownDevice: false });
  if (outcome === 'not_found') throw new AppError('not_found', { detail: 'No such passkey on this account.' });
  if (outcome === 'last') {
    throw new AppError('passkey_last_remaining', { detail: 'Add another passkey before removing this one, or you could not sign in.' });
  }
}
