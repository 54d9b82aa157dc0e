// Contract for the issued credentials repository (status entries, no claim values).
import { expect, it } from 'vitest';
import type { Store } from '../types.js';
import { issuedRecord, listRecord } from './registry-fixtures.js';

export function issuedCredentialsContract(getStore: () => Store): void {
  it('issued credentials: unique status entries, status changes, non-valid entries and key expiry', async () => {
    const store = getStore();
    await store.statusLists.create(listRecord('l1'));
    expect(await store.issuedCredentials.insert(issuedRecord('c1', 7))).toBe(true);
    expect(await store.issuedCredentials.insert(issuedRecord('c2', 7))).toBe(false);
    expect(await store.issuedCredentials.insert(issuedRecord('c3', 9, { expiresAt: 12_000 }))).toBe(true);
    expect(await store.issuedCredentials.get('a1', 'c1')).toEqual(issuedRecord('c1', 7));
    expect(await store.issuedCredentials.get('a2', 'c1')).toBeUndefined();
    expect(await store.issuedCredentials.indexTaken('l1', 7)).toBe(true);
    expect(await store.issuedCredentials.indexTaken('l1', 8)).toBe(false);
    expect(await store.issuedCredentials.countInList('l1')).toBe(2);
    expect(await store.issuedCredentials.setStatus('a2', 'c1', 1, 2_000)).toBe(false);
    expect(await store.issuedCredentials.setStatus('a1', 'c1', 2, 2_000)).toBe(true);
    expect(await store.issuedCredentials.nonValidEntries('l1')).toEqual([{ index: 7, status: 2 }]);
    expect(await store.issuedCredentials.latestExpiryForKid('k1')).toBe(12_000);
    expect(await store.issuedCredentials.latestExpiryForKid('none')).toBeUndefined();
  });

  it('issued credentials: listed per agency, newest first, paged by issuedAt', async () => {
    const store = getStore();
    await store.statusLists.create(listRecord('l1'));
    await store.issuedCredentials.insert(issuedRecord('c1', 1, { issuedAt: 1_000 }));
    await store.issuedCredentials.insert(issuedRecord('c2', 2, { issuedAt: 2_000 }));
    await store.issuedCredentials.insert(issuedRecord('c3', 3, { issuedAt: 3_000 }));
    const ids = (rs: { id: string }[]) => rs.map((r) => r.id);
    expect(ids(await store.issuedCredentials.listByAgency('a1', { limit: 2 }))).toEqual(['c3', 'c2']);
    expect(ids(await store.issuedCredentials.listByAgency('a1', { limit: 2, before: 2_000 }))).toEqual(['c1']);
    expect(await store.issuedCredentials.listByAgency('a2', { limit: 10 })).toEqual([]);
  });
}
