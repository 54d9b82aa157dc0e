// Contract for the c_nonce repository.
import { expect, it } from 'vitest';
import type { Store } from '../types.js';

export function issuanceNoncesContract(getStore: () => Store): void {
  it('nonces: consumed once, never after expiry, purged when expired', async () => {
    const store = getStore();
    await store.issuanceNonces.put('n1', 1_000, 2_000);
    await store.issuanceNonces.put('n2', 1_000, 2_000);
    const both = await Promise.all([store.issuanceNonces.consume('n1', 1_500), store.issuanceNonces.consume('n1', 1_500)]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect(await store.issuanceNonces.consume('n2', 2_000)).toBe(false);
    expect(await store.issuanceNonces.consume('unknown', 1_500)).toBe(false);
    expect(await store.issuanceNonces.purgeExpired(2_000)).toBe(2);
  });
}
