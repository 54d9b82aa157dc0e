// The wallet's IndexedDB: what is stored and how. Claim values never reach it in clear.
//   meta         key -> value: the vault record (how the data key is protected) and settings
//   keys         id  -> { privateKey: non-extractable ECDSA P-256 CryptoKey, publicJwk } (one holder key per credential)
//   credentials  id  -> { iv, ciphertext } — AES-GCM of the whole credential record under the vault's data key
//   presentations id -> { iv, ciphertext } — the wallet's own record of each presentation or refusal (sealed)
//   log          key -> value: the last log checkpoint this wallet verified (public data, kept in clear)
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Es256PublicJwk } from '../../../shared/crypto/types.js';

export interface SealedRecord {
  id: string;
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: ArrayBuffer;
}

export interface HolderKeyRecord {
  id: string;
  privateKey: CryptoKey;
  publicJwk: Es256PublicJwk;
}

/** How the data key is kept: a non-extractable key stored as is, or raw bytes wrapped per passkey by PRF. */
export type VaultRecord =
  | { protection: 'device'; dataKey: CryptoKey }
  | {
      protection: 'prf';
      prfSalt: Uint8Array<ArrayBuffer>;
      /** credential id (base64url) -> the data key encrypted under HKDF(PRF output of that passkey). */
      wrapped: Record<string, { iv: Uint8Array<ArrayBuffer>; ciphertext: ArrayBuffer }>;
    };

interface WalletSchema extends DBSchema {
  meta: { key: string; value: unknown };
  keys: { key: string; value: HolderKeyRecord };
  credentials: { key: string; value: SealedRecord };
  presentations: { key: string; value: SealedRecord };
  log: { key: string; value: unknown };
}

export const DB_NAME = 'sahih-wallet';
/** Dispatched on the window after the wallet's own data changed, so the backup (state/backup.ts) is replaced. */
export const WALLET_CHANGED = 'sahih:wallet-changed';

export function notifyWalletChanged(): void {
  if (typeof dispatchEvent === 'function') dispatchEvent(new Event(WALLET_CHANGED));
}
let opening: Promise<IDBPDatabase<WalletSchema>> | undefined;

export function walletDb(): Promise<IDBPDatabase<WalletSchema>> {
  opening ??= openDB<WalletSchema>(DB_NAME, 2, {
    // Forward-only, like the service's migrations: each version adds what it needs and keeps the data.
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('meta');
        db.createObjectStore('keys', { keyPath: 'id' });
        db.createObjectStore('credentials', { keyPath: 'id' });
      }
      if (oldVersion < 2) {
        db.createObjectStore('presentations', { keyPath: 'id' });
        db.createObjectStore('log');
      }
    },
    // A newer tab upgraded the schema: close so it is not blocked; the next call reopens.
    blocking() {
      void opening?.then((db) => db.close());
      opening = undefined;
    },
  });
  return opening;
}

/** Closes and deletes the wallet's database (after the account is deleted: nothing of it stays on the phone). */
export async function eraseWalletDb(): Promise<void> {
  const db = await opening?.catch(() => undefined);
  db?.close();
  opening = undefined;
  await new Promise<void>((resolve, reject) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error ?? new Error('deleteDatabase failed'));
    // Another tab holding it open: the deletion completes once it closes (its `blocking` handler closes it).
    req.onblocked = () => resolve();
  });
}

export async function readVault(): Promise<VaultRecord | undefined> {
  return (await (await walletDb()).get('meta', 'vault')) as VaultRecord | undefined;
}

export async function writeVault(vault: VaultRecord): Promise<void> {
  await (await walletDb()).put('meta', vault, 'vault');
}
