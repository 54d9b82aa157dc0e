// Encryption at rest: one AES-GCM data key encrypts every credential record. Without PRF the data key is a
// non-extractable CryptoKey kept in IndexedDB; with PRF it exists at rest only wrapped under a key derived (HKDF) from
// the passkey's PRF output, and in memory only while the wallet is unlocked.
import { ApiError } from './api.js';
import { readVault, writeVault, type VaultRecord } from './db.js';

const subtle = () => globalThis.crypto.subtle;
const HKDF_INFO = new TextEncoder().encode('sahih wallet data key wrapping v1');
const AAD = new TextEncoder().encode('sahih wallet record v1');

let dataKey: CryptoKey | null = null;
/** The key-encryption key of the passkey that unlocked the wallet (non-extractable), to wrap for new passkeys. */
let unlockKek: { credentialId: string; kek: CryptoKey } | null = null;

export function isUnlocked(): boolean {
  return dataKey !== null;
}

export function lock(): void {
  dataKey = null;
  unlockKek = null;
}

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n));
}

async function kekFromPrf(prfOutput: ArrayBuffer, salt: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const base = await subtle().importKey('raw', prfOutput, 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: HKDF_INFO }, base, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
}

async function importDataKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return subtle().importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** A fresh PRF salt for a new vault (the same salt is evaluated by every passkey of the wallet). */
export function newPrfSalt(): Uint8Array<ArrayBuffer> {
  return randomBytes(32);
}

/** Creates the vault: PRF-wrapped when the passkey gave a PRF output, otherwise a non-extractable device key. */
export async function createVault(prf?: { credentialId: string; output: ArrayBuffer; salt: Uint8Array<ArrayBuffer> }): Promise<VaultRecord['protection']> {
  if (prf) {
    const raw = randomBytes(32);
    const kek = await kekFromPrf(prf.output, prf.salt);
    const iv = randomBytes(12);
    const ciphertext = await subtle().encrypt({ name: 'AES-GCM', iv }, kek, raw);
    await writeVault({ protection: 'prf', prfSalt: prf.salt, wrapped: { [prf.credentialId]: { iv, ciphertext } } });
    dataKey = await importDataKey(raw);
    raw.fill(0);
    unlockKek = { credentialId: prf.credentialId, kek };
    return 'prf';
  }
  dataKey = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  await writeVault({ protection: 'device', dataKey });
  return 'device';
}

export type UnlockResult = 'unlocked' | 'no-vault' | 'needs-passkey' | 'wrong-passkey';

/** Opens the device-key vault at once; a PRF vault needs the PRF output of one of its passkeys. */
export async function unlock(prf?: { credentialId: string; output: ArrayBuffer }): Promise<UnlockResult> {
  if (dataKey) return 'unlocked';
  const vault = await readVault();
  if (!vault) return 'no-vault';
  if (vault.protection === 'device') {
    dataKey = vault.dataKey;
    return 'unlocked';
  }
  if (!prf) return 'needs-passkey';
  const entry = vault.wrapped[prf.credentialId];
  if (!entry) return 'wrong-passkey';
  const kek = await kekFromPrf(prf.output, vault.prfSalt);
  try {
    const raw = new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: entry.iv }, kek, entry.ciphertext));
    dataKey = await importDataKey(raw);
    raw.fill(0);
    unlockKek = { credentialId: prf.credentialId, kek };
    return 'unlocked';
  } catch {
    return 'wrong-passkey';
  }
}

/** Lets a newly added passkey unlock the vault too (PRF vaults, while unlocked). Returns false when it cannot. */
export async function wrapForPasskey(prf: { credentialId: string; output: ArrayBuffer }): Promise<boolean> {
  const vault = await readVault();
  if (vault?.protection !== 'prf' || !unlockKek) return false;
  const current = vault.wrapped[unlockKek.credentialId];
  if (!current) return false;
  const raw = new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: current.iv }, unlockKek.kek, current.ciphertext));
  const kek = await kekFromPrf(prf.output, vault.prfSalt);
  const iv = randomBytes(12);
  const ciphertext = await subtle().encrypt({ name: 'AES-GCM', iv }, kek, raw);
  raw.fill(0);
  await writeVault({ ...vault, wrapped: { ...vault.wrapped, [prf.credentialId]: { iv, ciphertext } } });
  return true;
}

function requireKey(): CryptoKey {
  // A coded failure, so a screen says "open the wallet with your passkey" rather than an unexplained error.
  if (!dataKey) throw new ApiError('wallet_locked', 0);
  return dataKey;
}

export async function seal(value: unknown): Promise<{ iv: Uint8Array<ArrayBuffer>; ciphertext: ArrayBuffer }> {
  const iv = randomBytes(12);
  const plaintext = new TextEncoder().encode(JSON.stringify(value));
  const ciphertext = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: AAD }, requireKey(), plaintext);
  return { iv, ciphertext };
}

export async function open<T>(sealed: { iv: Uint8Array<ArrayBuffer>; ciphertext: ArrayBuffer }): Promise<T> {
  const plaintext = await subtle().decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: AAD }, requireKey(), sealed.ciphertext);
  return JSON.parse(new TextDecoder().decode(plaintext)) as T;
}
