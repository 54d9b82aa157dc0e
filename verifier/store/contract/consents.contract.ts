// Contract for consent records: stored once per record id, newest-first lookups per (account, agency, purpose),
// and only active, unexpired records count as active.
import { expect, it } from 'vitest';
import type { NewConsentRow } from '../repos/consents.js';
import type { Store } from '../types.js';

const consent = (id: string, extra: Partial<NewConsentRow> = {}): NewConsentRow => ({
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

  it('consents: changes are compare-and-set, chained, listed, acknowledged and swept for expiry', async () => {
    const store = getStore();
    await store.consents.insert(consent('c-1', { holderJwk: '{"kty":"EC"}' }));
    await store.consents.insert(consent('c-2', { createdAt: 2_000, expiresAt: 2_500, state: 'paused' }));
    await store.consents.insert(consent('c-3', { accountId: 'acct-2', agencyId: 'bank', createdAt: 3_000, state: 'refused' }));
    expect(await store.consents.get('c-1')).toMatchObject({ holderJwk: '{"kty":"EC"}', currentRecordId: 'c-1', currentRecordJws: 'h.p.s', actionDueAt: null, acknowledgedAt: null });
    expect((await store.consents.listForAccount('acct-1', 10)).map((c) => c.id)).toEqual(['c-2', 'c-1']);
    expect((await store.consents.dueForExpiry(2_500, 10)).map((c) => c.id)).toEqual(['c-2']);
    expect(await store.consents.dueForExpiry(2_499, 10)).toEqual([]);

    const change = { from: { state: 'active' as const, recordId: 'c-1' }, state: 'withdrawn' as const, at: 4_000, record: { id: 'c-1b', jws: 'h.p2.s' }, actionDueAt: 9_000, accessEventId: 'e-1' };
    expect(await store.consents.applyChange('c-1', { ...change, from: { state: 'active', recordId: 'stale' } })).toBe(false);
    expect(await store.consents.applyChange('c-1', { ...change, from: { state: 'paused', recordId: 'c-1' } })).toBe(false);
    expect(await store.consents.applyChange('c-1', change)).toBe(true);
    expect(await store.consents.applyChange('c-1', change)).toBe(false);
    expect(await store.consents.get('c-1')).toMatchObject({ state: 'withdrawn', updatedAt: 4_000, currentRecordId: 'c-1b', currentRecordJws: 'h.p2.s', recordJws: 'h.p.s', actionDueAt: 9_000 });
    expect(await store.consents.changes('c-1')).toEqual([{ recordId: 'c-1b', consentId: 'c-1', state: 'withdrawn', recordJws: 'h.p2.s', accessEventId: 'e-1', createdAt: 4_000 }]);
    expect(await store.consents.recordIdExists('c-1b')).toBe(true);
    expect(await store.consents.recordIdExists('c-1')).toBe(true);
    expect(await store.consents.recordIdExists('nope')).toBe(false);
    // A change by the service itself (expiry) keeps the current record.
    expect(await store.consents.applyChange('c-2', { from: { state: 'paused', recordId: 'c-2' }, state: 'expired', at: 4_100, record: null, actionDueAt: 9_100, accessEventId: 'e-2' })).toBe(true);
    expect(await store.consents.get('c-2')).toMatchObject({ state: 'expired', currentRecordId: 'c-2' });
    expect((await store.consents.changes('c-2'))[0]).toMatchObject({ state: 'expired', recordJws: null, accessEventId: 'e-2' });

    expect((await store.consents.listForAgency('rs', { state: 'withdrawn' }, 10)).map((c) => c.id)).toEqual(['c-1']);
    expect((await store.consents.listForAgency('rs', { pending: true }, 10)).map((c) => c.id)).toEqual(['c-2', 'c-1']);
    expect((await store.consents.listForAgency('bank', {}, 10)).map((c) => c.id)).toEqual(['c-3']);
    expect(await store.consents.acknowledge('c-1', 'bank', 5_000)).toBe(false);
    expect(await store.consents.acknowledge('c-1', 'rs', 5_000)).toBe(true);
    expect(await store.consents.acknowledge('c-1', 'rs', 5_001)).toBe(false);
    expect(await store.consents.acknowledge('c-3', 'bank', 5_000)).toBe(false);
    expect((await store.consents.listForAgency('rs', { pending: true }, 10)).map((c) => c.id)).toEqual(['c-2']);
    expect((await store.consents.get('c-1'))?.acknowledgedAt).toBe(5_000);

    // The standing decision skips refusals: a later decline does not hide an earlier withdrawal.
    await store.consents.insert(consent('c-4', { createdAt: 6_000, state: 'refused' }));
    expect((await store.consents.latestFor('acct-1', 'rs', 'p'))?.id).toBe('c-4');
    expect((await store.consents.latestDecidingFor('acct-1', 'rs', 'p'))?.id).toBe('c-2');
  });
}
