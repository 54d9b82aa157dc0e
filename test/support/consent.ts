// Helpers for consent-control and webhook tests: a seeded app with a frozen clock, a signed-in citizen holding a bound
// KTP-el, a shared presentation to the hospital (poll or webhook), the next signed record of a consent's chain, and a
// local webhook receiver on 127.0.0.1 that records what it gets and answers with a status the test sets.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nextConsentRecord, type ConsentRecord, type ConsentState } from '../../shared/consent/record.js';
import { consentRecordHash, signConsentRecord } from '../../shared/consent/sign.js';
import { decodeBase64urlJson } from '../../shared/encoding/base64url.js';
import { seedDemo } from '../../verifier/registry/demo-seed.js';
import { registryDepsFrom } from '../../verifier/routes/deps.js';
import { registerCitizen, type Citizen } from './citizen.js';
import { jsonInit, type HolderKey, type Requester } from './issuance.js';
import { consentRecordFor, createRequest, crypto, fetchRequestObject, issueKtp, ORIGIN, postResponse, present, signConsent } from './presentation.js';
import { createTestApp, TEST_ADMIN_TOKEN, TEST_KEK, type TestApp } from './test-app.js';

export const RS = 'rsud-sehat-sentosa';
export const BANK = 'bank-nusantara';

export interface ConsentWorld {
  t: TestApp;
  clock: { now: number };
  keys: Record<string, string>;
  request: Requester;
  nowSeconds: () => number;
}

export async function consentWorld(): Promise<ConsentWorld> {
  const clock = { now: Date.UTC(2026, 0, 15, 3, 0, 0) };
  // The webhook receivers here listen on 127.0.0.1, which only an operator allowing private networks may register.
  const t = await createTestApp({ now: () => clock.now, config: { webhookAllowPrivateNetworks: true } });
  const keys = await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store, now: () => clock.now }).ctx);
  return { t, clock, keys, request: async (path, init) => t.app.request(path, init), nowSeconds: () => Math.floor(clock.now / 1000) };
}

export interface Holder {
  citizen: Citizen;
  cred: { sdJwt: string; holder: HolderKey; thumbprint: string };
}

export async function citizenWithKtp(w: ConsentWorld, name = 'Siti'): Promise<Holder> {
  const citizen = await registerCitizen(w.request, name);
  const cred = await issueKtp({ request: w.request, apiKey: w.keys.dukcapil!, nowSeconds: w.nowSeconds, cookie: citizen.cookie });
  return { citizen, cred };
}

/**
 * The hospital asks for nik and name (30 days' retention unless given; its own reference when `agencyRef`) and the
 * citizen shares them; the result stays unread.
 */
export async function shareWithHospital(w: ConsentWorld, h: Holder, responseMode: 'poll' | 'webhook' = 'poll', options: { retentionDays?: number; agencyRef?: string } = {}) {
  const created = await createRequest(w.request, RS, w.keys[RS]!, {
    purposeCode: 'patient_registration',
    credentialType: 'ktp-el',
    claims: [
      { path: ['nik'], required: true },
      { path: ['name'], required: true },
    ],
    retentionDays: options.retentionDays ?? 30,
    responseMode,
    ...(options.agencyRef === undefined ? {} : { agencyRef: options.agencyRef }),
  });
  if (created.res.status !== 201) throw new Error(`request failed: ${created.res.status} ${JSON.stringify(created.body)}`);
  const requestId = created.body.requestId as string;
  const ro = (await fetchRequestObject(w.request, created.body.requestUri as string)).payload!;
  const presentation = await present({ sdJwt: h.cred.sdJwt, holder: h.cred.holder, disclose: [['nik'], ['name']], audience: ro.client_id, nonce: ro.nonce, issuedAt: w.nowSeconds() });
  const dataItems = [
    { name: 'nik', required: true, shared: true },
    { name: 'name', required: true, shared: true },
  ];
  const record = consentRecordFor(ro, { thumbprint: h.cred.thumbprint, dataItems, at: w.nowSeconds(), requestId });
  const jws = await signConsent(record, h.cred.holder);
  const answered = await postResponse(w.request, ro.response_uri, { vp_token: JSON.stringify({ 'ktp-el': [presentation] }), state: ro.state, consent_record: jws });
  if (answered.res.status !== 200) throw new Error(`answer failed: ${answered.res.status} ${JSON.stringify(answered.body)}`);
  return { requestId, consentId: record.recordId, record, jws, presentation, ro };
}

/** What the wallet does for a change: nextConsentRecord from the current signed record, signed by the holder key. */
export async function nextRecord(currentJws: string, state: ConsentState, holder: HolderKey, atSeconds: number, tweak?: (r: ConsentRecord) => ConsentRecord) {
  const previous = decodeBase64urlJson(currentJws.split('.')[1]!) as ConsentRecord;
  let next = nextConsentRecord({ previous, previousSha256: await consentRecordHash(currentJws, crypto), state, at: atSeconds, recordId: randomUUID() });
  if (tweak) next = tweak(next);
  return { record: next, jws: await signConsentRecord(next, holder.signer) };
}

export function citizenInit(citizen: Citizen, body: unknown, extra: Record<string, string> = {}): RequestInit {
  return jsonInit(body, { cookie: citizen.cookie, origin: ORIGIN, 'x-sahih-csrf': citizen.csrf, ...extra });
}

export async function registerWebhookFor(w: ConsentWorld, agencyId: string, url: string, via: 'agency' | 'admin' = 'agency') {
  const path = via === 'agency' ? `/v1/agencies/${agencyId}/webhook` : `/v1/admin/agencies/${agencyId}/webhook`;
  const auth = via === 'agency' ? w.keys[agencyId]! : TEST_ADMIN_TOKEN;
  const res = await w.request(path, { ...jsonInit({ url }, { authorization: `Bearer ${auth}` }), method: 'PUT' });
  return { res, body: (await res.json()) as { secret: string; webhook: { url: string }; code?: string } };
}

export interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A webhook receiver on 127.0.0.1: records every request, answers with `status` (settable between calls). */
export async function webhookReceiver(): Promise<{ url: string; received: Received[]; status: { code: number }; close(): Promise<void> }> {
  const received: Received[] = [];
  const status = { code: 200 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status.code).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/sahih`,
    received,
    status,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
