// The signed-in state: registering, signing in and out with a passkey, and opening the encrypted storage.
import { effect, signal } from '@preact/signals';
import { api, ApiError, csrfToken } from '../lib/api.js';
import { eraseWalletDb, readVault } from '../lib/db.js';
import { createPasskey, evaluatePrf, usePasskey } from '../lib/passkey.js';
import { online } from '../lib/use-online.js';
import { createVault, isUnlocked, lock, newPrfSalt, unlock, wrapForPasskey } from '../lib/vault.js';

export interface Account {
  id: string;
  displayName: string;
}

interface SessionBody {
  account: Account;
  csrfToken: string;
  expiresAt: string;
}

export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out' | 'offline';

export const sessionStatus = signal<SessionStatus>('unknown');
export const account = signal<Account | null>(null);
/** 'device' or 'prf' once the wallet has storage; null before onboarding. */
export const protection = signal<'device' | 'prf' | null>(null);
export const locked = signal(true);

/** Remembered across reloads so an explicit sign-out still shows the sign-in screen when offline. */
const SIGNED_OUT_KEY = 'sahih.signedOut';

function accept(body: SessionBody): void {
  csrfToken.value = body.csrfToken;
  account.value = body.account;
  sessionStatus.value = 'signed-in';
  localStorage.removeItem(SIGNED_OUT_KEY);
}

export function explicitlySignedOut(): boolean {
  return localStorage.getItem(SIGNED_OUT_KEY) === '1';
}

/** Reads what the phone already has: how the storage is protected, and opens it when a device key protects it. */
async function readLocalState(): Promise<boolean> {
  const vault = await readVault();
  protection.value = vault?.protection ?? null;
  if (vault?.protection === 'device') locked.value = (await unlock()) !== 'unlocked';
  else locked.value = !isUnlocked();
  return vault !== undefined;
}

/** Reads what the phone already has (storage protection) and asks the service whether the session is alive. */
export async function loadSession(): Promise<void> {
  await askService(await readLocalState());
}

async function askService(hasVault: boolean): Promise<void> {
  // A phone with no wallet yet, or one signed out on purpose, has no session to ask about.
  if (!hasVault || explicitlySignedOut()) {
    sessionStatus.value = 'signed-out';
    return;
  }
  try {
    accept(await api<SessionBody>('/v1/session'));
  } catch (error) {
    if (error instanceof ApiError && error.code === 'network') sessionStatus.value = 'offline';
    else {
      csrfToken.value = null;
      account.value = null;
      sessionStatus.value = 'signed-out';
    }
  }
}

async function setUpOrUnlock(credentialId: string, prf: ArrayBuffer | undefined, salt: Uint8Array<ArrayBuffer>): Promise<void> {
  const vault = await readVault();
  if (!vault) {
    protection.value = await createVault(prf ? { credentialId, output: prf, salt } : undefined);
  } else {
    protection.value = vault.protection;
    const result = await unlock(prf ? { credentialId, output: prf } : undefined);
    if (result !== 'unlocked') throw new ApiError('wallet_locked_other_passkey', 0);
  }
  locked.value = false;
}

export async function register(displayName: string): Promise<void> {
  const { options } = await api<{ options: Record<string, unknown> }>('/v1/accounts/registration/options', {
    method: 'POST',
    body: displayName ? { displayName } : {},
  });
  const existing = await readVault();
  const salt = existing?.protection === 'prf' ? existing.prfSalt : newPrfSalt();
  const created = await createPasskey(options, salt);
  accept(await api<SessionBody>('/v1/accounts/registration', { method: 'POST', body: { response: created.response } }));
  let prf = created.prf;
  // Some authenticators only report "PRF enabled" at creation; one local use of the new passkey gives the output.
  if (!prf && created.prfEnabled) prf = (await evaluatePrf(salt, created.credentialId))?.output;
  await setUpOrUnlock(created.credentialId, prf, salt);
}

export async function signIn(): Promise<void> {
  const { options } = await api<{ options: Record<string, unknown> }>('/v1/session/options', { method: 'POST' });
  const vault = await readVault();
  const salt = vault?.protection === 'prf' ? vault.prfSalt : newPrfSalt();
  const used = await usePasskey(options, salt);
  accept(await api<SessionBody>('/v1/session', { method: 'POST', body: { response: used.response } }));
  await setUpOrUnlock(used.credentialId, used.prf, salt);
}

/**
 * Confirms a sensitive action (presenting data) with the passkey: a fresh sign-in ceremony with user verification
 * required, checked by the service, which must name the same account as the current session.
 */
export async function confirmWithPasskey(): Promise<void> {
  const before = account.value?.id;
  await signIn();
  if (before !== undefined && account.value?.id !== before) throw new ApiError('passkey_other_account', 0);
}

