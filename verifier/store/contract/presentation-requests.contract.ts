// Contract for presentation requests: answered once (and never after expiry), the sealed result read once, and
// unread results purged after their TTL.
import { expect, it } from 'vitest';
import type { PresentationRequestRecord } from '../repos/presentation-requests.js';
import type { Store } from '../types.js';

export function presentationRequest(id: string, extra: Partial<PresentationRequestRecord> = {}): PresentationRequestRecord {
  return {
    id,
    agencyId: 'rs',
    purposeCode: 'p',
    dcql: '{"credentials":[]}',
    nonce: `nonce-${id}`,
    state: `state-${id}`,
    responseMode: 'poll',
    retentionDays: 30,
    status: 'pending',
    createdAt: 1_000,
    expiresAt: 2_000,
    answeredAt: null,
    consentRecordId: null,
    accessEventId: null,
    resultSealed: null,
    resultExpiresAt: null,
    resultReadAt: null,
    ...extra,
  };
}

const shared = (at: number) => ({ status: 'shared' as const, at, consentRecordId: 'c-1', accessEventId: 'ev-1', resultSealed: 'v1.sealed', resultExpiresAt: at + 600 });

export function presentationRequestsContract(getStore: () => Store): void {
  it('presentation requests: answered once, before expiry only', async () => {
    const store = getStore();
    await store.presentationRequests.create(presentationRequest('r-1'));
    await store.presentationRequests.create(presentationRequest('r-2'));
    expect((await store.presentationRequests.get('r-1'))?.nonce).toBe('nonce-r-1');
    expect(await store.presentationRequests.get('nope')).toBeUndefined();
    const [a, b] = await Promise.all([store.presentationRequests.answer('r-1', shared(1_500)), store.presentationRequests.answer('r-1', shared(1_501))]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const answered = (await store.presentationRequests.get('r-1'))!;
    expect(answered).toMatchObject({ status: 'shared', consentRecordId: 'c-1', resultSealed: 'v1.sealed', resultReadAt: null });
    expect(await store.presentationRequests.answer('r-2', shared(2_000))).toBe(false);
    expect((await store.presentationRequests.get('r-2'))?.status).toBe('pending');
  });

  it('presentation requests: the sealed result is read once and purged after its TTL', async () => {
    const store = getStore();
    await store.presentationRequests.create(presentationRequest('r-1'));
    await store.presentationRequests.create(presentationRequest('r-2'));
    await store.presentationRequests.answer('r-1', shared(1_100));
    await store.presentationRequests.answer('r-2', shared(1_200));
    const reads = await Promise.all([store.presentationRequests.markResultRead('r-1', 1_300), store.presentationRequests.markResultRead('r-1', 1_300)]);
    expect(reads.filter(Boolean)).toHaveLength(1);
    expect(await store.presentationRequests.get('r-1')).toMatchObject({ resultSealed: null, resultReadAt: 1_300 });
    expect(await store.presentationRequests.purgeExpiredResults(1_799)).toBe(0);
    expect(await store.presentationRequests.purgeExpiredResults(1_800)).toBe(1);
    expect(await store.presentationRequests.get('r-2')).toMatchObject({ resultSealed: null, resultReadAt: null, status: 'shared' });
  });
}
