// Contract for rights requests: stored and listed per account and per agency; status changes only from allowed states.
import { expect, it } from 'vitest';
import type { RightsRequestRecord } from '../repos/rights-requests.js';
import type { Store } from '../types.js';

const request = (id: string, filedAt: number, extra: Partial<RightsRequestRecord> = {}): RightsRequestRecord => ({
  id,
  accountId: 'acct-a',
  agencyId: 'bank',
  kind: 'deletion',
  eventId: null,
  message: 'Hapus data saya',
  status: 'filed',
  response: null,
  filedAt,
  dueAt: filedAt + 72 * 3600_000,
  answeredAt: null,
  updatedAt: filedAt,
  ...extra,
});

export function rightsRequestsContract(getStore: () => Store): void {
  it('rights requests: list newest first per account and per agency', async () => {
    const store = getStore();
    await store.rightsRequests.insert(request('r1', 1000));
    await store.rightsRequests.insert(request('r2', 2000, { kind: 'complaint', eventId: 'e1' }));
    await store.rightsRequests.insert(request('r3', 3000, { accountId: 'acct-b', agencyId: 'rs' }));
    expect((await store.rightsRequests.listForAccount('acct-a', 10)).map((r) => r.id)).toEqual(['r2', 'r1']);
    expect((await store.rightsRequests.listForAgency('rs', 10)).map((r) => r.id)).toEqual(['r3']);
    expect(await store.rightsRequests.get('r2')).toEqual(request('r2', 2000, { kind: 'complaint', eventId: 'e1' }));
  });

  it('rights requests: change status only from the states given', async () => {
    const store = getStore();
    await store.rightsRequests.insert(request('r1', 1000));
    const done = { status: 'completed' as const, response: 'Sudah dihapus', answeredAt: 5000, updatedAt: 5000 };
    expect(await store.rightsRequests.transition('r1', ['filed', 'acknowledged'], done)).toBe(true);
    expect(await store.rightsRequests.transition('r1', ['filed', 'acknowledged'], { ...done, status: 'rejected' })).toBe(false);
    expect((await store.rightsRequests.get('r1'))?.status).toBe('completed');
  });
}
