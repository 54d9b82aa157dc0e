// Contract for the agency API keys repository.
import { expect, it } from 'vitest';
import type { ApiKeyRecord, Store } from '../types.js';
import { seedAgencyAndType } from './registry-fixtures.js';

const apiKey = (id: string): ApiKeyRecord => ({ id, agencyId: 'a1', secretHash: 'h', label: 'l', createdAt: 1_000, revokedAt: null, lastUsedAt: null });

export function apiKeysContract(getStore: () => Store): void {
  it('api keys: revoke once within the agency, touch at most once per interval', async () => {
    const store = getStore();
    await seedAgencyAndType(store);
    await store.apiKeys.create(apiKey('k1'));
    expect(await store.apiKeys.get('k1')).toEqual(apiKey('k1'));
    await store.apiKeys.touch('k1', 5_000, 4_000);
    await store.apiKeys.touch('k1', 5_500, 4_500);
    expect((await store.apiKeys.get('k1'))?.lastUsedAt).toBe(5_000);
    await store.apiKeys.touch('k1', 70_000, 10_000);
    expect((await store.apiKeys.get('k1'))?.lastUsedAt).toBe(70_000);
    expect(await store.apiKeys.revoke('other', 'k1', 6_000)).toBe(false);
    expect(await store.apiKeys.revoke('a1', 'k1', 6_000)).toBe(true);
    expect(await store.apiKeys.revoke('a1', 'k1', 7_000)).toBe(false);
    expect((await store.apiKeys.list('a1'))[0]?.revokedAt).toBe(6_000);
  });
}
