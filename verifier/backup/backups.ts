// Sealed wallet backups: the service keeps one opaque blob per account, bounded in size and replaced compare-and-set.
import { decodeBase64url, encodeBase64url } from '../../shared/encoding/base64url.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/types.js';

export const DEFAULT_BACKUP_MAX_BYTES = 1024 * 1024;

export interface BackupDeps {
  store: Pick<Store, 'accountBackups'>;
  now: () => number;
  /** Largest sealed blob kept, in bytes. */
  maxBytes: number;
}

export interface BackupView {
  version: number;
  /** The sealed blob, base64url; only the wallet holds the key that opens it. */
  sealed: string;
  size: number;
  updatedAt: string;
}

/** The request body limit for PUT /v1/me/backup: the largest blob in base64url plus room for the JSON around it. */
export function backupBodyBytes(maxBytes: number): number {
  return Math.ceil(maxBytes / 3) * 4 + 4096;
}

const view = (r: { version: number; sealed: Uint8Array; updatedAt: number }): BackupView => ({
  version: r.version,
  sealed: encodeBase64url(r.sealed),
  size: r.sealed.byteLength,
  updatedAt: new Date(r.updatedAt).toISOString(),
});

export async function readBackup(deps: BackupDeps, accountId: string): Promise<BackupView> {
  const stored = await deps.store.accountBackups.get(accountId);
  if (!stored) throw new AppError('not_found', { detail: 'No backup is stored for this account.' });
  return view(stored);
}

function decodeSealed(sealed: string): Uint8Array {
  try {
    return decodeBase64url(sealed);
  } catch {
    throw new AppError('invalid_request', { detail: 'sealed must be base64url without padding.', fieldErrors: [{ path: '/sealed', message: 'not base64url' }] });
  }
}

/**
 * Stores a new sealed backup replacing version `expectedVersion` (0 when the wallet believes none is stored). A phone
 * that last saw an older version gets 409 backup_version_conflict and must read the newer backup before replacing it.
 */
export async function storeBackup(deps: BackupDeps, accountId: string, input: { expectedVersion: number; sealed: string }): Promise<BackupView> {
  const sealed = decodeSealed(input.sealed);
  if (sealed.byteLength > deps.maxBytes) {
    throw new AppError('backup_too_large', { detail: `The sealed backup is ${sealed.byteLength} bytes; at most ${deps.maxBytes} are kept.` });
  }
  const result = await deps.store.accountBackups.put(accountId, input.expectedVersion, { sealed, updatedAt: deps.now() });
  if ('conflict' in result) {
    throw new AppError('backup_version_conflict', {
      detail: `The stored backup is version ${result.conflict}, not ${input.expectedVersion}; read it before replacing it.`,
    });
  }
  return view(result);
}

export async function deleteBackup(deps: BackupDeps, accountId: string): Promise<void> {
  if (!(await deps.store.accountBackups.delete(accountId))) throw new AppError('not_found', { detail: 'No backup is stored for this account.' });
}
