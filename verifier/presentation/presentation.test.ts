// OpenID4VP presentation through app.request() with the demo seed, a frozen clock and real SQLite: request -> signed
// request object -> direct_post response (full check chain) -> the agency reads exactly the chosen claims once, with
// a receipt whose inclusion proof verifies; and every refusal with its code, nothing stored when one fires.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toEs256PublicJwk } from '../../shared/crypto/jwk.js';
import { verifyCompactJws } from '../../shared/jose/jws.js';
import { leafHash } from '../../shared/merkle/hash.js';
import { parseCheckpoint, parseNote } from '../../shared/merkle/checkpoint.js';
import { verifyInclusion } from '../../shared/merkle/verify.js';
import { issueSdJwtVc } from '../../shared/sdjwt/issue.js';
import { seedDemo } from '../registry/demo-seed.js';
import { registryDepsFrom } from '../routes/deps.js';
import { holderKey, jsonInit, type HolderKey, type Requester } from '../../test/support/issuance.js';
import {
  consentRecordFor,
  createRequest,
  crypto,
  fetchRequestObject,
  issueKtp,
  ORIGIN,
  postResponse,
  present,
  signConsent,
  signedInCookie,
  type RequestObjectPayload,
} from '../../test/support/presentation.js';
import { createTestApp, TEST_KEK, type TestApp } from '../../test/support/test-app.js';
import { purgeUnreadResults } from './result.js';

const RS = 'rsud-sehat-sentosa';
const BANK = 'bank-nusantara';
const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());

let t: TestApp;
let now: number;
let keys: Record<string, string>;
let request: Requester;
let session: { cookie: string; accountId: string };
const nowSeconds = () => Math.floor(now / 1000);

beforeEach(async () => {
  now = Date.UTC(2026, 0, 15, 3, 0, 0);
  t = await createTestApp({ now: () => now });
  keys = await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store, now: () => now }).ctx);
  request = async (path, init) => t.app.request(path, init);
  session = await signedInCookie(request);
});
afterEach(async () => t.close());

const hospitalRequest = (extra: Record<string, unknown> = {}) => ({
  purposeCode: 'patient_registration',
  credentialType: 'ktp-el',
  claims: [
    { path: ['nik'], required: true },
    { path: ['name'], required: true },
    { path: ['birth_date'], required: false },
  ],
  retentionDays: 30,
  responseMode: 'poll',
  ...extra,
});

const items = (birthDateShared: boolean, all = true) => [
  { name: 'nik', required: true, shared: all },
  { name: 'name', required: true, shared: all },
  { name: 'birth_date', required: false, shared: birthDateShared },
];

async function openRequest(body = hospitalRequest(), agency = RS) {
  const created = await createRequest(request, agency, keys[agency]!, body);
  expect(created.res.status).toBe(201);
  const ro = await fetchRequestObject(request, created.body.requestUri as string);
  expect(ro.res.status).toBe(200);
  return { id: created.body.requestId as string, created: created.body, ro: ro.payload!, jwt: ro.jwt };
}

async function bound() {
  return issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds, cookie: session.cookie });
}

async function answer(o: {
  req: { id: string; ro: RequestObjectPayload };
  cred: { sdJwt: string; holder: HolderKey; thumbprint: string };
  disclose?: (string | number)[][];
  audience?: string;
  nonce?: string;
  dataItems?: ReturnType<typeof items>;
  state?: string;
  consentOverrides?: Parameters<typeof consentRecordFor>[1]['overrides'];
  responseUri?: string;
}) {
  const presentation = await present({
    sdJwt: o.cred.sdJwt,
    holder: o.cred.holder,
    disclose: o.disclose ?? [['nik'], ['name']],
    audience: o.audience ?? o.req.ro.client_id,
    nonce: o.nonce ?? o.req.ro.nonce,
    issuedAt: nowSeconds(),
  });
  const record = consentRecordFor(o.req.ro, { thumbprint: o.cred.thumbprint, dataItems: o.dataItems ?? items(false), at: nowSeconds(), requestId: o.req.id, ...(o.consentOverrides ? { overrides: o.consentOverrides } : {}) });
  const fields = { vp_token: JSON.stringify({ 'ktp-el': [presentation] }), state: o.state ?? o.req.ro.state, consent_record: await signConsent(record, o.cred.holder) };
  return { ...(await postResponse(request, o.responseUri ?? o.req.ro.response_uri, fields)), fields, record };
}

