// A request for two cards through app.request() (DCQL with credential_sets, OpenID4VP 1.0 §6.4.2): the hospital asks
// for the KTP-el (required) and the JKN-KIS card (optional set). Each card is bound to its own holder key, as in the
// Sahih wallet; each presentation's KB-JWT is checked against its own key, the consent record (signed by the first
// card's key) covers both, and the access event names every card. Bad answers and bad queries are refused by code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsentDataItem } from '../../shared/consent/record.js';
import type { Requester } from '../../test/support/issuance.js';
import { consentRecordFor, createRequest, fetchRequestObject, issueJkn, issueKtp, ORIGIN, postResponse, present, seededApp, signConsent, signedInCookie, type RequestObjectPayload } from '../../test/support/presentation.js';
import type { TestApp } from '../../test/support/test-app.js';

const RS = 'rsud-sehat-sentosa';
const vct = (type: string) => `${ORIGIN}/vct/${type}`;

const clock = { now: Date.UTC(2026, 0, 15, 3, 0, 0) };
let t: TestApp;
let keys: Record<string, string>;
let request: Requester;
let session: { cookie: string; accountId: string };
const nowSeconds = () => Math.floor(clock.now / 1000);

beforeEach(async () => {
  ({ t, keys, request } = await seededApp(clock));
  session = await signedInCookie(request);
});
afterEach(async () => t.close());

const twoCards = (sets: unknown = [{ options: [['ktp']] }, { options: [['jkn']], required: false }]) => ({
  purposeCode: 'patient_registration',
  retentionDays: 30,
  responseMode: 'poll',
  dcqlQuery: {
    credentials: [
      { id: 'ktp', format: 'dc+sd-jwt', meta: { vct_values: [vct('ktp-el')] }, claims: [{ id: 'nik', path: ['nik'] }, { id: 'name', path: ['name'] }] },
      { id: 'jkn', format: 'dc+sd-jwt', meta: { vct_values: [vct('kartu-jkn')] }, claims: [{ id: 'card', path: ['card_number'] }, { id: 'class', path: ['care_class'] }] },
    ],
    ...(sets ? { credential_sets: sets } : {}),
  },
});

async function openRequest(body: Record<string, unknown> = twoCards()) {
  const created = await createRequest(request, RS, keys[RS]!, body);
  expect(created.res.status, JSON.stringify(created.body)).toBe(201);
  const ro = await fetchRequestObject(request, created.body.requestUri as string);
  return { id: created.body.requestId as string, ro: ro.payload! };
}

const itemsFor = (jknShared: boolean): ConsentDataItem[] => [
  { credential: 'ktp', name: 'nik', required: true, shared: true },
  { credential: 'ktp', name: 'name', required: true, shared: true },
  { credential: 'jkn', name: 'card_number', required: true, shared: jknShared },
  { credential: 'jkn', name: 'care_class', required: true, shared: jknShared },
];

type Card = Awaited<ReturnType<typeof issueKtp>>;

async function answer(req: { id: string; ro: RequestObjectPayload }, cards: { ktp?: Card; jkn?: Card }, o: { signer?: Card; items?: ConsentDataItem[]; nonce?: string } = {}) {
  const vpToken: Record<string, string[]> = {};
  const at = { audience: req.ro.client_id, nonce: req.ro.nonce, issuedAt: nowSeconds() };
  if (cards.ktp) vpToken.ktp = [await present({ sdJwt: cards.ktp.sdJwt, holder: cards.ktp.holder, disclose: [['nik'], ['name']], ...at })];
  if (cards.jkn) vpToken.jkn = [await present({ sdJwt: cards.jkn.sdJwt, holder: cards.jkn.holder, disclose: [['card_number'], ['care_class']], ...at, nonce: o.nonce ?? at.nonce })];
  const signer = o.signer ?? cards.ktp ?? cards.jkn!;
  const record = consentRecordFor(req.ro, { thumbprint: signer.thumbprint, dataItems: o.items ?? itemsFor(cards.jkn !== undefined), at: nowSeconds(), requestId: req.id });
  const fields = { vp_token: JSON.stringify(vpToken), state: req.ro.state, consent_record: await signConsent(record, signer.holder) };
  return { ...(await postResponse(request, req.ro.response_uri, fields)), record };
}

const readResult = async (id: string) =>
  (await (await request(`/v1/agencies/${RS}/presentation-requests/${id}`, { headers: { authorization: `Bearer ${keys[RS]}` } })).json()) as Record<string, unknown> & { receipt: { eventId: string } };

