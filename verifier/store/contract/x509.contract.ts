// Contract for the operator CAs, agency certificates and per-request client parameters: one active CA at a time,
// the first certificate per (kid, CA) wins, and a request's client row reads back as written.
import { expect, it } from 'vitest';
import type { OperatorCaRecord } from '../repos/x509.js';
import type { Store } from '../types.js';

const ca = (id: string, createdAt: number, notAfter = 10_000): OperatorCaRecord => ({
  id,
  certificate: `cert-${id}`,
  chain: id === 'ca2' ? ['intermediate', 'root'] : [],
  privateKeySealed: `sealed-${id}`,
  source: id === 'ca2' ? 'imported' : 'generated',
  status: 'active',
  notAfter,
  createdAt,
});

export function x509Contract(getStore: () => Store): void {
  it('x509: installing a CA retires the previous one; unexpired CAs stay listed, newest first', async () => {
    const store = getStore();
    expect(await store.x509.activeCa()).toBeUndefined();
    await store.transaction((tx) => tx.x509.installCa(ca('ca1', 1_000)));
    expect((await store.x509.activeCa())?.id).toBe('ca1');
    await store.transaction((tx) => tx.x509.installCa(ca('ca2', 2_000)));
    expect(await store.x509.activeCa()).toMatchObject({ id: 'ca2', chain: ['intermediate', 'root'], source: 'imported', status: 'active' });
    expect((await store.x509.listCas(5_000)).map((c) => [c.id, c.status])).toEqual([
      ['ca2', 'active'],
      ['ca1', 'retired'],
    ]);
    expect(await store.x509.listCas(10_000)).toEqual([]);
  });

  it('x509: the first agency certificate per key and CA wins', async () => {
    const store = getStore();
    const first = { kid: 'k1', caId: 'ca1', agencyId: 'a1', certificate: 'c1', notAfter: 9_000, createdAt: 1_000 };
    expect(await store.x509.agencyCertificate('k1', 'ca1')).toBeUndefined();
    expect(await store.x509.putAgencyCertificate(first)).toEqual(first);
    expect(await store.x509.putAgencyCertificate({ ...first, certificate: 'c2' })).toEqual(first);
    expect(await store.x509.agencyCertificate('k1', 'ca1')).toEqual(first);
    expect(await store.x509.agencyCertificate('k1', 'ca2')).toBeUndefined();
  });

  it('request clients: a row reads back as written, with or without x5c, key and return URL', async () => {
    const store = getStore();
    const full = { requestId: 'r1', clientId: 'x509_san_dns:example.id', x5c: ['leaf', 'ca'], responseKeySealed: 'sealed', returnUrl: 'https://agency.example/done', requireSignedConsent: true, createdAt: 5 };
    const bare = { requestId: 'r2', clientId: 'https://sahih.example/agencies/a1', x5c: null, responseKeySealed: null, returnUrl: null, requireSignedConsent: false, createdAt: 6 };
    await store.requestClients.insert(full);
    await store.transaction((tx) => tx.requestClients.insert(bare));
    expect(await store.requestClients.get('r1')).toEqual(full);
    expect(await store.requestClients.get('r2')).toEqual(bare);
    expect(await store.requestClients.get('r3')).toBeUndefined();
  });
}
