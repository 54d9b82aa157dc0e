// Contract for consent records: stored once per record id, newest-first lookups per (account, agency, purpose),
// and only active, unexpired records count as active.
import { expect, it } from 'vitest';
import type { ConsentRow } from '../repos/consents.js';
import type { Store } from '../types.js';

const consent = (id: string, extra: Partial<ConsentRow> = {}): ConsentRow => ({
  id,
  accountId: 'acct-1',
  agencyId: 'rs',
  purposeCode: 'p',
  requestId: 'r-1',
  state: 'active',
  recordJws: 'h.p.s',
  holderThumbprint: 'tp',
  createdAt: 1_000,
  updatedAt: 1_000,
  expiresAt: 5_000,
  ...extra,
});

export function consentsContract(getStore: () => Store): void {
  it('consents: insert once, latest and active lookups, state changes', async () => {
    const store = getStore();
    expect(await store.consents.insert(consent('c-1'))).toBe(true);
    expect(await store.consents.insert(consent('c-1', { accountId: 'acct-2' }))).toBe(false);
    expect((await store.consents.get('c-1'))?.accountId).toBe('acct-1');
    await store.consents.insert(consent('c-2', { createdAt: 2_000, expiresAt: 3_000 }));
    await store.consents.insert(consent('c-3', { purposeCode: 'other', createdAt: 3_000 }));
    expect((await store.consents.latestFor('acct-1', 'rs', 'p'))?.id).toBe('c-2');
    expect((await store.consents.getActive('acct-1', 'rs', 'p', 2_500))?.id).toBe('c-2');
    expect((await store.consents.getActive('acct-1', 'rs', 'p', 3_000))?.id).toBe('c-1');
    expect(await store.consents.setState('c-1', 'withdrawn', 3_100)).toBe(true);
    expect(await store.consents.getActive('acct-1', 'rs', 'p', 3_200)).toBeUndefined();
    expect(await store.consents.get('c-1')).toMatchObject({ state: 'withdrawn', updatedAt: 3_100 });
    expect(await store.consents.latestFor('acct-2', 'rs', 'p')).toBeUndefined();
  });
}
