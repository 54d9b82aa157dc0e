// Agency webhooks through app.request() and a real receiver on 127.0.0.1: registration (operator or agency, secret
// shown once and sealed at rest), Standard Webhooks signatures, retries with exponential backoff after 500s, 410 Gone
// stops, idempotency by event id, and presentation results delivered once by webhook with the values then deleted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { citizenWithKtp, consentWorld, registerWebhookFor, RS, BANK, shareWithHospital, webhookReceiver, type ConsentWorld } from '../../test/support/consent.js';
import { jsonInit } from '../../test/support/issuance.js';
import { createRequest } from '../../test/support/presentation.js';
import { TEST_ADMIN_TOKEN, TEST_KEK } from '../../test/support/test-app.js';
import { createSealer } from '../registry/sealer.js';
import { backoffMs, deliverDue } from './deliver.js';
import { enqueueWebhook } from './enqueue.js';
import { guardedFetch } from './guarded-fetch.js';
import { verifyWebhookSignature } from './signature.js';

let w: ConsentWorld;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;

beforeEach(async () => {
  w = await consentWorld();
  receiver = await webhookReceiver();
});
afterEach(async () => {
  await receiver.close();
  await w.t.close();
});

const sealer = createSealer(TEST_KEK);
const deliver = () => deliverDue({ store: w.t.store, sealer, now: () => w.clock.now, fetch: globalThis.fetch, log: w.t.transparency.log });
const enqueue = (id: string, agencyId = RS) =>
  w.t.store.transaction((tx) => enqueueWebhook(tx, { id, agencyId, type: 'consent.withdrawn', at: w.clock.now, data: { consentId: 'c-1' } }));
const put = (agencyId: string, body: unknown, auth: string, prefix = '/v1/agencies') =>
  w.request(`${prefix}/${agencyId}/webhook`, { ...jsonInit(body, { authorization: `Bearer ${auth}` }), method: 'PUT' });
const codeOf = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];