/**
 * Opens the vault before an action that writes to it (receiving a card, recording an answer): a device-key vault at
 * once, a PRF vault with a passkey ceremony. Fails with `wallet_locked` rather than leaving the action half done.
 */
export async function ensureUnlocked(): Promise<void> {
  if (isUnlocked()) return;
  const vault = await readVault();
  if (vault?.protection === 'prf') await unlockWithPasskey();
  else if ((await unlock()) === 'unlocked') locked.value = false;
  if (!isUnlocked()) throw new ApiError('wallet_locked', 0);
}

/** Unlocks a PRF-protected wallet with a passkey, on the phone alone (works offline). */
export async function unlockWithPasskey(): Promise<void> {
  const vault = await readVault();
  if (vault?.protection !== 'prf') return;
  const prf = await evaluatePrf(vault.prfSalt);
  const result = prf ? await unlock(prf) : 'wrong-passkey';
  if (result !== 'unlocked') throw new ApiError('wallet_locked_other_passkey', 0);
  locked.value = false;
}

export async function signOut(): Promise<void> {
  try {
    await api('/v1/session', { method: 'DELETE' });
  } finally {
    localStorage.setItem(SIGNED_OUT_KEY, '1');
    csrfToken.value = null;
    account.value = null;
    sessionStatus.value = 'signed-out';
    lock();
    locked.value = true;
  }
}

export interface PasskeyInfo {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
  /** The passkey this session signed in with. */
  current: boolean;
}

/** What "I lost my phone" did (POST /v1/me/lost-device). */
export interface LostDeviceSummary {
  sessionsEnded: number;
  credentialsSuspended: { credentialId: string; agencyId: string; credentialType: string }[];
  unknownDeviceCredentials: number;
  eventIds: string[];
}

export async function listPasskeys(): Promise<PasskeyInfo[]> {
  return (await api<{ passkeys: PasskeyInfo[] }>('/v1/passkeys')).passkeys;
}

export async function addPasskey(name: string): Promise<void> {
  const { options } = await api<{ options: Record<string, unknown> }>('/v1/passkeys/options', { method: 'POST' });
  const vault = await readVault();
  const salt = vault?.protection === 'prf' ? vault.prfSalt : undefined;
  const created = await createPasskey(options, salt);
  await api('/v1/passkeys', { method: 'POST', body: { response: created.response, ...(name ? { name } : {}) } });
  if (salt) {
    const prf = created.prf ?? (created.prfEnabled ? (await evaluatePrf(salt, created.credentialId))?.output : undefined);
    if (prf) await wrapForPasskey({ credentialId: created.credentialId, output: prf });
  }
}

export async function removePasskey(id: string): Promise<void> {
  await api(`/v1/passkeys/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** What deleting the account did (POST /v1/me/deletion). */
export interface AccountDeletionSummary {
  agenciesNotified: string[];
}

/** Deletes the account on the service, then everything of the wallet on this phone. */
export async function deleteAccount(): Promise<AccountDeletionSummary> {
  const summary = await api<AccountDeletionSummary>('/v1/me/deletion', { method: 'POST', body: { confirm: true } });
  lock();
  await eraseWalletDb();
  // The session is gone on the service; the screen says so and then reloads the wallet, which finds nothing on the
  // phone. (Marking it signed out here would send the screen to the welcome page before the citizen reads that.)
  csrfToken.value = null;
  return summary;
}

/** Stops a lost phone: its sessions end, its passkey goes and the cards it received are suspended, in one request. */
export function reportLostDevice(passkeyId: string): Promise<LostDeviceSummary> {
  return api<LostDeviceSummary>('/v1/me/lost-device', { method: 'POST', body: { passkeyId } });
}

let local: Promise<boolean> | undefined;
let loading: Promise<void> | undefined;

function ensureLocal(): Promise<boolean> {
  local ??= readLocalState().catch((error: unknown) => {
    local = undefined;
    throw error;
  });
  return local;
}

/** Loads the session state once per page load (screens share the answer). */
export function ensureSession(): Promise<void> {
  loading ??= ensureLocal()
    .then(askService)
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

/**
 * Resolves once the phone's own state is read (storage protection, unlocked or not) and sends the session question to
 * the service without waiting for its answer: a screen that shows only what the phone holds renders at once and
 * follows `sessionStatus` when the answer comes.
 */
export function ensureLocalState(): Promise<void> {
  void ensureSession().catch(() => {});
  return ensureLocal().then(() => {});
}

// Back online after starting offline: ask the service again, so screens that need the session can use it.
effect(() => {
  if (online.value && sessionStatus.peek() === 'offline') loading = loadSession();
});
