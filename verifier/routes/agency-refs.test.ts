// The agency's own reference (case or customer number) through app.request(): given with an offer, a presentation
// request or a direct verification, kept with the credential and the access event, listed and searched only by that
// agency, named on the rights requests about the citizen it concerns; malformed references and ones carrying personal
// data (a NIK) refused with invalid_request.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../registry/demo-seed.js';
import { registryDepsFrom } from './deps.js';
import { dukcapilClaims, jsonInit, type Requester } from '../../test/support/issuance.js';
import { registerCitizen } from '../../test/support/citizen.js';
import { RS, shareWithHospital, type ConsentWorld } from '../../test/support/consent.js';
import { issueKtp, ORIGIN, present } from '../../test/support/presentation.js';
import { createTestApp, TEST_KEK, type TestApp } from '../../test/support/test-app.js';

const BANK = 'bank-nusantara';
const AUD = 'https://bank-nusantara.demo.sahih.id/kyc';

describe('agency references', () => {
  let t: TestApp;
  let keys: Record<string, string>;
  let request: Requester;
  const now = Date.UTC(2026, 0, 15, 3, 0, 0);
  const nowSeconds = () => Math.floor(now / 1000);

  beforeEach(async () => {
    t = await createTestApp({ now: () => now });
    keys = await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store, now: () => now }).ctx);
    request = async (path, init) => t.app.request(path, init);
  });
  afterEach(async () => t.close());

  const asAgency = async (agencyId: string, path: string, body?: unknown) => {
    const res = await t.app.request(path, body === undefined ? { headers: { authorization: `Bearer ${keys[agencyId]!}` } } : jsonInit(body, { authorization: `Bearer ${keys[agencyId]!}` }));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { code?: string } };
  };
  type Credential = { credentialId: string; agencyRef: string | null };

  it('keeps the offer reference with the credential, and lists and searches it', async () => {
    const citizen = await registerCitizen(request);
    const first = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds, cookie: citizen.cookie, agencyRef: 'KK-2026/000123' });
    await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds, agencyRef: 'kk-2026/000999' });
    await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds });

    const offer = await asAgency('dukcapil', `/v1/agencies/dukcapil/offers/${first.offerId}`);
    expect(offer.body).toMatchObject({ state: 'issued', agencyRef: 'KK-2026/000123' });
    const all = (await asAgency('dukcapil', '/v1/agencies/dukcapil/credentials')).body.credentials as Credential[];
    expect(all.map((c) => c.agencyRef).sort()).toEqual(['KK-2026/000123', 'kk-2026/000999', null].sort());
    const found = (await asAgency('dukcapil', '/v1/agencies/dukcapil/credentials?ref=000123')).body.credentials as Credential[];
    expect(found).toEqual([expect.objectContaining({ credentialId: first.offerId, agencyRef: 'KK-2026/000123' })]);
    expect(((await asAgency('dukcapil', '/v1/agencies/dukcapil/credentials?ref=KK-2026')).body.credentials as Credential[]).length).toBe(2);
    expect((await asAgency('dukcapil', `/v1/agencies/dukcapil/credentials/${first.offerId}`)).body).toMatchObject({ agencyRef: 'KK-2026/000123' });
    // Another agency searching the same number finds nothing of Dukcapil's.
    expect((await asAgency(BANK, `/v1/agencies/${BANK}/credentials?ref=KK`)).body.credentials).toEqual([]);

    // A deletion request to Dukcapil names the reference of the citizen's card, so the officer knows whose data it is.
    const filed = await t.app.request('/v1/me/rights-requests', {
      method: 'POST',
      headers: { cookie: citizen.cookie, origin: ORIGIN, 'x-sahih-csrf': citizen.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'deletion', agencyId: 'dukcapil', message: 'Mohon hapus data saya.' }),
    });
    expect(filed.status).toBe(201);
    const requests = (await asAgency('dukcapil', '/v1/agencies/dukcapil/rights-requests')).body.requests as { agencyRefs?: string[] }[];
    expect(requests.map((r) => r.agencyRefs)).toEqual([['KK-2026/000123']]);
    const own = (await (await t.app.request('/v1/me/rights-requests', { headers: { cookie: citizen.cookie } })).json()) as { requests: Record<string, unknown>[] };
    expect(own.requests[0]).not.toHaveProperty('agencyRefs');
  });

  it('keeps a direct verification reference with the access event, for the agency only, and on a complaint about it', async () => {
    const citizen = await registerCitizen(request);
    const cred = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds, cookie: citizen.cookie });
    const presentation = await present({ sdJwt: cred.sdJwt, holder: cred.holder, disclose: [['nik']], audience: AUD, nonce: 'n-1', issuedAt: nowSeconds() });
    const verified = await asAgency(BANK, '/v1/verify', { presentation, nonce: 'n-1', audience: AUD, purposeCode: 'account_opening', agencyRef: 'CIF 88123' });
    expect(verified.body).toMatchObject({ valid: true });
    const eventId = (verified.body.receipt as { eventId: string }).eventId;
    // The reference sits beside the event, never inside the committed text.
    const stored = (await t.store.accessEvents.get(eventId))!;
    expect([stored.agencyRef, stored.body.includes('88123')]).toEqual(['CIF 88123', false]);

    const events = (await asAgency(BANK, `/v1/agencies/${BANK}/access-events?ref=cif%2088`)).body.events as { eventId: string; agencyRef: string | null }[];
    expect(events).toEqual([expect.objectContaining({ eventId, agencyRef: 'CIF 88123' })]);
    expect((await asAgency(BANK, `/v1/agencies/${BANK}/access-events?ref=none`)).body.events).toEqual([]);
    const mine = (await (await t.app.request('/v1/me/access-events', { headers: { cookie: citizen.cookie } })).json()) as { events: Record<string, unknown>[] };
    expect(mine.events.every((e) => !('agencyRef' in e))).toBe(true);

    const complaint = await t.app.request('/v1/me/rights-requests', {
      method: 'POST',
      headers: { cookie: citizen.cookie, origin: ORIGIN, 'x-sahih-csrf': citizen.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'complaint', agencyId: BANK, eventId, message: 'Saya tidak pernah setuju.' }),
    });
    expect(complaint.status).toBe(201);
    const requests = (await asAgency(BANK, `/v1/agencies/${BANK}/rights-requests`)).body.requests as { agencyRefs?: string[] }[];
    expect(requests.map((r) => r.agencyRefs)).toEqual([['CIF 88123']]);
  });

  it('keeps a presentation request reference on the access event of its answer, searchable by the agency alone', async () => {
    const world: ConsentWorld = { t, clock: { now }, keys, request, nowSeconds };
    const citizen = await registerCitizen(request);
    const cred = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds, cookie: citizen.cookie });
    const shared = await shareWithHospital(world, { citizen, cred }, 'poll', { agencyRef: 'RM-2026/0042' });
    await shareWithHospital(world, { citizen, cred }, 'poll', { agencyRef: 'RM-2026/0777' });
    await shareWithHospital(world, { citizen, cred });

    // The request's result names the reference, and the access event of the answer carries it beside the body.
    expect((await asAgency(RS, `/v1/agencies/${RS}/presentation-requests/${shared.requestId}`)).body).toMatchObject({ status: 'shared', agencyRef: 'RM-2026/0042' });
    type Event = { eventId: string; kind: string; agencyRef: string | null };
    const all = (await asAgency(RS, `/v1/agencies/${RS}/access-events`)).body.events as Event[];
    expect(all.filter((e) => e.kind === 'presentation_shared').map((e) => e.agencyRef).sort()).toEqual(['RM-2026/0042', 'RM-2026/0777', null].sort());
    const found = (await asAgency(RS, `/v1/agencies/${RS}/access-events?ref=rm-2026%2F0042`)).body.events as Event[];
    expect(found).toEqual([expect.objectContaining({ kind: 'presentation_shared', agencyRef: 'RM-2026/0042' })]);
    const stored = (await t.store.accessEvents.get(found[0]!.eventId))!;
    expect([stored.agencyRef, stored.body.includes('0042')]).toEqual(['RM-2026/0042', false]);
    expect(((await asAgency(RS, `/v1/agencies/${RS}/access-events?ref=RM-2026`)).body.events as Event[]).length).toBe(2);
    // The bank searching the hospital's number finds nothing; the citizen's own listing never shows it.
    expect((await asAgency(BANK, `/v1/agencies/${BANK}/access-events?ref=RM-2026`)).body.events).toEqual([]);
    const mine = (await (await t.app.request('/v1/me/access-events', { headers: { cookie: citizen.cookie } })).json()) as { events: Record<string, unknown>[] };
    expect(mine.events.length).toBeGreaterThan(0);
    expect(mine.events.every((e) => !('agencyRef' in e))).toBe(true);
  });

  it('refuses a NIK-shaped reference on a presentation request with invalid_request, and creates nothing', async () => {
    const body = { purposeCode: 'patient_registration', credentialType: 'ktp-el', claims: [{ path: ['nik'], required: true }], retentionDays: 30, responseMode: 'poll' };
    for (const nikLike of [dukcapilClaims.nik, `RM ${dukcapilClaims.nik}`, `RM-${dukcapilClaims.nik}/1`]) {
      const refused = await asAgency(RS, `/v1/agencies/${RS}/presentation-requests`, { ...body, agencyRef: nikLike });
      expect([refused.status, refused.body.code], nikLike).toEqual([400, 'invalid_request']);
      expect(JSON.stringify(refused.body), nikLike).not.toContain(dukcapilClaims.nik);
    }
    // Fifteen or seventeen digits are not a NIK: an agency's long account number is fine.
    expect((await asAgency(RS, `/v1/agencies/${RS}/presentation-requests`, { ...body, agencyRef: '327301570890007' })).status).toBe(201);
    expect((await asAgency(RS, `/v1/agencies/${RS}/presentation-requests`, { ...body, agencyRef: '32730157089000771' })).status).toBe(201);
    expect((await asAgency(RS, `/v1/agencies/${RS}/access-events?ref=3273`)).body.events).toEqual([]);
  });

  it('refuses malformed references and references that carry personal data, with invalid_request', async () => {
    const offer = (agencyRef: unknown) => asAgency('dukcapil', '/v1/agencies/dukcapil/offers', { credentialType: 'ktp-el', claims: dukcapilClaims, agencyRef });
    for (const bad of ['', ' KK-1', 'KK-1 ', 'a'.repeat(65), 'KK\n1', 'KK<1>', 'KK-1;DROP', 'NIK 3273015708900077', dukcapilClaims.name, 'kota bandungtest', 42]) {
      const res = await offer(bad);
      expect([res.status, res.body.code], JSON.stringify(bad)).toEqual([400, 'invalid_request']);
    }
    expect((await offer('A')).status).toBe(201);
    expect((await offer('RM-2026/000.123:b#7_x')).status).toBe(201);
    const requestBody = { purposeCode: 'account_opening', credentialType: 'ktp-el', retentionDays: 30, responseMode: 'poll' };
    expect((await asAgency(BANK, `/v1/agencies/${BANK}/presentation-requests`, { ...requestBody, agencyRef: 'CIF 1' })).status).toBe(201);
    const badRequest = await asAgency(BANK, `/v1/agencies/${BANK}/presentation-requests`, { ...requestBody, agencyRef: 'x'.repeat(65) });
    expect([badRequest.status, badRequest.body.code]).toEqual([400, 'invalid_request']);
    const badVerify = await asAgency(BANK, '/v1/verify', { presentation: 'abc', nonce: 'n', audience: AUD, purposeCode: 'account_opening', agencyRef: '3273015708900077' });
    expect([badVerify.status, badVerify.body.code]).toEqual([400, 'invalid_request']);
    for (const query of ['?ref=', '?ref=%25', '?ref=a%0Ab', `?ref=${'a'.repeat(65)}`]) {
      for (const path of ['/v1/agencies/dukcapil/credentials', '/v1/agencies/dukcapil/access-events']) {
        const res = await asAgency('dukcapil', path + query);
        expect([res.status, res.body.code], path + query).toEqual([400, 'invalid_request']);
      }
    }
  });
});
