// Back-office declarations: matched to the citizen through the keyed hash learnt at identity issuance, visible in
// their log, never storing the NIK; every kind of bad input refused with its code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../registry/demo-seed.js';
import { registryDepsFrom } from './deps.js';
import { dukcapilClaims, holderKey, runIssuance } from '../../test/support/issuance.js';
import { ORIGIN, registerCitizen } from '../../test/support/citizen.js';
import { createTestApp, TEST_KEK, type TestApp } from '../../test/support/test-app.js';


describe('back-office access declarations', () => {
  let t: TestApp;
  let keys: Record<string, string>;
  const now = Date.UTC(2026, 0, 15, 3, 0, 0);

  beforeEach(async () => {
    t = await createTestApp({ now: () => now });
    keys = await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store, now: () => now }).ctx);
  });
  afterEach(async () => t.close());

  async function citizenWithIdentity() {
    const { cookie, csrf } = await registerCitizen((path, init) => Promise.resolve(t.app.request(path, init)));
    await runIssuance({
      request: async (path, init) => t.app.request(path, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } }),
      agencyId: 'dukcapil',
      apiKey: keys.dukcapil!,
      offer: { credentialType: 'ktp-el', claims: dukcapilClaims },
      holder: holderKey(),
      nowSeconds: () => Math.floor(now / 1000),
      issuerUrl: `${ORIGIN}/issuers/dukcapil`,
    });
    return { cookie, csrf };
  }

  const declare = (agencyId: string, body: unknown, apiKey = keys[agencyId]!) =>
    t.app.request(`/v1/agencies/${agencyId}/access-declarations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const nik = dukcapilClaims.nik as string;
  const valid = {
    subject: { nik: `${nik.slice(0, 6)} ${nik.slice(6)}` },
    legalBasis: 'legal_obligation',
    purposeDescription: { id: 'Verifikasi data nasabah (KYC)', en: 'Customer due diligence (KYC)' },
    dataCategories: ['name', 'address'],
    system: 'core-banking',
  };

  it('matches the citizen, shows the declaration in their log, and keeps no NIK', async () => {
    const citizen = await citizenWithIdentity();
    const res = await declare('bank-nusantara', valid);
    expect(res.status).toBe(201);
    const declared = (await res.json()) as { matched: boolean; event: { body: string } };
    expect(declared.matched).toBe(true);
    expect(declared.event.body).not.toContain(nik);
    const mine = await t.app.request('/v1/me/access-events', { headers: { cookie: citizen.cookie, origin: ORIGIN } });
    const listing = (await mine.json()) as { events: { kind: string; body: string }[] };
    expect(listing.events.map((e) => e.kind)).toEqual(['backoffice_access']);
    expect(JSON.parse(listing.events[0]!.body)).toMatchObject({ agency: { id: 'bank-nusantara' }, legalBasis: 'legal_obligation', dataItems: ['name', 'address'] });
    expect((await t.databaseBytes()).includes(Buffer.from(nik))).toBe(false);
  });

  it('records an unmatched declaration without attributing it', async () => {
    const res = await declare('bank-nusantara', { ...valid, subject: { nik: '3201994512850003' } });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { matched: boolean }).matched).toBe(false);
    expect(await t.store.log.size()).toBe(1);
  });

  it.each([
    ['a malformed NIK', { ...valid, subject: { nik: '12345' } }, 400, 'invalid_request'],
    ['no data categories', { ...valid, dataCategories: [] }, 400, 'invalid_request'],
    ['an unknown legal basis', { ...valid, legalBasis: 'because' }, 400, 'invalid_request'],
    ['no purpose at all', { ...valid, purposeDescription: undefined }, 400, 'invalid_request'],
    ['a purpose of another agency', { ...valid, purposeDescription: undefined, purposeCode: 'patient_registration' }, 400, 'unknown_purpose'],
  ])('refuses %s', async (_, body, status, code) => {
    const res = await declare('bank-nusantara', body);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { code: string }).code).toBe(code);
    expect(await t.store.log.size()).toBe(0);
  });

  it('refuses another agency\'s key and malformed JSON', async () => {
    const crossed = await declare('rsud-sehat-sentosa', valid, keys['bank-nusantara']);
    expect(((await crossed.json()) as { code: string }).code).toBe('agency_mismatch');
    const broken = await t.app.request('/v1/agencies/bank-nusantara/access-declarations', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys['bank-nusantara']}`, 'content-type': 'application/json' },
      body: '{"subject":',
    });
    expect(((await broken.json()) as { code: string }).code).toBe('malformed_body');
  });
});