describe('a request for several credentials', () => {
  it('accepts two cards bound to two holder keys, with one consent covering both and an access event naming each', async () => {
    const ktp = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds, cookie: session.cookie });
    const jkn = await issueJkn({ request, apiKey: keys['bpjs-kesehatan']!, nowSeconds, cookie: session.cookie });
    expect(ktp.thumbprint).not.toBe(jkn.thumbprint);
    const req = await openRequest();
    expect(req.ro.dcql_query).toMatchObject({ credential_sets: [{ options: [['ktp']] }, { options: [['jkn']], required: false }] });

    const res = await answer(req, { ktp, jkn });
    expect(res.res.status, JSON.stringify(res.body)).toBe(200);
    const result = await readResult(req.id);
    expect(result.claims).toEqual({ ktp: { nik: '3273015708900077', name: 'Kartika Wulandari Testdata' }, jkn: { card_number: '0001234567890', care_class: 'Kelas 2' } });
    const event = (await t.store.accessEvents.get(result.receipt.eventId))!;
    expect(event.accountId).toBe(session.accountId);
    expect(JSON.parse(event.body)).toMatchObject({
      subject: { holderKeyThumbprint: ktp.thumbprint },
      dataItems: ['nik', 'name', 'card_number', 'care_class'],
      details: { 'credential.ktp': vct('ktp-el'), 'holderKey.ktp': ktp.thumbprint, 'credential.jkn': vct('kartu-jkn'), 'holderKey.jkn': jkn.thumbprint },
    });
    expect(await t.store.consents.get(res.record.recordId)).toMatchObject({ accountId: session.accountId, holderThumbprint: ktp.thumbprint, state: 'active' });
  });

  it('accepts the required card alone when the other set is optional, and keeps a one-card event as before', async () => {
    const ktp = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds, cookie: session.cookie });
    const req = await openRequest();
    const res = await answer(req, { ktp });
    expect(res.res.status, JSON.stringify(res.body)).toBe(200);
    const event = (await t.store.accessEvents.get((await readResult(req.id)).receipt.eventId))!;
    expect(JSON.parse(event.body).details).toBeUndefined();
  });

  it('refuses an answer that leaves out a required card, a card with a wrong nonce, a wrong signer, and keys of two accounts', async () => {
    const ktp = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds, cookie: session.cookie });
    const jkn = await issueJkn({ request, apiKey: keys['bpjs-kesehatan']!, nowSeconds, cookie: session.cookie });
    const req = await openRequest();
    const code = (r: { res: Response; body: Record<string, unknown> }) => [r.res.status, r.body.code];
    expect(code(await answer(req, { jkn }))).toEqual([400, 'required_credential_missing']);
    // Each presentation's KB-JWT is checked on its own: the second card's nonce is wrong.
    expect(code(await answer(req, { ktp, jkn }, { nonce: 'another-nonce' }))).toEqual([400, 'kb_wrong_nonce']);
    // The consent record is signed by the first card's key, not the second's.
    expect(code(await answer(req, { ktp, jkn }, { signer: jkn }))).toEqual([400, 'consent_invalid']);
    // Data items without their credential query do not describe a two-card request.
    expect(code(await answer(req, { ktp, jkn }, { items: itemsFor(true).map(({ credential: _, ...rest }) => rest) }))).toEqual([400, 'consent_invalid']);
    const stranger = await signedInCookie(request);
    const otherJkn = await issueJkn({ request, apiKey: keys['bpjs-kesehatan']!, nowSeconds, cookie: stranger.cookie });
    expect(code(await answer(req, { ktp, jkn: otherJkn }))).toEqual([400, 'invalid_vp_token']);
    // Without credential_sets both cards are required.
    const plain = await openRequest(twoCards(null));
    expect(code(await answer(plain, { ktp }))).toEqual([400, 'required_credential_missing']);
    expect((await answer(req, { ktp, jkn })).res.status).toBe(200);
  });

  it('records a refusal of a two-card request, signed by the KTP key, with every item not shared', async () => {
    const ktp = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds, cookie: session.cookie });
    const req = await openRequest();
    const items = itemsFor(false).map((d) => ({ ...d, shared: false }));
    const record = consentRecordFor(req.ro, { thumbprint: ktp.thumbprint, dataItems: items, at: nowSeconds(), requestId: req.id, state: 'refused' });
    const fields = { error: 'access_denied', state: req.ro.state, consent_record: await signConsent(record, ktp.holder), holder_jwk: JSON.stringify(ktp.holder.publicJwk) };
    const res = await postResponse(request, req.ro.response_uri, fields);
    expect(res.res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'declined', consentRecordId: record.recordId });
  });

  it('refuses credential_sets that name an unknown query and a second card asking beyond the purpose', async () => {
    const bad = await createRequest(request, RS, keys[RS]!, twoCards([{ options: [['ktp', 'passport']] }]));
    expect([bad.res.status, bad.body.code]).toEqual([400, 'invalid_request']);
    const beyond = twoCards();
    beyond.dcqlQuery.credentials[1]!.claims.push({ id: 'type', path: ['participant_type'] });
    const refused = await createRequest(request, RS, keys[RS]!, beyond);
    expect([refused.res.status, refused.body.code]).toEqual([403, 'claims_outside_purpose']);
  });
});
