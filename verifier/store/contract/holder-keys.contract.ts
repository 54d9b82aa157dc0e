// Contract for unbound holder keys: events under a holder_ref attach to the claimant's account once, the first
// claim wins, challenges are single use and bound to their account and expiry, receipts read back as written.
import { expect, it } from 'vitest';
import type { Store } from '../types.js';

export function holderKeysContract(getStore: () => Store): void {
  it('holder keys: first claim wins, events attach once, challenges are single use, receipts read back', async () => {
    const store = getStore();
    const base = { agencyId: 'a1', kind: 'presentation_shared', purposeCode: null, occurredAt: 1, salt: 's', body: '{}' };
    await store.accessEvents.insert({ ...base, id: 'e1', leafIndex: 0, accountId: null });
    await store.accessEvents.insert({ ...base, id: 'e2', leafIndex: 1, accountId: null });
    await store.transaction((tx) => tx.holderKeys.recordEvent('e1', 'ref1', 10));
    await store.holderKeys.recordEvent('e2', 'ref2', 10);
    expect(await store.holderKeys.claimantOf('ref1')).toBeUndefined();
    expect(await store.holderKeys.claim('ref1', 'acc1', 'proof', 20)).toBe(true);
    expect(await store.holderKeys.claim('ref1', 'acc2', 'proof2', 21)).toBe(false);
    expect(await store.holderKeys.claimantOf('ref1')).toBe('acc1');
    expect(await store.holderKeys.attachEvents('ref1', 'acc1')).toBe(1);
    expect(await store.holderKeys.attachEvents('ref1', 'acc1')).toBe(0);
    expect((await store.accessEvents.get('e1'))?.accountId).toBe('acc1');
    expect((await store.accessEvents.get('e2'))?.accountId).toBeNull();

    await store.holderKeys.putChallenge('c1', 'acc1', 100);
    await store.holderKeys.putChallenge('c2', 'acc1', 100);
    await store.holderKeys.putChallenge('c3', 'acc1', 50);
    expect(await store.holderKeys.consumeChallenge('c1', 'acc2', 60)).toBe(false);
    expect(await store.holderKeys.consumeChallenge('c1', 'acc1', 60)).toBe(false);
    expect(await store.holderKeys.consumeChallenge('c2', 'acc1', 60)).toBe(true);
    expect(await store.holderKeys.consumeChallenge('c2', 'acc1', 60)).toBe(false);
    expect(await store.holderKeys.consumeChallenge('c3', 'acc1', 60)).toBe(false);

    const receipt = { id: 'r1', requestId: 'q1', agencyId: 'a1', kind: 'verifier_receipt' as const, holderRef: 'ref2', record: '{"holderSigned":false}', createdAt: 5 };
    await store.holderKeys.insertReceipt(receipt);
    expect(await store.holderKeys.receipt('r1')).toEqual(receipt);
    expect(await store.holderKeys.receipt('r2')).toBeUndefined();
  });
}
