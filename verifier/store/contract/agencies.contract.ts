// Contract for the agencies repository (agencies and the credential types each may issue).
import { expect, it } from 'vitest';
import type { Store } from '../types.js';
import { agencyRecord, typeRecord } from './registry-fixtures.js';

export function agenciesContract(getStore: () => Store): void {
  it('agencies: creates once, reads, lists, changes status and allows types idempotently', async () => {
    const store = getStore();
    expect(await store.agencies.create(agencyRecord('b'))).toBe(true);
    expect(await store.agencies.create(agencyRecord('b', { legalName: 'other' }))).toBe(false);
    expect(await store.agencies.create(agencyRecord('a'))).toBe(true);
    expect(await store.agencies.get('b')).toEqual(agencyRecord('b'));
    expect((await store.agencies.list()).map((a) => a.id)).toEqual(['a', 'b']);
    expect(await store.agencies.setStatus('b', 'suspended', 2_000)).toBe(true);
    expect(await store.agencies.get('b')).toMatchObject({ status: 'suspended', updatedAt: 2_000 });
    expect(await store.agencies.setStatus('zz', 'active', 2_000)).toBe(false);
    await store.credentialTypes.create(typeRecord('t2'));
    await store.credentialTypes.create(typeRecord('t1'));
    await store.agencies.allowCredentialType('b', 't2', 1);
    await store.agencies.allowCredentialType('b', 't2', 2);
    await store.agencies.allowCredentialType('b', 't1', 3);
    expect(await store.agencies.allowedCredentialTypes('b')).toEqual(['t1', 't2']);
    expect(await store.agencies.allowedCredentialTypes('a')).toEqual([]);
  });
}
