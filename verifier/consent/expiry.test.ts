// Expired consent blocks like a withdrawn one (issue 16), through app.request() with a frozen clock and real SQLite:
// after the retention ends, POST /v1/verify and the result read are refused with the same status and code as after a
// withdrawal, before and after the sweep; a purpose with 0 days' retention stays deliverable within its result window
// (poll and webhook), and the poll read is refused after it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { citizenInit, citizenWithKtp, consentWorld, nextRecord, registerWebhookFor, RS, shareWithHospital, webhookReceiver, type ConsentWorld, type Holder } from '../../test/support/consent.js';
import { jsonInit } from '../../test/support/issuance.js';
import { crypto, present } from '../../test/support/presentation.js';
import { TEST_KEK } from '../../test/support/test-app.js';
import { RESULT_TTL_MS } from '../presentation/response.js';
import { createSealer } from '../registry/sealer.js';
import { deliverDue } from '../webhooks/deliver.js';
import { RESULT_VALUES_TTL_MS } from '../webhooks/enqueue.js';
import { expireConsents } from './expiry.js';

const DAY = 24 * 3600 * 1000;
const KTP_VALUES = { 'ktp-el': { nik: '3273015708900077', name: 'Kartika Wulandari Testdata' } };

let w: ConsentWorld;
let siti: Holder;

beforeEach(async () => {
  w = await consentWorld();
  siti = await citizenWithKtp(w);
});
afterEach(async () => w.t.close());

async function directVerify(h: Holder) {
  const AUD = 'https://rsud.example/loket';
  const presentation = await present({ sdJwt: h.cred.sdJwt, holder: h.cred.holder, disclose: [['nik'], ['name']], audience: AUD, nonce: 'n-1', issuedAt: w.nowSeconds() });
  const res = await w.request('/v1/verify', jsonInit({ presentation, nonce: 'n-1', audience: AUD, purposeCode: 'patient_registration' }, { authorization: `Bearer ${w.keys[RS]}` }));
  const body = (await res.json()) as { code?: string; valid?: boolean };
  return { status: res.status, code: body.code, valid: body.valid };
}

async function readResult(requestId: string) {
  const res = await w.request(`/v1/agencies/${RS}/presentation-requests/${requestId}`, { headers: { authorization: `Bearer ${w.keys[RS]}` } });
  const body = (await res.json()) as { code?: string; claims?: unknown };
  return { status: res.status, code: body.code, claims: body.claims };
}

const sweep = () => expireConsents({ store: w.t.store, log: w.t.transparency.log, crypto, now: () => w.clock.now });
const refused = { status: 403, code: 'consent_not_active' };

describe('expired consent', () => {
  it('blocks verify and result reads exactly as a withdrawn one does, before and after the sweep', async () => {
    // The reference: what a withdrawal answers.
    const other = await citizenWithKtp(w, 'Budi');
    const withdrawnShare = await shareWithHospital(w, other);
    const next = await nextRecord(withdrawnShare.jws, 'withdrawn', other.cred.holder, w.nowSeconds());
    const res = await w.request(`/v1/me/consents/${withdrawnShare.consentId}/withdraw`, citizenInit(other.citizen, { record: next.jws }));
    expect(res.status).toBe(200);
    expect(await directVerify(other)).toMatchObject(refused);
    expect(await readResult(withdrawnShare.requestId)).toMatchObject(refused);

    const shared = await shareWithHospital(w, siti);
    w.clock.now += 30 * DAY - 1;
    expect(await directVerify(siti)).toMatchObject({ status: 200, valid: true });

    // At the end of the retention, not yet swept: the effective state already refuses.
    w.clock.now += 1;
    expect(await directVerify(siti)).toMatchObject(refused);
    expect(await readResult(shared.requestId)).toMatchObject(refused);

    expect(await sweep()).toBe(1);
    expect((await w.t.store.consents.get(shared.consentId))!.state).toBe('expired');
    expect(await directVerify(siti)).toMatchObject(refused);
    expect(await readResult(shared.requestId)).toMatchObject(refused);
    // Refusing consumed nothing: the sealed values stay for the TTL purge.
    expect((await w.t.store.presentationRequests.get(shared.requestId))!.resultSealed).not.toBeNull();
  });

  it('with 0 days\' retention, the poll result is deliverable until its window closes, then refused', async () => {
    const shared = await shareWithHospital(w, siti, 'poll', { retentionDays: 0 });
    expect((await w.t.store.consents.get(shared.consentId))!.expiresAt).toBe(w.clock.now + RESULT_TTL_MS);
    w.clock.now += RESULT_TTL_MS - 1;
    expect(await readResult(shared.requestId)).toMatchObject({ status: 200, claims: KTP_VALUES });

    const late = await shareWithHospital(w, siti, 'poll', { retentionDays: 0 });
    w.clock.now += RESULT_TTL_MS;
    expect(await readResult(late.requestId)).toMatchObject(refused);
    expect(await directVerify(siti)).toMatchObject(refused);
  });

  it('with 0 days\' retention, the webhook result is still delivered at the end of its window', async () => {
    const receiver = await webhookReceiver();
    const deliver = () => deliverDue({ store: w.t.store, sealer: createSealer(TEST_KEK), now: () => w.clock.now, fetch: globalThis.fetch, log: w.t.transparency.log });
    try {
      await registerWebhookFor(w, RS, receiver.url);
      const shared = await shareWithHospital(w, siti, 'webhook', { retentionDays: 0 });
      expect((await w.t.store.consents.get(shared.consentId))!.expiresAt).toBe(w.clock.now + RESULT_VALUES_TTL_MS);
      w.clock.now += RESULT_VALUES_TTL_MS - 1;
      expect(await deliver()).toMatchObject({ delivered: 1 });
      expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: 'presentation.result', data: { requestId: shared.requestId, claims: KTP_VALUES } });
    } finally {
      await receiver.close();
    }
  });
});