const readResult = (id: string, agency = RS, apiKey = keys[agency]!, query = '') =>
  request(`/v1/agencies/${agency}/presentation-requests/${id}${query}`, { headers: { authorization: `Bearer ${apiKey}` } });

async function expectNothingStored(id: string) {
  const stored = (await t.store.presentationRequests.get(id))!;
  expect(stored).toMatchObject({ status: 'pending', resultSealed: null, consentRecordId: null, accessEventId: null });
  expect(await t.store.log.size()).toBe(0);
}

describe('presentation requests', () => {
  it('shares exactly the chosen claims once, with a receipt that verifies, and a signed request object', async () => {
    const cred = await bound();
    // The registry client identifier, asked for by name (the default is x509_san_dns once the operator holds a CA).
    const req = await openRequest(hospitalRequest({ clientIdPrefix: 'sahih_registry' }));
    // The request object verifies with the agency's published key and carries what the wallet needs.
    const jwks = (await (await request(`/v1/registry/agencies/${RS}/jwks`)).json()) as { keys: { kid: string }[] };
    const header = JSON.parse(Buffer.from(req.jwt.split('.')[0]!, 'base64url').toString()) as { kid: string; typ: string };
    expect(header.typ).toBe('oauth-authz-req+jwt');
    const key = toEs256PublicJwk(jwks.keys.find((k) => k.kid === header.kid))!;
    expect((await verifyCompactJws({ token: req.jwt, key, crypto, typ: 'oauth-authz-req+jwt' })).ok).toBe(true);
    expect(req.ro).toMatchObject({
      client_id: `${ORIGIN}/agencies/${RS}`,
      iss: `${ORIGIN}/agencies/${RS}`,
      aud: 'https://self-issued.me/v2',
      response_type: 'vp_token',
      response_mode: 'direct_post',
      response_uri: `${ORIGIN}/v1/presentation-requests/${req.id}/response`,
      sahih_purpose: { code: 'patient_registration', legalBasis: 'consent', retentionDays: 30 },
    });
    expect(req.created.authorizationRequestUri).toBe(
      `openid4vp://?client_id=${encodeURIComponent(req.ro.client_id)}&request_uri=${encodeURIComponent(req.created.requestUri as string)}`,
    );
    expect(req.created.qrSvg).toMatch(/^<svg/);
    expect((await readResult(req.id)).status).toBe(200);
    expect(((await (await readResult(req.id)).json()) as { status: string }).status).toBe('pending');

    const res = await answer({ req, cred });
    expect(res.res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'shared', consentRecordId: res.record.recordId });

    const first = (await (await readResult(req.id)).json()) as Record<string, unknown> & { receipt: { leafIndex: number; inclusionProof: string[]; leafHash: string; checkpoint: string } };
    expect(first).toMatchObject({ status: 'shared', verdict: 'valid', purposeCode: 'patient_registration', consentRecordId: res.record.recordId });
    expect(first.claims).toEqual({ 'ktp-el': { nik: '3273015708900077', name: 'Kartika Wulandari Testdata' } });
    const cp = parseCheckpoint(parseNote(first.receipt.checkpoint).text);
    const event = (await t.store.accessEvents.get((first.receipt as unknown as { eventId: string }).eventId))!;
    expect(JSON.parse(event.body)).toMatchObject({ kind: 'presentation_shared', dataItems: ['nik', 'name'], requestId: req.id, consentRecordId: res.record.recordId });
    expect(event.accountId).toBe(session.accountId);
    const proof = await verifyInclusion(sha256, {
      leafHash: Buffer.from(first.receipt.leafHash, 'base64'),
      index: first.receipt.leafIndex,
      size: cp.size,
      proof: first.receipt.inclusionProof.map((p) => Buffer.from(p, 'base64')),
      root: cp.root,
    });
    expect(proof).toEqual({ ok: true });
    expect(Buffer.from(await leafHash(sha256, sha256(Buffer.concat([Buffer.from(event.salt, 'base64url'), Buffer.from(event.body)])))).toString('base64')).toBe(first.receipt.leafHash);
    const consent = (await t.store.consents.get(res.record.recordId))!;
    expect(consent).toMatchObject({ accountId: session.accountId, agencyId: RS, purposeCode: 'patient_registration', requestId: req.id, state: 'active', holderThumbprint: cred.thumbprint });
    expect(consent.expiresAt).toBe(now + 30 * 24 * 3600 * 1000);

    // Second read: the values are gone, the receipt stays; asking for the claims says so.
    const second = (await (await readResult(req.id)).json()) as Record<string, unknown>;
    expect(second.claims).toBeUndefined();
    expect(second).toMatchObject({ status: 'shared', receipt: { leafIndex: first.receipt.leafIndex }, claimsReadAt: new Date(now).toISOString() });
    const strict = await readResult(req.id, RS, keys[RS]!, '?claims=required');
    expect(strict.status).toBe(410);
    expect(((await strict.json()) as { code: string }).code).toBe('result_already_read');
    expect((await t.store.presentationRequests.get(req.id))!.resultSealed).toBeNull();

    // The same answer again is a replay.
    const replay = await postResponse(request, req.ro.response_uri, res.fields);
    expect(replay.res.status).toBe(409);
    expect(replay.body.code).toBe('presentation_replayed');

    // The raw database (SQLite file and WAL, or every PostgreSQL row) holds none of the disclosed values.
    const raw = await t.databaseBytes();
    expect(raw.length).toBeGreaterThan(0);
    for (const value of ['3273015708900077', 'Kartika Wulandari Testdata', '1990-08-17', 'Kota Bandungtest']) {
      expect(raw.includes(Buffer.from(value)), `${value} in the database`).toBe(false);
    }
  });

  it('delivers an optional claim the citizen turned on, and deletes unread values after the TTL', async () => {
    const cred = await bound();
    const req = await openRequest();
    const res = await answer({ req, cred, disclose: [['nik'], ['name'], ['birth_date']], dataItems: items(true) });
    expect(res.res.status).toBe(200);
    now += 11 * 60 * 1000;
    expect(await purgeUnreadResults({ store: t.store, now: () => now })).toBe(1);
    const read = (await (await readResult(req.id)).json()) as Record<string, unknown>;
    expect(read).toMatchObject({ status: 'shared' });
    expect(read.claims).toBeUndefined();
  });

  it('refuses requests beyond the purpose, the role or the retention at creation', async () => {
    const cases: [string, string, Record<string, unknown>, number, string][] = [
      ['outside purpose', BANK, { purposeCode: 'age_check', credentialType: 'ktp-el', claims: [{ path: ['name'], required: true }], retentionDays: 0, responseMode: 'poll' }, 403, 'claims_outside_purpose'],
      ['whole address member of another type', RS, hospitalRequest({ credentialType: 'ijazah', claims: [{ path: ['degree'], required: true }] }), 403, 'claims_outside_purpose'],
      ['dcql outside purpose', BANK, { purposeCode: 'age_check', dcqlQuery: { credentials: [{ id: 'id', format: 'dc+sd-jwt', meta: { vct_values: [`${ORIGIN}/vct/ktp-el`] }, claims: [{ path: ['birth_date'] }] }] }, retentionDays: 0, responseMode: 'poll' }, 403, 'claims_outside_purpose'],
      ['retention', RS, hospitalRequest({ retentionDays: 366 }), 400, 'retention_exceeds_purpose'],
      ['webhook without an endpoint', RS, hospitalRequest({ responseMode: 'webhook' }), 409, 'webhook_not_registered'],
      ['unknown purpose', RS, hospitalRequest({ purposeCode: 'marketing' }), 400, 'unknown_purpose'],
      ['unknown type', RS, hospitalRequest({ credentialType: 'sim-card' }), 400, 'unknown_credential_type'],
      ['bad dcql', RS, { purposeCode: 'patient_registration', dcqlQuery: { credentials: [] }, retentionDays: 1, responseMode: 'poll' }, 400, 'invalid_request'],
      ['no type', RS, { purposeCode: 'patient_registration', retentionDays: 1, responseMode: 'poll' }, 400, 'invalid_request'],
      ['missing fields', RS, { credentialType: 'ktp-el' }, 400, 'invalid_request'],
    ];
    for (const [name, agency, body, status, code] of cases) {
      const res = await createRequest(request, agency, keys[agency]!, body);
      expect([name, res.res.status, res.body.code]).toEqual([name, status, code]);
    }
    const issuer = await createRequest(request, 'dukcapil', keys.dukcapil!, hospitalRequest());
    expect([issuer.res.status, issuer.body.code]).toEqual([403, 'agency_role_mismatch']);
    const other = await createRequest(request, RS, keys[BANK]!, hospitalRequest());
    expect([other.res.status, other.body.code]).toEqual([403, 'agency_mismatch']);
    const noKey = await request(`/v1/agencies/${RS}/presentation-requests`, jsonInit(hospitalRequest()));
    expect(((await noKey.json()) as { code: string }).code).toBe('invalid_api_key');
    const badJson = await request(`/v1/agencies/${RS}/presentation-requests`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[RS]}` }, body: '{"purposeCode":' });
    expect(((await badJson.json()) as { code: string }).code).toBe('malformed_body');
  });

  it('refuses each bad answer with its code and stores nothing', async () => {
    const cred = await bound();
    const req = await openRequest();
    const other = await openRequest();
    const expectCode = async (res: Promise<{ res: Response; body: Record<string, unknown> }>, status: number, code: string) => {
      const r = await res;
      expect([r.res.status, r.body.code]).toEqual([status, code]);
    };
    await expectCode(answer({ req, cred, audience: 'https://evil.example' }), 400, 'kb_wrong_audience');
    await expectCode(answer({ req, cred, nonce: other.ro.nonce }), 400, 'kb_wrong_nonce');
    // A presentation made for another request: its state (or its nonce) gives it away.
    await expectCode(answer({ req: other, cred, responseUri: req.ro.response_uri }), 400, 'state_mismatch');
    await expectCode(answer({ req: other, cred, responseUri: req.ro.response_uri, state: req.ro.state }), 400, 'kb_wrong_nonce');
    await expectCode(answer({ req, cred, disclose: [['nik'], ['name'], ['birth_place']] }), 403, 'claims_outside_purpose');
    await expectCode(answer({ req, cred, disclose: [['nik']] }), 400, 'claims_mismatch');
    await expectCode(answer({ req, cred, dataItems: items(true) }), 400, 'consent_invalid');
    await expectCode(answer({ req, cred, consentOverrides: { retentionDays: 365 } }), 400, 'consent_invalid');
    await expectCode(answer({ req, cred, consentOverrides: { presentation: { requestId: other.id, nonce: other.ro.nonce, audience: other.ro.client_id } } }), 400, 'consent_invalid');
    // Bad input at the response endpoint.
    const base = { state: req.ro.state, consent_record: 'x' };
    await expectCode(postResponse(request, req.ro.response_uri, { ...base, vp_token: '{"ktp-el": [' }), 400, 'invalid_vp_token');
    await expectCode(postResponse(request, req.ro.response_uri, { ...base, vp_token: '["x"]' }), 400, 'invalid_vp_token');
    await expectCode(postResponse(request, req.ro.response_uri, { ...base, vp_token: '{"ktp-el": "x"}' }), 400, 'invalid_vp_token');
    await expectCode(postResponse(request, req.ro.response_uri, { ...base, vp_token: '{"other": ["x"]}' }), 400, 'invalid_vp_token');
    await expectCode(postResponse(request, req.ro.response_uri, base), 400, 'invalid_vp_token');
    await expectCode(postResponse(request, req.ro.response_uri, { vp_token: '{}' }), 400, 'state_mismatch');
    await expectCode(postResponse(request, req.ro.response_uri, { ...base, vp_token: '{"ktp-el": ["not-an-sd-jwt"]}' }), 400, 'malformed');
    await expectCode(postResponse(request, req.ro.response_uri, { ...base, error: 'server_error' }), 400, 'invalid_request');
    await expectCode(postResponse(request, `${ORIGIN}/v1/presentation-requests/00000000-0000-4000-8000-000000000000/response`, base), 404, 'request_not_found');
    await expectCode(postResponse(request, `${ORIGIN}/v1/presentation-requests/nope/response`, base), 400, 'invalid_request');
    const json = await request(new URL(req.ro.response_uri).pathname, jsonInit({ vp_token: '{}' }));
    expect(((await json.json()) as { code: string }).code).toBe('unsupported_media_type');
    await expectNothingStored(req.id);
    expect((await answer({ req, cred })).res.status).toBe(200);
  });

  it('refuses a revoked credential and an unregistered issuer', async () => {
    const req = await openRequest();
    const revoked = await bound();
    const status = await request(`/v1/agencies/dukcapil/credentials/${revoked.offerId}/status`, jsonInit({ status: 'revoked' }, { authorization: `Bearer ${keys.dukcapil}` }));
    expect(status.status).toBe(200);
    const r1 = await answer({ req, cred: revoked });
    expect([r1.res.status, r1.body.code]).toEqual([400, 'revoked']);

    const rogue = holderKey();
    const holder = holderKey();
    const forged = await issueSdJwtVc({
      vct: `${ORIGIN}/vct/ktp-el`,
      issuer: 'https://rogue.example/issuers/dukcapil',
      claims: { nik: '3273015708900077', name: 'Kartika Wulandari Testdata' },
      frame: { _sd: ['nik', 'name'] },
      holderJwk: holder.publicJwk,
      now: nowSeconds,
      signer: rogue.signer,
      crypto,
    });
    const r2 = await answer({ req, cred: { sdJwt: forged.sdJwt, holder, thumbprint: revoked.thumbprint } });
    expect([r2.res.status, r2.body.code]).toEqual([400, 'untrusted_issuer']);
    // Same issuer identifier as Dukcapil, but signed with a throwaway key.
    const impostor = await issueSdJwtVc({
      vct: `${ORIGIN}/vct/ktp-el`,
      issuer: `${ORIGIN}/issuers/dukcapil`,
      claims: { nik: '1', name: 'x' },
      frame: { _sd: ['nik', 'name'] },
      holderJwk: holder.publicJwk,
      now: nowSeconds,
      signer: { ...rogue.signer, kid: 'dukcapil-made-up', alg: 'ES256', sign: (d: Uint8Array) => rogue.signer.sign(d) },
      crypto,
    });
    const r3 = await answer({ req, cred: { sdJwt: impostor.sdJwt, holder, thumbprint: revoked.thumbprint } });
    expect(r3.body.code).toBe('untrusted_issuer');
    // (An unbound holder key is no longer refused: see unbound-holder.test.ts.)
    await expectNothingStored(req.id);
  });

  it('refuses expired requests, and keeps results from other agencies', async () => {
    const cred = await bound();
    const req = await openRequest();
    now += 10 * 60 * 1000 + 1;
    const late = await answer({ req, cred });
    expect([late.res.status, late.body.code]).toEqual([410, 'request_expired']);
    const ro = await fetchRequestObject(request, req.created.requestUri as string);
    expect(ro.res.status).toBe(410);
    expect(((await (await readResult(req.id)).json()) as { status: string }).status).toBe('expired');

    const fresh = await openRequest();
    expect((await answer({ req: fresh, cred })).res.status).toBe(200);
    const foreignPath = await readResult(fresh.id, RS, keys[BANK]!);
    expect([foreignPath.status, ((await foreignPath.json()) as { code: string }).code]).toEqual([403, 'agency_mismatch']);
    const foreignId = await readResult(fresh.id, BANK);
    expect([foreignId.status, ((await foreignId.json()) as { code: string }).code]).toEqual([404, 'not_found']);
    // Neither attempt consumed the values.
    expect(((await (await readResult(fresh.id)).json()) as { claims?: unknown }).claims).toBeDefined();
  });

  it('records a decline with a refused consent record from a bound holder', async () => {
    const cred = await bound();
    const req = await openRequest();
    const record = consentRecordFor(req.ro, { thumbprint: cred.thumbprint, dataItems: items(false, false), at: nowSeconds(), requestId: req.id, state: 'refused' });
    const res = await postResponse(request, req.ro.response_uri, {
      error: 'access_denied',
      state: req.ro.state,
      consent_record: await signConsent(record, cred.holder),
      holder_jwk: JSON.stringify(cred.holder.publicJwk),
    });
    expect(res.res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'declined', consentRecordId: record.recordId });
    const read = (await (await readResult(req.id)).json()) as { status: string; receipt: { eventId: string } };
    expect(read.status).toBe('declined');
    const event = (await t.store.accessEvents.get(read.receipt.eventId))!;
    expect(JSON.parse(event.body)).toMatchObject({ kind: 'presentation_declined', requestId: req.id });
    expect((await t.store.consents.get(record.recordId))?.state).toBe('refused');

    const plain = await openRequest();
    const r2 = await postResponse(request, plain.ro.response_uri, { error: 'access_denied', state: plain.ro.state });
    expect(r2.body).toEqual({ status: 'declined' });
  });
});
