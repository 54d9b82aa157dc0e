// Contract for the external trust registry: external issuers, their credential types (by id and vct, nested and
// wildcard claim paths round-trip) and trust anchors.
import { expect, it } from 'vitest';
import type { ExternalCredentialTypeRecord, ExternalIssuerRecord, TrustAnchorRecord } from '../repos/external-issuers.js';
import type { Store } from '../types.js';

const issuer = (id: string, at = 1_000): ExternalIssuerRecord => ({
  issuer: `https://${id}.example/issuer`,
  name: `Issuer ${id}`,
  keySource: 'metadata',
  status: 'active',
  createdAt: at,
  updatedAt: at,
});

const type = (id: string, vct: string): ExternalCredentialTypeRecord => ({
  id,
  vct,
  issuers: ['https://a.example/issuer'],
  display: { name: { id: 'PID', en: 'PID' }, description: { id: 'Identitas', en: 'Identity' } },
  claims: [
    { path: ['nationalities', null], label: { id: 'Kewarganegaraan', en: 'Nationalities' }, sd: 'always' },
    { path: ['address', 'locality'], label: { id: 'Kota', en: 'Locality' } },
    { path: ['degrees', 0, 'title'], label: { id: 'Gelar', en: 'Degree' } },
  ],
  metadata: '{"vct":"x"}',
  createdAt: 5,
});

const anchor = (id: string, createdAt: number): TrustAnchorRecord => ({ id, pem: `-----BEGIN CERTIFICATE-----\n${id}\n-----END CERTIFICATE-----`, subject: `CN=${id}`, notAfter: 9_000, createdAt });

export function externalIssuersContract(getStore: () => Store): void {
  it('external issuers: created once, read back, listed, suspended', async () => {
    const store = getStore();
    expect(await store.externalIssuers.create(issuer('a'))).toBe(true);
    expect(await store.externalIssuers.create({ ...issuer('a'), name: 'other' })).toBe(false);
    expect(await store.externalIssuers.create({ ...issuer('b'), keySource: 'x5c' })).toBe(true);
    expect(await store.externalIssuers.get('https://a.example/issuer')).toEqual(issuer('a'));
    expect(await store.externalIssuers.get('https://nope.example')).toBeUndefined();
    expect((await store.externalIssuers.list()).map((i) => [i.issuer, i.keySource])).toEqual([
      ['https://a.example/issuer', 'metadata'],
      ['https://b.example/issuer', 'x5c'],
    ]);
    expect(await store.externalIssuers.setStatus('https://a.example/issuer', 'suspended', 2_000)).toBe(true);
    expect(await store.externalIssuers.get('https://a.example/issuer')).toMatchObject({ status: 'suspended', updatedAt: 2_000, createdAt: 1_000 });
    expect(await store.externalIssuers.setStatus('https://nope.example', 'active', 2_000)).toBe(false);
  });

  it('external credential types: unique id and vct, nested and wildcard paths round-trip, issuers replaced', async () => {
    const store = getStore();
    expect(await store.externalCredentialTypes.create(type('eu-pid', 'https://a.example/pid'))).toBe(true);
    expect(await store.externalCredentialTypes.create(type('eu-pid', 'https://a.example/other'))).toBe(false);
    expect(await store.externalCredentialTypes.create(type('eu-pid-2', 'https://a.example/pid'))).toBe(false);
    expect(await store.externalCredentialTypes.get('eu-pid')).toEqual(type('eu-pid', 'https://a.example/pid'));
    expect(await store.externalCredentialTypes.getByVct('https://a.example/pid')).toEqual(type('eu-pid', 'https://a.example/pid'));
    expect(await store.externalCredentialTypes.getByVct('https://a.example/none')).toBeUndefined();
    expect(await store.externalCredentialTypes.setIssuers('eu-pid', ['https://a.example/issuer', 'https://b.example/issuer'])).toBe(true);
    expect((await store.externalCredentialTypes.get('eu-pid'))!.issuers).toEqual(['https://a.example/issuer', 'https://b.example/issuer']);
    expect(await store.externalCredentialTypes.setIssuers('none', [])).toBe(false);
    expect((await store.externalCredentialTypes.list()).map((t) => t.id)).toEqual(['eu-pid']);
  });

  it('trust anchors: added once, listed in order, removed', async () => {
    const store = getStore();
    expect(await store.trustAnchors.add(anchor('b', 1))).toBe(true);
    expect(await store.trustAnchors.add(anchor('a', 2))).toBe(true);
    expect(await store.trustAnchors.add(anchor('a', 3))).toBe(false);
    expect(await store.trustAnchors.list()).toEqual([anchor('b', 1), anchor('a', 2)]);
    expect(await store.trustAnchors.remove('b')).toBe(true);
    expect(await store.trustAnchors.remove('b')).toBe(false);
    expect((await store.trustAnchors.list()).map((a) => a.id)).toEqual(['a']);
  });
}
