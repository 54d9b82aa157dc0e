// Contract for the agency signing keys repository.
import { expect, it } from 'vitest';
import type { AgencyKeyRecord, Store } from '../types.js';
import { seedAgencyAndType } from './registry-fixtures.js';

const key = (kid: string, createdAt: number): AgencyKeyRecord => ({
  kid, agencyId: 'a1', publicJwk: '{}', privateJwkSealed: 'v1.x.y', status: 'active', createdAt, retiredAt: null, verifyUntil: null,
});

export function agencyKeysContract(getStore: () => Store): void {
  it('agency keys: one active key, retire once with a verify-until time', async () => {
    const store = getStore();
    await seedAgencyAndType(store);
    await store.agencyKeys.insert(key('k1', 1_000));
    expect(await store.agencyKeys.active('a1')).toEqual(key('k1', 1_000));
    expect(await store.agencyKeys.retire('k1', 2_000, 9_000)).toBe(true);
    expect(await store.agencyKeys.retire('k1', 3_000, 9_999)).toBe(false);
    await store.agencyKeys.insert(key('k2', 2_000));
    expect((await store.agencyKeys.active('a1'))?.kid).toBe('k2');
    expect(await store.agencyKeys.list('a1')).toEqual([{ ...key('k1', 1_000), status: 'retired', retiredAt: 2_000, verifyUntil: 9_000 }, key('k2', 2_000)]);
    expect(await store.agencyKeys.active('other')).toBeUndefined();
  });
}
