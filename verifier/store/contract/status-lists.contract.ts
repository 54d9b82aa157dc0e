// Contract for the status lists repository.
import { expect, it } from 'vitest';
import type { Store } from '../types.js';
import { listRecord } from './registry-fixtures.js';

export function statusListsContract(getStore: () => Store): void {
  it('status lists: newest list is current; the cached token is set and cleared', async () => {
    const store = getStore();
    await store.statusLists.create(listRecord('l1', 'a1', 1_000));
    await store.statusLists.create(listRecord('l2', 'a1', 2_000));
    await store.statusLists.create(listRecord('l3', 'a2', 3_000));
    expect((await store.statusLists.current('a1'))?.id).toBe('l2');
    expect(await store.statusLists.current('a9')).toBeUndefined();
    await store.statusLists.setToken('l1', 'jwt', 5_000, 6_000);
    expect(await store.statusLists.get('l1')).toEqual({ ...listRecord('l1'), token: 'jwt', tokenIssuedAt: 5_000, tokenExpiresAt: 6_000 });
    await store.statusLists.clearToken('l1');
    expect(await store.statusLists.get('l1')).toEqual(listRecord('l1'));
  });
}