describe('agency webhook registration', () => {
  it('registers by agency or operator, shows the secret once, keeps it sealed, and refuses bad input', async () => {
    const first = await registerWebhookFor(w, RS, 'https://rs.example/hooks/sahih');
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('cache-control')).toBe('no-store');
    expect(first.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(first.body.webhook).toMatchObject({ agencyId: RS, url: 'https://rs.example/hooks/sahih' });
    const shown = await w.request(`/v1/agencies/${RS}/webhook`, { headers: { authorization: `Bearer ${w.keys[RS]}` } });
    const shownBody = (await shown.json()) as Record<string, unknown>;
    expect(shownBody).toMatchObject({ url: 'https://rs.example/hooks/sahih' });
    expect(JSON.stringify(shownBody)).not.toContain('whsec_');
    const byAdmin = await registerWebhookFor(w, RS, receiver.url, 'admin');
    expect(byAdmin.res.status).toBe(200);
    expect(byAdmin.body.secret).not.toBe(first.body.secret);
    expect((await w.t.store.agencyWebhooks.get(RS))!.url).toBe(receiver.url);
    // Sealed at rest: the database never holds the secret.
    expect((await w.t.databaseBytes()).includes(Buffer.from(byAdmin.body.secret.slice(6)))).toBe(false);

    expect(await codeOf(await put(RS, { url: 'http://rs.example/hook' }, w.keys[RS]!))).toEqual([400, 'webhook_url_not_allowed']);
    expect(await codeOf(await put(RS, { url: 'ftp://rs.example/hook' }, w.keys[RS]!))).toEqual([400, 'webhook_url_not_allowed']);
    expect(await codeOf(await put(RS, { url: 'https://user:pw@rs.example/hook' }, w.keys[RS]!))).toEqual([400, 'invalid_request']);
    expect(await codeOf(await put(RS, { url: 'not a url' }, w.keys[RS]!))).toEqual([400, 'invalid_request']);
    expect(await codeOf(await put(RS, {}, w.keys[RS]!))).toEqual([400, 'invalid_request']);
    expect(await codeOf(await w.request(`/v1/agencies/${RS}/webhook`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${w.keys[RS]}` }, body: '{"url":' }))).toEqual([400, 'malformed_body']);
    expect(await codeOf(await put(RS, { url: 'https://x.example' }, w.keys[BANK]!))).toEqual([403, 'agency_mismatch']);
    expect(await codeOf(await put(RS, { url: 'https://x.example' }, 'wrong', '/v1/admin/agencies'))).toEqual([401, 'unauthenticated']);
    expect(await codeOf(await put('no-such-agency', { url: 'https://x.example' }, TEST_ADMIN_TOKEN, '/v1/admin/agencies'))).toEqual([404, 'not_found']);
    expect((await put(RS, { url: 'http://localhost:8080/hook' }, w.keys[RS]!)).status).toBe(200);

    const removed = await w.request(`/v1/agencies/${RS}/webhook`, { method: 'DELETE', headers: { authorization: `Bearer ${w.keys[RS]}` } });
    expect(removed.status).toBe(204);
    expect(await codeOf(await w.request(`/v1/agencies/${RS}/webhook`, { headers: { authorization: `Bearer ${w.keys[RS]}` } }))).toEqual([409, 'webhook_not_registered']);
    expect(await codeOf(await w.request(`/v1/admin/agencies/${RS}/webhook`, { method: 'DELETE', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } }))).toEqual([409, 'webhook_not_registered']);
  });
});

describe('webhook delivery', () => {
  it('signs each attempt, retries 500s with exponential backoff, and delivers once', async () => {
    const { secret } = (await registerWebhookFor(w, RS, receiver.url)).body;
    expect(await enqueue('evt-1')).toBe(true);
    // Idempotent by id: the same event queued again is not a second delivery.
    expect(await enqueue('evt-1')).toBe(false);
    receiver.status.code = 500;
    const start = w.clock.now;
    expect(await deliver()).toEqual({ delivered: 0, retried: 1, ended: 0 });
    expect(await w.t.store.webhookDeliveries.get('evt-1')).toMatchObject({ attempts: 1, nextAttemptAt: start + 30_000, lastError: 'HTTP 500' });
    w.clock.now = start + 29_999;
    expect(await deliver()).toEqual({ delivered: 0, retried: 0, ended: 0 });
    w.clock.now = start + 30_000;
    expect(await deliver()).toMatchObject({ retried: 1 });
    expect((await w.t.store.webhookDeliveries.get('evt-1'))!.nextAttemptAt).toBe(start + 30_000 + 60_000);
    w.clock.now = start + 90_000;
    receiver.status.code = 204;
    expect(await deliver()).toEqual({ delivered: 1, retried: 0, ended: 0 });
    w.clock.now += 3600_000;
    expect(await deliver()).toEqual({ delivered: 0, retried: 0, ended: 0 });

    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set(['evt-1']));
    for (const r of receiver.received) {
      expect(verifyWebhookSignature({ secret, id: 'evt-1', timestamp: r.headers['webhook-timestamp']!, body: r.body, signatureHeader: r.headers['webhook-signature']!, nowSeconds: Number(r.headers['webhook-timestamp']) })).toBe(true);
    }
    expect(receiver.received.map((r) => Number(r.headers['webhook-timestamp']))).toEqual([start, start + 30_000, start + 90_000].map((ms) => Math.floor(ms / 1000)));
    expect(await w.t.store.webhookDeliveries.get('evt-1')).toMatchObject({ attempts: 3, deliveredAt: start + 90_000, nextAttemptAt: null, lastError: null });
    const listed = await w.request(`/v1/agencies/${RS}/webhook/deliveries`, { headers: { authorization: `Bearer ${w.keys[RS]}` } });
    expect(((await listed.json()) as { deliveries: unknown[] }).deliveries).toEqual([expect.objectContaining({ id: 'evt-1', status: 'delivered', attempts: 3 })]);
  });

  it('stops on 410 Gone, gives up after the retry window, and ends deliveries with no endpoint', async () => {
    await registerWebhookFor(w, RS, receiver.url);
    await enqueue('gone');
    receiver.status.code = 410;
    expect(await deliver()).toEqual({ delivered: 0, retried: 0, ended: 1 });
    w.clock.now += 86_400_000;
    expect(await deliver()).toEqual({ delivered: 0, retried: 0, ended: 0 });
    expect(receiver.received).toHaveLength(1);
    expect((await w.t.store.webhookDeliveries.get('gone'))!.lastError).toContain('410');

    expect([1, 2, 3, 9, 10, 20].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 7_680_000, 4 * 3600_000, 4 * 3600_000]);
    receiver.status.code = 503;
    await enqueue('flaky');
    const start = w.clock.now;
    let attempts = 0;
    for (;;) {
      const run = await deliver();
      if (run.retried + run.ended > 0) attempts += 1;
      const d = (await w.t.store.webhookDeliveries.get('flaky'))!;
      if (d.nextAttemptAt === null) break;
      w.clock.now = d.nextAttemptAt;
    }
    const flaky = (await w.t.store.webhookDeliveries.get('flaky'))!;
    expect(flaky.endedAt).not.toBeNull();
    expect(flaky.endedAt! - start).toBeLessThanOrEqual(24 * 3600_000);
    expect(attempts).toBe(flaky.attempts);
    expect(flaky.attempts).toBeGreaterThan(8);

    await enqueue('orphan');
    await w.t.store.agencyWebhooks.delete(RS);
    expect(await deliver()).toMatchObject({ ended: 1 });
    expect((await w.t.store.webhookDeliveries.get('orphan'))!.lastError).toBe('no webhook registered');
  });

  it('ends, without sending, a delivery whose endpoint is on the service\'s own network (the service default)', async () => {
    await registerWebhookFor(w, RS, receiver.url);
    await enqueue('inside');
    const guarded = await deliverDue({ store: w.t.store, sealer, now: () => w.clock.now, fetch: guardedFetch(), log: w.t.transparency.log });
    expect(guarded).toEqual({ delivered: 0, retried: 0, ended: 1 });
    expect(receiver.received).toHaveLength(0);
    expect((await w.t.store.webhookDeliveries.get('inside'))!.lastError).toBe('the webhook host is not on the public internet');
  });

  it('queues nothing for an agency without a webhook', async () => {
    expect(await enqueue('none', BANK)).toBe(false);
    expect(await w.t.store.webhookDeliveries.get('none')).toBeUndefined();
  });
});

describe('presentation results by webhook', () => {
  it('needs a registered webhook, delivers the result once with the values, then deletes them', async () => {
    const siti = await citizenWithKtp(w);
    const refused = await createRequest(w.request, RS, w.keys[RS]!, { purposeCode: 'patient_registration', credentialType: 'ktp-el', retentionDays: 30, responseMode: 'webhook' });
    expect([refused.res.status, refused.body.code]).toEqual([409, 'webhook_not_registered']);
    const { secret } = (await registerWebhookFor(w, RS, receiver.url)).body;
    const shared = await shareWithHospital(w, siti, 'webhook');

    // The values wait sealed in the delivery, not in the request: a poll gives the status and the receipt only.
    const poll = (await (await w.request(`/v1/agencies/${RS}/presentation-requests/${shared.requestId}`, { headers: { authorization: `Bearer ${w.keys[RS]}` } })).json()) as Record<string, unknown>;
    expect(poll).toMatchObject({ status: 'shared', verdict: 'valid', consentRecordId: shared.consentId });
    expect(poll.claims).toBeUndefined();
    const [queued] = await w.t.store.webhookDeliveries.listForAgency(RS, 10);
    expect(queued).toMatchObject({ type: 'presentation.result', id: (poll.receipt as { eventId: string }).eventId });
    expect(queued!.sealed).not.toBeNull();
    expect(queued!.payload).not.toContain('3273015708900077');

    expect(await deliver()).toMatchObject({ delivered: 1 });
    const hook = receiver.received[0]!;
    expect(verifyWebhookSignature({ secret, id: queued!.id, timestamp: hook.headers['webhook-timestamp']!, body: hook.body, signatureHeader: hook.headers['webhook-signature']!, nowSeconds: w.nowSeconds() })).toBe(true);
    const body = JSON.parse(hook.body) as { type: string; data: Record<string, unknown> };
    expect(body.type).toBe('presentation.result');
    expect(body.data).toMatchObject({
      requestId: shared.requestId,
      status: 'shared',
      verdict: 'valid',
      purposeCode: 'patient_registration',
      consentRecordId: shared.consentId,
      claims: { 'ktp-el': { nik: '3273015708900077', name: 'Kartika Wulandari Testdata' } },
      receipt: poll.receipt,
    });
    expect((await w.t.store.webhookDeliveries.get(queued!.id))!.sealed).toBeNull();
    expect(await deliver()).toMatchObject({ delivered: 0 });
    expect(receiver.received).toHaveLength(1);
  });

  it('deletes undelivered values after their TTL, and withholds them once the consent is withdrawn', async () => {
    const siti = await citizenWithKtp(w);
    await registerWebhookFor(w, RS, receiver.url);
    receiver.status.code = 500;
    await shareWithHospital(w, siti, 'webhook');
    expect(await deliver()).toMatchObject({ retried: 1 });
    w.clock.now += 3600_000;
    expect(await deliver()).toMatchObject({ ended: 1 });
    const [first] = await w.t.store.webhookDeliveries.listForAgency(RS, 10);
    expect(first).toMatchObject({ sealed: null, lastError: 'expired before delivery' });

    const second = await shareWithHospital(w, siti, 'webhook');
    await w.t.store.consents.setState(second.consentId, 'withdrawn', w.clock.now);
    receiver.status.code = 200;
    expect(await deliver()).toMatchObject({ ended: 1, delivered: 0 });
    const [latest] = await w.t.store.webhookDeliveries.listForAgency(RS, 1);
    expect(latest).toMatchObject({ sealed: null, lastError: 'consent_not_active' });
    expect(receiver.received).toHaveLength(1);
  });
});
