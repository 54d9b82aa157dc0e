// The wallet's backup: set-up (a passkey that can derive keys, or a recovery code shown once), sealing everything
// the wallet keeps after each change (debounced) to the service as an opaque blob, a file to download, and restoring
// on a new phone without overwriting anything. The seal format lives in lib/backup-seal.ts.
import { signal } from '@preact/signals';
import { setLocale, locale, type Locale } from '../i18n/index.js';
import { ApiError, request } from '../lib/api.js';
import { BackupOpenError, createBackupKeys, newRecoveryCode, openBackup, readSealedBackup, sealBackup, type BackupKeys, type SlotSecret } from '../lib/backup-seal.js';
import { decodeBase64url, encodeBase64url } from '../../../shared/encoding/base64url.js';
import { WALLET_CHANGED, walletDb, type SealedRecord } from '../lib/db.js';
import { evaluatePrf } from '../lib/passkey.js';
import { open, seal } from '../lib/vault.js';
import { listPresentationRecords, type PresentationRecord } from './presentation-records.js';
import { loadCredentials, type StoredCredential } from './wallet.js';

const META_KEY = 'backup';
const DEBOUNCE_MS = 4000;

/** Kept in IndexedDB: the content key (non-extractable) and its slots, so every change reseals without a prompt. */
interface BackupSetup extends BackupKeys {
  /** The service's version this phone last wrote or read; 0 before the first upload. */
  version: number;
  lastBackupAt: number | null;
  way: 'passkey' | 'code';
}

/** Everything a backup carries (sahih-backup-content/1). Claim values are inside the credentials, sealed. */
export interface BackupContent {
  format: 'sahih-backup-content/1';
  credentials: StoredCredential[];
  presentations: PresentationRecord[];
  logPins: [string, unknown][];
  settings: { locale: Locale };
}

export type BackupState = 'off' | 'idle' | 'saving' | 'saved' | 'conflict' | 'failed';
export const backupState = signal<BackupState>('off');
export const lastBackupAt = signal<number | null>(null);
export const backupWay = signal<'passkey' | 'code' | null>(null);

async function readSetup(): Promise<BackupSetup | undefined> {
  return (await (await walletDb()).get('meta', META_KEY)) as BackupSetup | undefined;
}

async function writeSetup(setup: BackupSetup): Promise<void> {
  await (await walletDb()).put('meta', setup, META_KEY);
  lastBackupAt.value = setup.lastBackupAt;
  backupWay.value = setup.way;
}

export async function loadBackupState(): Promise<void> {
  const setup = await readSetup();
  backupState.value = setup ? (backupState.value === 'off' ? 'idle' : backupState.value) : 'off';
  lastBackupAt.value = setup?.lastBackupAt ?? null;
  backupWay.value = setup?.way ?? null;
}

export async function collectContent(): Promise<BackupContent> {
  const db = await walletDb();
  const credentials = await Promise.all((await db.getAll('credentials')).map((r) => open<StoredCredential>(r)));
  const [keys, values] = await Promise.all([db.getAllKeys('log'), db.getAll('log')]);
  return {
    format: 'sahih-backup-content/1',
    credentials,
    presentations: await listPresentationRecords(),
    logPins: keys.map((k, i) => [String(k), values[i]]),
    settings: { locale: locale.value },
  };
}

async function currentRemoteVersion(): Promise<number> {
  const res = await request('/v1/me/backup').catch((e: unknown) => {
    if (e instanceof ApiError && e.code === 'not_found') return undefined;
    throw e;
  });
  return res ? ((await res.json()) as { version: number }).version : 0;
}

/**
 * Seals the wallet and stores it on the service as the next version. `replace` overwrites a newer backup from another
 * phone, which only the citizen decides (the conflict state asks them); otherwise that case stops at 'conflict'.
 */
