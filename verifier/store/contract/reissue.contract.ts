// Contract for re-binding: a type's policy is set and replaced; one request per old credential, listed per agency.
import { expect, it } from 'vitest';
import type { ReissueRequestRecord } from '../repos/reissue.js';
import type { Store } from '../types.js';

const request = (id: string, credentialId: string, createdAt: number, extra: Partial<ReissueRequestRecord> = {}): ReissueRequestRecord => ({
  id,
  agencyId: 'dukcapil',
  accountId: 'acct-a',
  credentialId,
  credentialTypeId: 'ktp-el',
  outcome: 'requested',
  offerId: null,
  createdAt,
  ...extra,
});

export function reissueContract(getStore: () => Store): void {
  it('reissue: policies per credential type', async () => {
    const store = getStore();
    expect(await store.reissue.policy('ktp-el')).toBeUndefined();
    await store.reissue.setPolicy('ktp-el', 'rebind', 1000);
    await store.reissue.setPolicy('ktp-el', 'agency', 2000);
    await store.reissue.setPolicy('bpjs', 'rebind', 2000);
    expect([await store.reissue.policy('ktp-el'), await store.reissue.policy('bpjs')]).toEqual(['agency', 'rebind']);
  });

  it('reissue: one request per old credential, newest first per agency', async () => {
    const store = getStore();
    expect(await store.reissue.insertRequest(request('r1', 'c1', 1000))).toBe(true);
    expect(await store.reissue.insertRequest(request('r2', 'c1', 2000))).toBe(false);
    expect(await store.reissue.insertRequest(request('r3', 'c2', 3000, { outcome: 'rebound', offerId: 'o1' }))).toBe(true);
    expect(await store.reissue.insertRequest(request('r4', 'c3', 4000, { agencyId: 'bpjs' }))).toBe(true);
    expect((await store.reissue.listForAgency('dukcapil', 10)).map((r) => r.id)).toEqual(['r3', 'r1']);
    expect(await store.reissue.forCredential('c2')).toEqual(request('r3', 'c2', 3000, { outcome: 'rebound', offerId: 'o1' }));
  });
}
