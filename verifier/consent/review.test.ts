// Notice and purpose changes through app.request() (issue 21): the agency publishes its notice text and changes a
// purpose; a consent given before either waits for the citizen's review (inbox item, consent_needs_review on the
// agency's verification) until the citizen keeps it, or withdraws it; a first published text changes nothing; bad
// input on every new route.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { citizenInit, citizenWithKtp, consentWorld, shareWithHospital, RS, BANK, type ConsentWorld, type Holder } from '../../test/support/consent.js';
import { jsonInit } from '../../test/support/issuance.js';
import { fetchRequestObject, createRequest, present } from '../../test/support/presentation.js';
import { noticeSha256 } from './review.js';

let w: ConsentWorld;
let siti: Holder;

beforeEach(async () => {
  w = await consentWorld();
  siti = await citizenWithKtp(w);
});
afterEach(async () => w.t.close());

const asAgency = (agencyId: string, method: string, path: string, body?: unknown) =>
  w.request(path, { method, headers: { authorization: `Bearer ${w.keys[agencyId]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const publish = (text: string, agencyId = RS) => asAgency(agencyId, 'PUT', `/v1/agencies/${agencyId}/privacy-notice`, { text });
const problem = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];

async function directVerify(h: Holder) {
  const AUD = 'https://rsud.example/loket';
  const nonce = crypto.randomUUID();
  const presentation = await present({ sdJwt: h.cred.sdJwt, holder: h.cred.holder, disclose: [['nik'], ['name']], audience: AUD, nonce, issuedAt: w.nowSeconds() });
  const res = await w.request('/v1/verify', jsonInit({ presentation, nonce, audience: AUD, purposeCode: 'patient_registration' }, { authorization: `Bearer ${w.keys[RS]}` }));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function inbox(h: Holder) {
  const res = await w.request('/v1/me/inbox', { headers: { cookie: h.citizen.cookie } });
  return (await res.json()) as { items: { id: string; kind: string; read: boolean; review?: { consentId: string; reasons: string[] } }[]; unread: number };
}

const purposeChange = {
  description: { id: 'Pendaftaran pasien dan penagihan JKN', en: 'Patient registration and JKN billing' },
  legalBasis: 'consent',
  claims: [
    { credentialType: 'ktp-el', path: ['nik'] },
    { credentialType: 'ktp-el', path: ['name'] },
  ],
  maxRetentionDays: 365,
};

describe('notice and purpose changes', () => {
  it('publishes the notice text by its hash, pins consents to it, and asks for a review when it changes', async () => {
    const first = await publish('Kami memakai NIK dan nama untuk pendaftaran pasien.');
    expect(first.status).toBe(200);
    const published = (await first.json()) as { sha256: string; changed: boolean };
    expect(published).toMatchObject({ sha256: noticeSha256('Kami memakai NIK dan nama untuk pendaftaran pasien.'), changed: true });
    expect(((await (await publish('Kami memakai NIK dan nama untuk pendaftaran pasien.')).json()) as { changed: boolean }).changed).toBe(false);
    const pub = (await (await w.request(`/v1/registry/agencies/${RS}/privacy-notice`)).json()) as { sha256: string; text: string };
    expect(pub.sha256).toBe(published.sha256);
    expect(((await (await w.request(`/v1/registry/agencies/${RS}`)).json()) as { privacyNoticeSha256: string }).privacyNoticeSha256).toBe(published.sha256);

    // The request object names the text's hash for the wallet's record to pin.
    const created = await createRequest(w.request, RS, w.keys[RS]!, { purposeCode: 'patient_registration', credentialType: 'ktp-el', claims: [{ path: ['nik'], required: true }], retentionDays: 30, responseMode: 'poll' });
    const ro = (await fetchRequestObject(w.request, created.body.requestUri as string)).payload as unknown as { sahih_purpose: { controller: { privacyNoticeSha256: string } } };
    expect(ro.sahih_purpose.controller.privacyNoticeSha256).toBe(published.sha256);

    const shared = await shareWithHospital(w, siti);
    expect((await directVerify(siti)).status).toBe(200);
    expect((await inbox(siti)).items).toEqual([]);

    w.clock.now += 60_000;
    expect((await publish('Kami juga membagikan nama Anda kepada BPJS Kesehatan.')).status).toBe(200);
    const box = await inbox(siti);
    expect(box.unread).toBe(1);
    expect(box.items).toMatchObject([{ kind: 'consent_review', review: { consentId: shared.consentId, reasons: ['notice'] } }]);
    expect(await problem(await w.request('/v1/verify', jsonInit({}, { authorization: `Bearer ${w.keys[RS]}` })))).toEqual([400, 'invalid_request']);
    const refused = await directVerify(siti);
    expect([refused.status, refused.body.code]).toEqual([403, 'consent_needs_review']);

    const kept = await w.request(`/v1/me/consents/${shared.consentId}/keep`, citizenInit(siti.citizen, {}));
    expect(kept.status).toBe(204);
    expect((await inbox(siti)).items).toEqual([]);
    expect((await directVerify(siti)).status).toBe(200);
    expect(await problem(await w.request(`/v1/me/consents/${shared.consentId}/keep`, citizenInit(siti.citizen, {})))).toEqual([409, 'conflict']);
  });

  it('a first notice text asks nothing; a purpose change asks for a review, and a withdrawal ends it', async () => {
    const shared = await shareWithHospital(w, siti);
    expect((await publish('Teks pertama yang diterbitkan.')).status).toBe(200);
    expect((await inbox(siti)).items).toEqual([]);

    const changed = await asAgency(RS, 'PUT', `/v1/agencies/${RS}/purposes/patient_registration`, purposeChange);
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { version: number }).version).toBe(2);
    const box = await inbox(siti);
    expect(box.items).toMatchObject([{ kind: 'consent_review', review: { consentId: shared.consentId, reasons: ['purpose'] } }]);
    expect((await directVerify(siti)).body.code).toBe('consent_needs_review');

    // Withdrawn: nothing left to review, and the refusal says withdrawn, not review.
    await w.t.store.consents.get(shared.consentId);
    await w.t.store.transaction(async (tx) => {
      const row = (await tx.consents.get(shared.consentId))!;
      await tx.consents.applyChange(shared.consentId, { from: { state: 'active', recordId: row.currentRecordId }, state: 'withdrawn', at: w.clock.now, record: null, actionDueAt: w.clock.now, accessEventId: 'e-x' });
    });
    expect((await inbox(siti)).items).toEqual([]);
    expect((await directVerify(siti)).body.code).toBe('consent_not_active');
  });

  it('refuses bad input on every new route', async () => {
    const shared = await shareWithHospital(w, siti);
    expect(await problem(await publish(''))).toEqual([400, 'invalid_request']);
    expect(await problem(await publish('x'.repeat(100_001)))).toEqual([400, 'invalid_request']);
    expect((await asAgency(BANK, 'PUT', `/v1/agencies/${RS}/privacy-notice`, { text: 'x' })).status).toBe(403);
    expect((await w.request(`/v1/agencies/${RS}/privacy-notice`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"text":"x"}' })).status).toBe(401);
    expect(await problem(await w.request(`/v1/registry/agencies/${BANK}/privacy-notice`))).toEqual([404, 'not_found']);
    expect(await problem(await w.request('/v1/registry/agencies/NOT_AN_ID/privacy-notice'))).toEqual([400, 'invalid_request']);
    expect(await problem(await asAgency(RS, 'PUT', `/v1/agencies/${RS}/purposes/no_such_purpose`, purposeChange))).toEqual([400, 'unknown_purpose']);
    expect(await problem(await asAgency(RS, 'PUT', `/v1/agencies/${RS}/purposes/patient_registration`, { ...purposeChange, maxRetentionDays: -1 }))).toEqual([400, 'invalid_request']);
    expect(await problem(await asAgency(RS, 'PUT', `/v1/agencies/${RS}/purposes/patient_registration`, { ...purposeChange, claims: [{ credentialType: 'ktp-el', path: ['no_such_claim'] }] }))).toEqual([400, 'invalid_claims']);
    const other = await citizenWithKtp(w, 'Budi');
    expect(await problem(await w.request(`/v1/me/consents/${shared.consentId}/keep`, citizenInit(other.citizen, {})))).toEqual([404, 'not_found']);
    expect(await problem(await w.request(`/v1/me/consents/${'x'.repeat(65)}/keep`, citizenInit(siti.citizen, {})))).toEqual([400, 'invalid_request']);
    expect((await w.request(`/v1/me/consents/${shared.consentId}/keep`, { method: 'POST' })).status).toBe(401);
  });
});
