// Contract for the nonces spent with POST /v1/verify: one claim per agency and nonce wins, and expired ones go.
import { expect, it } from 'vitest';
import type { Store } from '../types.js';

export function verifyNoncesContract(getStore: () => Store): void {
  it('verify nonces: the first claim per agency wins, inside or outside a transaction, and expired ones are purged', async () => {
    const store = getStore();
    expect(await store.verifyNonces.used('a1', 'h1')).toBe(false);
    expect(await store.verifyNonces.claim('a1', 'h1', 1_000, 5_000)).toBe(true);
    expect(await store.verifyNonces.used('a1', 'h1')).toBe(true);
    expect(await store.verifyNonces.claim('a1', 'h1', 2_000, 6_000)).toBe(false);
    // Another agency's nonce space is its own.
    expect(await store.verifyNonces.claim('a2', 'h1', 1_000, 5_000)).toBe(true);
    expect(await store.transaction((tx) => tx.verifyNonces.claim('a1', 'h1', 2_000, 6_000))).toBe(false);
    expect(await store.transaction((tx) => tx.verifyNonces.claim('a1', 'h2', 2_000, 9_000))).toBe(true);
    for (let i = 0; i < 5; i++) await store.verifyNonces.claim('a3', `x${i}`, 1_000, 4_000 + i);
    // Bounded batches: 7 expired at 5,000 (h1 of a1 and a2, five of a3), taken 3 at a time.
    expect(await store.verifyNonces.purgeExpired(5_000, 3)).toBe(3);
    expect(await store.verifyNonces.purgeExpired(5_000, 3)).toBe(3);
    expect(await store.verifyNonces.purgeExpired(5_000, 3)).toBe(1);
    expect(await store.verifyNonces.purgeExpired(5_000, 3)).toBe(0);
    expect(await store.verifyNonces.used('a1', 'h1')).toBe(false);
    expect(await store.verifyNonces.used('a1', 'h2')).toBe(true);
  });
}
