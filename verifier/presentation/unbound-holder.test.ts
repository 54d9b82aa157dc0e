// Standard wallets through app.request() (frozen clock, real SQLite): a holder key no account holds answers an
// x509_san_dns request without Sahih's consent record; the agency reads a valid verdict, exactly the disclosed
// claims, a log receipt and a verifier-side consent receipt; the same-device answer returns the agency's URL with a
// response code; a request may insist on the signed record; and a citizen who proves the key sees the access.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signCompactJws } from '../../shared/jose/jws.js';
import { seedDemo } from '../registry/demo-seed.js';
import { registerPurpose } from '../registry/purposes.js';
import { registryDepsFrom } from '../routes/deps.js';
import { registerCitizen, type Citizen } from '../../test/support/citizen.js';
import { holderKey, type HolderKey, type Requester } from '../../test/support/issuance.js';
import { consentRecordFor, createRequest, fetchRequestObject, issueKtp, ORIGIN, postResponse, present, signConsent } from '../../test/support/presentation.js';
import { createTestApp, TEST_KEK, type TestApp } from '../../test/support/test-app.js';
import { HOLDER_KEY_PROOF_TYP } from '../accounts/holder-key-proof.js';

const RS = 'rsud-sehat-sentosa';
let t: TestApp;
let now: number;
let keys: Record<string, string>;
let request: Requester;
const nowSeconds = () => Math.floor(now / 1000);

beforeEach(async () => {
  now = Date.UTC(2026, 0, 15, 3, 0, 0);
  t = await createTestApp({ now: () => now });
  keys = await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store, now: () => now }).ctx);
  request = async (path, init) => t.app.request(path, init);
});
afterEach(async () => t.close());

const hospital = (extra: Record<string, unknown> = {}) => ({
  purposeCode: 'patient_registration',
  credentialType: 'ktp-el',
  claims: [
    { path: ['nik'], required: true },
    { path: ['name'], required: true },
    { path: ['birth_date'], required: false },
  ],
  retentionDays: 30,
  responseMode: 'poll',
  clientIdPrefix: 'x509_san_dns',
  ...extra,
});

async function open(extra: Record<string, unknown> = {}) {
  const created = await createRequest(request, RS, keys[RS]!, hospital(extra));
  expect(created.res.status).toBe(201);
  const ro = await fetchRequestObject(request, created.body.requestUri as string);
  return { id: created.body.requestId as string, ro: ro.payload! };
}

async function answerWithout(req: Awaited<ReturnType<typeof open>>, cred: { sdJwt: string; holder: HolderKey }, extra: Record<string, string> = {}) {
  const presentation = await present({ sdJwt: cred.sdJwt, holder: cred.holder, disclose: [['nik'], ['name']], audience: req.ro.client_id, nonce: req.ro.nonce, issuedAt: nowSeconds() });
  return postResponse(request, req.ro.response_uri, { vp_token: JSON.stringify({ 'ktp-el': [presentation] }), state: req.ro.state, ...extra });
}

const readResult = async (id: string) =>
  (await (await request(`/v1/agencies/${RS}/presentation-requests/${id}`, { headers: { authorization: `Bearer ${keys[RS]}` } })).json()) as Record<string, unknown>;

