// Contract for account backups: compare-and-set on the version, so an older phone cannot silently replace a newer backup.
import { expect, it } from 'vitest';
import type { Store } from '../types.js';

const bytes = (...values: number[]) => new Uint8Array(values);

export function accountBackupsContract(getStore: () => Store): void {
  it('account backups: first write is version 1, each replacement needs the version it replaces', async () => {
    const store = getStore();
    expect(await store.accountBackups.get('acct-a')).toBeUndefined();
    expect(await store.accountBackups.put('acct-a', 0, { sealed: bytes(1, 2, 3), updatedAt: 1000 })).toMatchObject({ version: 1 });
    expect(await store.accountBackups.put('acct-a', 0, { sealed: bytes(9), updatedAt: 1500 })).toEqual({ conflict: 1 });
    expect(await store.accountBackups.put('acct-a', 1, { sealed: bytes(4, 5), updatedAt: 2000 })).toMatchObject({ version: 2 });
    // An older phone that last saw version 1 is told the current version instead of overwriting it.
    expect(await store.accountBackups.put('acct-a', 1, { sealed: bytes(7), updatedAt: 3000 })).toEqual({ conflict: 2 });
    expect(await store.accountBackups.put('acct-a', 5, { sealed: bytes(7), updatedAt: 3000 })).toEqual({ conflict: 2 });
    expect(await store.accountBackups.get('acct-a')).toEqual({ accountId: 'acct-a', version: 2, sealed: bytes(4, 5), updatedAt: 2000 });
    expect(await store.accountBackups.put('acct-b', 3, { sealed: bytes(1), updatedAt: 1000 })).toEqual({ conflict: 0 });
  });

  it('account backups: deleting removes the blob and starts the versions again', async () => {
    const store = getStore();
    await store.accountBackups.put('acct-a', 0, { sealed: bytes(1), updatedAt: 1000 });
    await store.accountBackups.put('acct-b', 0, { sealed: bytes(2), updatedAt: 1000 });
    expect(await store.accountBackups.delete('acct-a')).toBe(true);
    expect(await store.accountBackups.delete('acct-a')).toBe(false);
    expect(await store.accountBackups.get('acct-a')).toBeUndefined();
    expect((await store.accountBackups.get('acct-b'))?.sealed).toEqual(bytes(2));
    expect(await store.accountBackups.put('acct-a', 0, { sealed: bytes(3), updatedAt: 2000 })).toMatchObject({ version: 1 });
  });
}
