// Contract for the registry cache every store puts in front of its hot registry reads: a cached row is never served
// after a change, whether the change came through this store, a rolled-back transaction, or another connection (the
// admin CLI, another instance) — the last seen at once on SQLite and once its notification arrives on PostgreSQL.
import { expect, it } from 'vitest';
import type { Store } from '../types.js';
import { agencyRecord } from './registry-fixtures.js';

/** Polls until `read` returns `expected` (PostgreSQL delivers change notifications asynchronously), up to 5 s. */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (JSON.stringify(value) === JSON.stringify(expected) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function registryCacheContract(getStore: () => Store, openSecond: () => Promise<Store>): void {
  it('registry cache: serves no row after a change made through this store', async () => {
    const store = getStore();
    await store.agencies.create(agencyRecord('c1'));
    expect((await store.agencies.get('c1'))?.status).toBe('active');
    expect((await store.agencies.get('c1'))?.status).toBe('active');
    await store.agencies.setStatus('c1', 'suspended', 2_000);
    expect((await store.agencies.get('c1'))?.status).toBe('suspended');
    // Cached records are shared, so they are frozen: a caller cannot change what the next caller reads.
    const cached = (await store.agencies.get('c1'))!;
    expect(() => {
      (cached as { status: string }).status = 'active';
    }).toThrow(TypeError);
  });

  it('registry cache: a rolled-back transaction leaves nothing of its writes behind', async () => {
    const store = getStore();
    await store.agencies.create(agencyRecord('c2'));
    await store.agencies.get('c2');
    await expect(
      store.transaction(async (tx) => {
        await tx.agencies.setStatus('c2', 'suspended', 2_000);
        expect((await tx.agencies.get('c2'))?.status).toBe('suspended');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await store.agencies.get('c2'))?.status).toBe('active');
  });

  it('registry cache: sees changes made by another connection', async () => {
    const store = getStore();
    const other = await openSecond();
    try {
      await store.agencies.create(agencyRecord('c3'));
      expect((await store.agencies.get('c3'))?.status).toBe('active');
      await other.agencies.setStatus('c3', 'suspended', 2_000);
      expect((await eventually(async () => (await store.agencies.get('c3'))?.status, 'suspended'))).toBe('suspended');
      // A key revoked elsewhere stops authenticating here too.
      await store.apiKeys.create({ id: 'k-c3', agencyId: 'c3', secretHash: 'h', label: 'l', createdAt: 1, revokedAt: null, lastUsedAt: null });
      expect((await store.apiKeys.get('k-c3'))?.revokedAt).toBeNull();
      await other.apiKeys.revoke('c3', 'k-c3', 3_000);
      expect(await eventually(async () => (await store.apiKeys.get('k-c3'))?.revokedAt, 3_000)).toBe(3_000);
    } finally {
      await other.close();
    }
  });

  it('registry cache: records an API key use at most once per interval and shows it on the next read', async () => {
    const store = getStore();
    await store.agencies.create(agencyRecord('c4'));
    await store.apiKeys.create({ id: 'k-c4', agencyId: 'c4', secretHash: 'h', label: 'l', createdAt: 1, revokedAt: null, lastUsedAt: null });
    await store.apiKeys.get('k-c4');
    await store.apiKeys.touch('k-c4', 10_000, 10_000 - 60_000);
    expect((await store.apiKeys.get('k-c4'))?.lastUsedAt).toBe(10_000);
    await store.apiKeys.touch('k-c4', 20_000, 20_000 - 60_000);
    expect((await store.apiKeys.get('k-c4'))?.lastUsedAt).toBe(10_000);
    expect((await store.apiKeys.list('c4'))[0]?.lastUsedAt).toBe(10_000);
    await store.apiKeys.touch('k-c4', 80_000, 80_000 - 60_000);
    expect((await store.apiKeys.get('k-c4'))?.lastUsedAt).toBe(80_000);
    expect((await store.apiKeys.list('c4'))[0]?.lastUsedAt).toBe(80_000);
  });
}