const citizenPost = (citizen: Citizen, path: string, body?: unknown) =>
  request(path, { method: 'POST', headers: { cookie: citizen.cookie, origin: ORIGIN, 'x-sahih-csrf': citizen.csrf, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

async function proofFor(citizen: Citizen, holder: HolderKey, overrides: Record<string, unknown> = {}) {
  const challenge = (await (await citizenPost(citizen, '/v1/me/holder-keys/challenge')).json()) as { challenge: string; audience: string };
  return signCompactJws({ typ: HOLDER_KEY_PROOF_TYP, jwk: holder.publicJwk }, { nonce: challenge.challenge, aud: challenge.audience, iat: nowSeconds(), ...overrides }, holder.signer);
}

describe('standard wallets (unbound holder keys, no consent record)', () => {
  it('shares, keeps a verifier receipt, redirects same-device, and shows the access to the citizen who proves the key', async () => {
    const cred = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds });
    const req = await open({ returnUrl: 'https://rsud.example/pendaftaran/selesai?visit=7' });
    expect(req.ro.sahih_consent_record).toBe('optional');
    const answered = await answerWithout(req, cred);
    expect(answered.res.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'shared' });
    const redirect = new URL(answered.body.redirect_uri as string);
    expect(`${redirect.origin}${redirect.pathname}`).toBe('https://rsud.example/pendaftaran/selesai');
    expect(redirect.searchParams.get('visit')).toBe('7');

    const result = await readResult(req.id);
    expect(result).toMatchObject({ status: 'shared', verdict: 'valid', consent: { kind: 'verifier_receipt' }, responseCode: redirect.searchParams.get('response_code') });
    expect(result.claims).toEqual({ 'ktp-el': { nik: '3273015708900077', name: 'Kartika Wulandari Testdata' } });
    const receipt = (result.consent as { receipt: Record<string, unknown> }).receipt;
    expect(receipt).toMatchObject({ holderSigned: false, issuedBy: 'verifier', state: 'active', subject: { holderKeyThumbprint: cred.thumbprint }, presentation: { requestId: req.id, audience: 'x509_san_dns:localhost' } });
    expect(receipt.dataItems).toEqual([
      { name: 'nik', required: true, shared: true },
      { name: 'name', required: true, shared: true },
      { name: 'birth_date', required: false, shared: false },
    ]);
    const eventId = (result.receipt as { eventId: string }).eventId;
    expect((await t.store.accessEvents.get(eventId))?.accountId).toBeNull();

    // The citizen proves the key from their wallet: the access becomes theirs.
    const citizen = await registerCitizen(request);
    const proved = await citizenPost(citizen, '/v1/me/holder-keys', { proof: await proofFor(citizen, cred.holder) });
    expect(proved.status).toBe(200);
    expect(await proved.json()).toEqual({ thumbprint: cred.thumbprint, attachedEvents: 1 });
    const mine = (await (await request('/v1/me/access-events', { headers: { cookie: citizen.cookie } })).json()) as { events: { eventId: string; body: string }[] };
    expect(mine.events.map((e) => e.eventId)).toEqual([eventId]);
    expect(JSON.parse(mine.events[0]!.body)).toMatchObject({ kind: 'presentation_shared', subject: { holderKeyThumbprint: cred.thumbprint }, dataItems: ['nik', 'name'] });

    // From now on the key is bound: the next answer is the citizen's at once.
    const next = await open();
    await answerWithout(next, cred);
    const nextEvent = ((await readResult(next.id)).receipt as { eventId: string }).eventId;
    expect((await t.store.accessEvents.get(nextEvent))?.accountId).toBe(citizen.accountId);
  });

  it('keeps a holder-signed record from an unbound key as such', async () => {
    const cred = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds });
    const req = await open();
    const record = consentRecordFor(req.ro, {
      thumbprint: cred.thumbprint,
      dataItems: [
        { name: 'nik', required: true, shared: true },
        { name: 'name', required: true, shared: true },
        { name: 'birth_date', required: false, shared: false },
      ],
      at: nowSeconds(),
      requestId: req.id,
    });
    const answered = await answerWithout(req, cred, { consent_record: await signConsent(record, cred.holder) });
    expect(answered.body).toMatchObject({ status: 'shared', consentRecordId: record.recordId });
    expect(answered.body).not.toHaveProperty('redirect_uri');
    expect(await readResult(req.id)).toMatchObject({ consent: { kind: 'holder_signed' }, consentRecordId: record.recordId });
  });

  it('refuses an answer without the signed record when the request insists, and stores nothing', async () => {
    const cred = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds });
    const req = await open({ requireSignedConsent: true });
    expect(req.ro.sahih_consent_record).toBe('required');
    const answered = await answerWithout(req, cred);
    expect([answered.res.status, answered.body.code]).toEqual([403, 'consent_record_required']);
    expect(await t.store.log.size()).toBe(0);
    expect((await t.store.presentationRequests.get(req.id))?.status).toBe('pending');
  });

  it('refuses an answer without the signed record when the purpose insists, for every request under it', async () => {
    await registerPurpose(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store, now: () => now }).ctx, RS, {
      code: 'signed_registration',
      description: { id: 'Pendaftaran dengan persetujuan bertanda tangan', en: 'Registration with a signed consent' },
      legalBasis: 'consent',
      claims: [{ credentialType: 'ktp-el', path: ['nik'] }, { credentialType: 'ktp-el', path: ['name'] }],
      maxRetentionDays: 30,
      requireSignedConsent: true,
    });
    const cred = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds });
    const req = await open({ purposeCode: 'signed_registration', claims: [{ path: ['nik'], required: true }, { path: ['name'], required: true }] });
    expect(req.ro.sahih_consent_record).toBe('required');
    const answered = await answerWithout(req, cred);
    expect([answered.res.status, answered.body.code]).toEqual([403, 'consent_record_required']);
  });

  it('refuses bad holder-key proofs with their codes', async () => {
    const holder = holderKey();
    const citizen = await registerCitizen(request);
    expect((await request('/v1/me/holder-keys/challenge', { method: 'POST', headers: { origin: ORIGIN, 'x-sahih-csrf': '1' } })).status).toBe(401);
    const code = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];
    expect(await code(await citizenPost(citizen, '/v1/me/holder-keys', {}))).toEqual([400, 'invalid_request']);
    expect(await code(await citizenPost(citizen, '/v1/me/holder-keys', { proof: 'abc' }))).toEqual([400, 'holder_key_proof_invalid']);
    expect(await code(await citizenPost(citizen, '/v1/me/holder-keys', { proof: await proofFor(citizen, holder, { aud: 'https://elsewhere.example' }) }))).toEqual([400, 'holder_key_proof_invalid']);
    expect(await code(await citizenPost(citizen, '/v1/me/holder-keys', { proof: await proofFor(citizen, holder, { nonce: 'made-up' }) }))).toEqual([400, 'holder_key_proof_invalid']);
    expect(await code(await citizenPost(citizen, '/v1/me/holder-keys', { proof: await proofFor(citizen, holder, { iat: nowSeconds() - 3600 }) }))).toEqual([400, 'holder_key_proof_invalid']);
    // Signed by another key than the one in the header.
    const other = holderKey();
    const challenge = (await (await citizenPost(citizen, '/v1/me/holder-keys/challenge')).json()) as { challenge: string; audience: string };
    const forged = await signCompactJws({ typ: HOLDER_KEY_PROOF_TYP, jwk: holder.publicJwk }, { nonce: challenge.challenge, aud: challenge.audience, iat: nowSeconds() }, other.signer);
    expect(await code(await citizenPost(citizen, '/v1/me/holder-keys', { proof: forged }))).toEqual([400, 'holder_key_proof_invalid']);
    // A proof is single use, and a key proved by one account cannot be claimed by another.
    const good = await proofFor(citizen, holder);
    expect((await citizenPost(citizen, '/v1/me/holder-keys', { proof: good })).status).toBe(200);
    expect(await code(await citizenPost(citizen, '/v1/me/holder-keys', { proof: good }))).toEqual([400, 'holder_key_proof_invalid']);
    const intruder = await registerCitizen(request, 'Budi');
    expect(await code(await citizenPost(intruder, '/v1/me/holder-keys', { proof: await proofFor(intruder, holder) }))).toEqual([409, 'holder_key_claimed']);
  });
});
