// Contract for the access events repository: keyset pages newest first, per account and per agency, no mixing.
import { expect, it } from 'vitest';
import type { AccessEventRow } from '../repos/access-events.js';
import type { Store } from '../types.js';

const row = (i: number, accountId: string | null, agencyId: string): AccessEventRow => ({
  id: `e${i}`,
  leafIndex: i,
  accountId,
  agencyId,
  kind: 'presentation_shared',
  purposeCode: i % 2 ? 'kyc' : null,
  occurredAt: 1_800_000_000 + i * 40_000,
  salt: 'c2FsdA',
  body: `{"i":${i}}`,
});

export function accessEventsContract(getStore: () => Store): void {
  it('access events: pages newest first by leaf index, per account and per agency', async () => {
    const store = getStore();
    for (let i = 0; i < 12; i++) await store.accessEvents.insert(row(i, i % 2 ? 'acct-a' : 'acct-b', i % 3 ? 'bank' : 'rs'));
    const first = await store.accessEvents.listForAccount('acct-a', { limit: 4 });
    expect(first.map((r) => r.leafIndex)).toEqual([11, 9, 7, 5]);
    const next = await store.accessEvents.listForAccount('acct-a', { limit: 4, beforeIndex: 5 });
    expect(next.map((r) => r.leafIndex)).toEqual([3, 1]);
    expect((await store.accessEvents.listForAgency('rs', { limit: 10 })).map((r) => r.leafIndex)).toEqual([9, 6, 3, 0]);
    expect(await store.accessEvents.listForAccount('nobody', { limit: 10 })).toEqual([]);
    expect(await store.accessEvents.get('e4')).toEqual(row(4, 'acct-b', 'bank'));
  });

  it('access events: one event per leaf index', async () => {
    const store = getStore();
    await store.accessEvents.insert(row(0, 'a', 'rs'));
    await expect(store.accessEvents.insert({ ...row(0, 'a', 'rs'), id: 'other' })).rejects.toThrow();
  });

  it('access events: counts by agency, purpose and day, from a given time, for the given kinds', async () => {
    const store = getStore();
    for (let i = 0; i < 6; i++) await store.accessEvents.insert(row(i, 'a', i < 4 ? 'bank' : 'rs'));
    await store.accessEvents.insert({ ...row(6, 'a', 'bank'), kind: 'rights_request_filed' });
    const counts = await store.accessEvents.countsSince(1_800_000_000 + 40_000, ['presentation_shared']);
    const key = (c: { agencyId: string; purposeCode: string | null; day: number }) => `${c.agencyId}/${c.purposeCode}/${c.day}`;
    const day = (i: number) => Math.floor((1_800_000_000 + i * 40_000) / 86400);
    const expected = new Map<string, number>();
    for (let i = 1; i < 6; i++) {
      const k = key({ agencyId: i < 4 ? 'bank' : 'rs', purposeCode: i % 2 ? 'kyc' : null, day: day(i) });
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    expect(new Map(counts.map((c) => [key(c), c.count]))).toEqual(expected);
  });

  it('access events: keep the agency reference beside the event, search it per agency and list it per account', async () => {
    const store = getStore();
    await store.accessEvents.insert({ ...row(0, 'acct-a', 'rs'), agencyRef: 'RM-000123' });
    await store.accessEvents.insert({ ...row(1, 'acct-a', 'rs'), agencyRef: 'rm-000777' });
    await store.accessEvents.insert({ ...row(2, 'acct-b', 'rs'), agencyRef: 'RM-000124' });
    await store.accessEvents.insert({ ...row(3, 'acct-a', 'bank'), agencyRef: 'RM-000123' });
    await store.accessEvents.insert(row(4, 'acct-a', 'rs'));
    const idx = (rs: AccessEventRow[]) => rs.map((r) => r.leafIndex);
    expect((await store.accessEvents.get('e0'))?.agencyRef).toBe('RM-000123');
    expect((await store.accessEvents.get('e4'))?.agencyRef ?? null).toBeNull();
    expect(idx(await store.accessEvents.listForAgency('rs', { limit: 10, ref: 'rm-0001' }))).toEqual([2, 0]);
    expect(idx(await store.accessEvents.listForAgency('rs', { limit: 1, ref: 'RM', beforeIndex: 2 }))).toEqual([1]);
    expect(idx(await store.accessEvents.listForAgency('rs', { limit: 10, ref: 'RM_0' }))).toEqual([]);
    expect(await store.accessEvents.refsForAccount('rs', 'acct-a')).toEqual(['RM-000123', 'rm-000777']);
    expect(await store.accessEvents.refsForAccount('bank', 'acct-b')).toEqual([]);
  });
}