export async function backupNow(options: { replace?: boolean } = {}): Promise<void> {
  const setup = await readSetup();
  if (!setup) return;
  backupState.value = 'saving';
  try {
    const sealed = await sealBackup(setup, await collectContent());
    const expectedVersion = options.replace ? await currentRemoteVersion() : setup.version;
    const res = await request('/v1/me/backup', { method: 'PUT', body: { expectedVersion, sealed: encodeBase64url(sealed) } });
    const stored = (await res.json()) as { version: number };
    await writeSetup({ ...setup, version: stored.version, lastBackupAt: Date.now() });
    backupState.value = 'saved';
  } catch (e) {
    backupState.value = e instanceof ApiError && e.code === 'backup_version_conflict' ? 'conflict' : 'failed';
    throw e;
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
/** Replaces the backup a few seconds after the last change, so a burst of changes makes one upload. */
export function scheduleBackup(): void {
  clearTimeout(timer);
  timer = setTimeout(() => void backupNow().catch(() => {}), DEBOUNCE_MS);
}

let listening = false;
export async function startAutoBackup(): Promise<void> {
  await loadBackupState();
  if (listening) return;
  listening = true;
  addEventListener(WALLET_CHANGED, () => {
    if (backupState.value !== 'off' && backupState.value !== 'conflict') scheduleBackup();
  });
}

const BACKUP_SALT_KEY = 'backupPrfSalt';

/**
 * Sets up (or sets up again) the backup. With a passkey that can derive keys, that passkey opens it; otherwise, or
 * when asked, a new recovery code does, returned here to be shown once. Setting up again makes a new content key, so
 * an earlier recovery code no longer opens the next backup.
 */
export async function setUpBackup(options: { withCode: boolean }): Promise<{ code: string | undefined }> {
  const db = await walletDb();
  const salt = ((await db.get('meta', BACKUP_SALT_KEY)) as Uint8Array<ArrayBuffer> | undefined) ?? crypto.getRandomValues(new Uint8Array(32));
  await db.put('meta', salt, BACKUP_SALT_KEY);
  const prf = await evaluatePrf(salt).catch((e: unknown) => {
    if (options.withCode) return undefined;
    throw e;
  });
  const code = options.withCode || !prf ? newRecoveryCode() : undefined;
  const keys = await createBackupKeys({ ...(prf ? { passkey: { credentialId: prf.credentialId, prf: prf.output, salt } } : {}), ...(code ? { code } : {}) });
  const previous = await readSetup();
  await writeSetup({ ...keys, version: previous?.version ?? 0, lastBackupAt: previous?.lastBackupAt ?? null, way: prf ? 'passkey' : 'code' });
  await backupNow({ replace: true });
  return { code };
}

export async function downloadBackup(): Promise<void> {
  const setup = await readSetup();
  if (!setup) return;
  const sealed = await sealBackup(setup, await collectContent());
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([sealed], { type: 'application/json' }));
  link.download = `sahih-backup-${new Date().toISOString().slice(0, 10)}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** The backup stored on the service for the signed-in account, with its version; undefined when there is none. */
export async function fetchStoredBackup(): Promise<{ bytes: Uint8Array; version: number } | undefined> {
  try {
    const body = (await (await request('/v1/me/backup')).json()) as { sealed: string; version: number };
    return { bytes: decodeBase64url(body.sealed), version: body.version };
  } catch (e) {
    if (e instanceof ApiError && e.code === 'not_found') return undefined;
    throw e;
  }
}

/** Whether a passkey can open the backup (then restore asks for it), or only a recovery code. */
export function waysIn(bytes: Uint8Array): { passkey?: { credentialId: string; salt: Uint8Array<ArrayBuffer> }; code: boolean } {
  const sealed = readSealedBackup(bytes);
  const slot = sealed.slots.find((s) => s.kind === 'passkey');
  return {
    ...(slot?.kind === 'passkey' ? { passkey: { credentialId: slot.credentialId, salt: decodeBase64url(slot.salt) as Uint8Array<ArrayBuffer> } } : {}),
    code: sealed.slots.some((s) => s.kind === 'code'),
  };
}

async function secretFor(bytes: Uint8Array, code: string | undefined): Promise<SlotSecret> {
  if (code !== undefined) return { kind: 'code', code };
  const passkey = waysIn(bytes).passkey;
  const prf = passkey ? await evaluatePrf(passkey.salt, passkey.credentialId) : undefined;
  if (!prf) throw new BackupOpenError('backup_wrong_passkey');
  return { kind: 'passkey', prf: prf.output };
}

export interface RestoreResult {
  credentials: number;
  presentations: number;
}

/**
 * Opens a backup (from the service or a file) and adds what it holds to this phone. Anything that fails to open is
 * refused before a single record is written; records already on this phone are kept as they are. Restored cards have
 * no holder key here (keys never leave a phone), so they are marked to be re-bound.
 */
export async function restoreBackup(source: { bytes: Uint8Array; version?: number }, code?: string): Promise<RestoreResult> {
  const { content, keys } = await openBackup<BackupContent>(source.bytes, await secretFor(source.bytes, code));
  if (content.format !== 'sahih-backup-content/1') throw new BackupOpenError('backup_damaged');
  const db = await walletDb();
  const sealedCredentials: SealedRecord[] = [];
  for (const c of content.credentials) {
    if (await db.getKey('credentials', c.id)) continue;
    const holderKey = await db.get('keys', c.keyId);
    const restored: StoredCredential = holderKey ? c : { ...c, rebind: 'needed' };
    sealedCredentials.push({ id: c.id, ...(await seal(restored)) });
  }
  const sealedPresentations: SealedRecord[] = [];
  for (const p of content.presentations) {
    if (!(await db.getKey('presentations', p.id))) sealedPresentations.push({ id: p.id, ...(await seal(p)) });
  }
  const tx = db.transaction(['credentials', 'presentations', 'log'], 'readwrite');
  for (const r of sealedCredentials) await tx.objectStore('credentials').put(r);
  for (const r of sealedPresentations) await tx.objectStore('presentations').put(r);
  for (const [key, value] of content.logPins) if ((await tx.objectStore('log').getKey(key)) === undefined) await tx.objectStore('log').put(value, key);
  await tx.done;
  if (content.settings.locale === 'id' || content.settings.locale === 'en') setLocale(content.settings.locale);
  // This phone now keeps the same backup: same ways in, next version after the one restored.
  const previous = await readSetup();
  await writeSetup({ ...keys, version: source.version ?? previous?.version ?? 0, lastBackupAt: previous?.lastBackupAt ?? null, way: keys.slots.some((s) => s.kind === 'passkey') ? 'passkey' : 'code' });
  backupState.value = 'idle';
  await loadCredentials();
  return { credentials: sealedCredentials.length, presentations: sealedPresentations.length };
}
