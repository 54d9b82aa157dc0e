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

  it('issued credentials: keep the agency reference, search it case-insensitively with wildcards literal, and list it per account', async () => {
    const store = getStore();
    await store.statusLists.create(listRecord('l1'));
    await store.issuedCredentials.insert(issuedRecord('c1', 1, { issuedAt: 1_000, agencyRef: 'RM-2026/000123', holderJkt: 'jkt-a' }));
    await store.issuedCredentials.insert(issuedRecord('c2', 2, { issuedAt: 2_000, agencyRef: 'rm-2026/000124', holderJkt: 'jkt-a' }));
    await store.issuedCredentials.insert(issuedRecord('c3', 3, { issuedAt: 3_000, agencyRef: 'X_1', holderJkt: 'jkt-b' }));
    await store.issuedCredentials.insert(issuedRecord('c4', 4, { issuedAt: 4_000, holderJkt: 'jkt-a' }));
    const ids = (rs: { id: string }[]) => rs.map((r) => r.id);
    expect((await store.issuedCredentials.get('a1', 'c1'))?.agencyRef).toBe('RM-2026/000123');
    expect((await store.issuedCredentials.get('a1', 'c4'))?.agencyRef ?? null).toBeNull();
    expect(ids(await store.issuedCredentials.listByAgency('a1', { limit: 10, ref: 'rm-2026' }))).toEqual(['c2', 'c1']);
    expect(ids(await store.issuedCredentials.listByAgency('a1', { limit: 10, ref: '000123' }))).toEqual(['c1']);
    expect(ids(await store.issuedCredentials.listByAgency('a1', { limit: 1, ref: 'RM', before: 2_000 }))).toEqual(['c1']);
    // `_` and `%` are literal, not LIKE wildcards.
    expect(ids(await store.issuedCredentials.listByAgency('a1', { limit: 10, ref: 'X_' }))).toEqual(['c3']);
    expect(ids(await store.issuedCredentials.listByAgency('a1', { limit: 10, ref: 'RM_' }))).toEqual([]);
    expect(ids(await store.issuedCredentials.listByAgency('a1', { limit: 10, ref: '%' }))).toEqual([]);
    expect(await store.issuedCredentials.listByAgency('a2', { limit: 10, ref: 'RM' })).toEqual([]);
    await store.holderBindings.bind('jkt-a', 'acct-a', 1);
    expect(await store.issuedCredentials.refsForAccount('a1', 'acct-a')).toEqual(['RM-2026/000123', 'rm-2026/000124']);
    expect(await store.issuedCredentials.refsForAccount('a2', 'acct-a')).toEqual([]);
    expect(await store.issuedCredentials.refsForAccount('a1', 'acct-b')).toEqual([]);
  });
  it("issued credentials: a device's credentials are those under the keys bound with its passkey (null: unknown device)", async () => {
    const store = getStore();
    await store.statusLists.create(listRecord('l1'));
    await store.issuedCredentials.insert(issuedRecord('c1', 1, { issuedAt: 1_000, holderJkt: 'jkt-phone-a' }));
    await store.issuedCredentials.insert(issuedRecord('c2', 2, { issuedAt: 2_000, holderJkt: 'jkt-phone-b' }));
    await store.issuedCredentials.insert(issuedRecord('c3', 3, { issuedAt: 3_000, holderJkt: 'jkt-old' }));
    await store.issuedCredentials.insert(issuedRecord('c4', 4, { issuedAt: 4_000, holderJkt: 'jkt-phone-a' }));
    await store.issuedCredentials.insert(issuedRecord('c5', 5, { issuedAt: 5_000, holderJkt: 'jkt-other' }));
    await store.holderBindings.bind('jkt-phone-a', 'acct-a', 1, 'pk-a');
    await store.holderBindings.bind('jkt-phone-b', 'acct-a', 1, 'pk-b');
    await store.holderBindings.bind('jkt-old', 'acct-a', 1);
    await store.holderBindings.bind('jkt-other', 'acct-b', 1, 'pk-a');
    const ids = (rs: { id: string }[]) => rs.map((r) => r.id);
    expect(ids(await store.issuedCredentials.forDevice('acct-a', 'pk-a'))).toEqual(['c1', 'c4']);
    expect(ids(await store.issuedCredentials.forDevice('acct-a', null))).toEqual(['c3']);
    expect(await store.issuedCredentials.forDevice('acct-b', 'pk-b')).toEqual([]);
  });
}
