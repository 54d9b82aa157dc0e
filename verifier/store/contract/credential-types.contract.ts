// Contract for the credential types repository.
import { expect, it } from 'vitest';
import type { Store } from '../types.js';
import { typeRecord } from './registry-fixtures.js';

export function credentialTypesContract(getStore: () => Store): void {
  it('credential types: creates once and round-trips display and claims', async () => {
    const store = getStore();
    expect(await store.credentialTypes.create(typeRecord('t1'))).toBe(true);
    expect(await store.credentialTypes.create(typeRecord('t1'))).toBe(false);
    expect(await store.credentialTypes.get('t1')).toEqual(typeRecord('t1'));
    expect(await store.credentialTypes.get('nope')).toBeUndefined();
    expect((await store.credentialTypes.list()).map((t) => t.id)).toEqual(['t1']);
  });
}
