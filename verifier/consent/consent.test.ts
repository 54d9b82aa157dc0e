// Consent control through app.request() with a frozen clock and real SQLite: a citizen withdraws, pauses and resumes
// a consent with the next holder-signed record; the change is logged, the agency is told by a signed webhook (a real
// receiver on 127.0.0.1) and later verifications and result reads under that consent are refused; expiry is swept;
// forged, unsigned, stale and impossible changes, other citizens and other agencies are refused with their codes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonInit } from '../../test/support/issuance.js';
import {
  BANK,
  citizenInit,
  citizenWithKtp,
  consentWorld,
  nextRecord,
  registerWebhookFor,
  RS,
  shareWithHospital,
  webhookReceiver,
  type ConsentWorld,
  type Holder,
} from '../../test/support/consent.js';
import { holderKey } from '../../test/support/issuance.js';
import { crypto, present } from '../../test/support/presentation.js';
import { deliverDue } from '../webhooks/deliver.js';
import { verifyWebhookSignature } from '../webhooks/signature.js';
import { createSealer } from '../registry/sealer.js';
import { TEST_KEK } from '../../test/support/test-app.js';
import { changeConsent } from './control.js';
import { expireConsents } from './expiry.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

let w: ConsentWorld;
let siti: Holder;

beforeEach(async () => {
  w = await consentWorld();
  siti = await citizenWithKtp(w);
});
afterEach(async () => w.t.close());

const deliver = () =>
  deliverDue({ store: w.t.store, sealer: createSealer(TEST_KEK), now: () => w.clock.now, fetch: globalThis.fetch, log: w.t.transparency.log });

async function change(h: Holder, consentId: string, action: 'withdraw' | 'pause' | 'resume', body: unknown) {
  const res = await w.request(`/v1/me/consents/${consentId}/${action}`, citizenInit(h.citizen, body));
  return { res, body: (await res.json()) as Record<string, unknown> & { code?: string } };
}

async function currentJws(consentId: string) {
  return (await w.t.store.consents.get(consentId))!.currentRecordJws;
}

async function signedChange(h: Holder, consentId: string, state: 'withdrawn' | 'paused' | 'active') {
  return (await nextRecord(await currentJws(consentId), state, h.cred.holder, w.nowSeconds())).jws;
}

const readResult = (requestId: string, agency = RS) =>
  w.request(`/v1/agencies/${agency}/presentation-requests/${requestId}`, { headers: { authorization: `Bearer ${w.keys[agency]}` } });

async function directVerify(h: Holder) {
  const AUD = 'https://rsud.example/loket';
  const presentation = await present({ sdJwt: h.cred.sdJwt, holder: h.cred.holder, disclose: [['nik'], ['name']], audience: AUD, nonce: 'n-1', issuedAt: w.nowSeconds() });
  const res = await w.request('/v1/verify', jsonInit({ presentation, nonce: 'n-1', audience: AUD, purposeCode: 'patient_registration' }, { authorization: `Bearer ${w.keys[RS]}` }));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('consent control', () => {
  it('withdrawal end to end: logged, the agency webhook fires signed, and verify and result reads are refused', async () => {
    const receiver = await webhookReceiver();
    try {
      const { secret } = (await registerWebhookFor(w, RS, receiver.url)).body;
      const shared = await shareWithHospital(w, siti);
      expect((await directVerify(siti)).body.valid).toBe(true);

      // The citizen sees the consent with its current record and what they may do.
      const list = await w.request('/v1/me/consents', { headers: { cookie: siti.citizen.cookie } });
      const listed = ((await list.json()) as { consents: Record<string, unknown>[] }).consents;
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        id: shared.consentId,
        currentRecordId: shared.consentId,
        agency: { id: RS },
        purpose: { code: 'patient_registration' },
        state: 'active',
        expiresAt: new Date(w.clock.now + 30 * DAY).toISOString(),
        actionDueAt: null,
        actions: ['withdraw', 'pause'],
        record: shared.jws,
      });

      w.clock.now += 60_000;
      const next = await nextRecord(shared.jws, 'withdrawn', siti.cred.holder, w.nowSeconds());
      const res = await change(siti, shared.consentId, 'withdraw', { record: next.jws });
      expect(res.res.status).toBe(200);
      const dueAt = new Date(w.clock.now + 3 * DAY).toISOString();
      expect(res.body).toMatchObject({ actionDueAt: dueAt, consent: { state: 'withdrawn', currentRecordId: next.record.recordId, actionDueAt: dueAt, overdue: false, actions: [], record: next.jws } });
      const receipt = res.body.receipt as { eventId: string; leafIndex: number };
      const event = (await w.t.store.accessEvents.get(receipt.eventId))!;
      expect(event.accountId).toBe(siti.citizen.accountId);
      expect(JSON.parse(event.body)).toMatchObject({ kind: 'consent_withdrawn', agency: { id: RS }, consentRecordId: next.record.recordId, requestId: shared.requestId, details: { consentId: shared.consentId, actionDueAt: dueAt } });
      expect(await w.t.store.consents.changes(shared.consentId)).toMatchObject([{ recordId: next.record.recordId, state: 'withdrawn', recordJws: next.jws, accessEventId: receipt.eventId }]);

      // The webhook: queued in the same transaction, id = the event id, signed in the Standard Webhooks scheme.
      expect(await deliver()).toEqual({ delivered: 1, retried: 0, ended: 0 });
      expect(receiver.received).toHaveLength(1);
      const hook = receiver.received[0]!;
      expect(hook.headers['webhook-id']).toBe(receipt.eventId);
      expect(hook.headers['webhook-timestamp']).toBe(String(w.nowSeconds()));
      expect(hook.headers['content-type']).toBe('application/json');
      expect(verifyWebhookSignature({ secret, id: receipt.eventId, timestamp: hook.headers['webhook-timestamp']!, body: hook.body, signatureHeader: hook.headers['webhook-signature']!, nowSeconds: w.nowSeconds() })).toBe(true);
      expect(verifyWebhookSignature({ secret, id: receipt.eventId, timestamp: hook.headers['webhook-timestamp']!, body: `${hook.body} `, signatureHeader: hook.headers['webhook-signature']!, nowSeconds: w.nowSeconds() })).toBe(false);
      const payload = JSON.parse(hook.body) as { type: string; timestamp: string; data: Record<string, unknown> & { receipt: { leafIndex: number } } };
      expect(payload).toMatchObject({
        type: 'consent.withdrawn',
        timestamp: new Date(w.clock.now).toISOString(),
        data: {
          consentId: shared.consentId,
          recordId: next.record.recordId,
          requestId: shared.requestId,
          purposeCode: 'patient_registration',
          holderKeyThumbprint: siti.cred.thumbprint,
          previousState: 'active',
          state: 'withdrawn',
          actionDueAt: dueAt,
          eventId: receipt.eventId,
        },
      });
      expect(payload.data.receipt.leafIndex).toBe(receipt.leafIndex);
      expect(hook.body).not.toContain('3273015708900077');

      // Later reliance on the consent is refused with a code.
      expect(await directVerify(siti)).toMatchObject({ status: 403, body: { code: 'consent_not_active' } });
      const read = await readResult(shared.requestId);
      expect([read.status, ((await read.json()) as { code: string }).code]).toEqual([403, 'consent_not_active']);
      // And nothing consumed the sealed values: they stay until the TTL purge deletes them.
      expect((await w.t.store.presentationRequests.get(shared.requestId))!.resultSealed).not.toBeNull();

      // A withdrawn consent cannot come back.
      const resume = await change(siti, shared.consentId, 'resume', { record: 'x'.repeat(20) });
      expect([resume.res.status, resume.body.code]).toEqual([409, 'consent_transition_invalid']);

      // The agency sees the pending withdrawal with its deadline, and acknowledges it once.
      const pending = await w.request(`/v1/agencies/${RS}/consents?state=withdrawn&pending=true`, { headers: { authorization: `Bearer ${w.keys[RS]}` } });
      const pendingBody = (await pending.json()) as { consents: Record<string, unknown>[] };
      expect(pendingBody.consents).toEqual([expect.objectContaining({ id: shared.consentId, state: 'withdrawn', actionDueAt: dueAt, acknowledgedAt: null, overdue: false, holderKeyThumbprint: siti.cred.thumbprint })]);
      expect(JSON.stringify(pendingBody)).not.toContain(siti.citizen.accountId);
      w.clock.now += 3 * DAY + 1;
      const overdue = (await (await w.request(`/v1/agencies/${RS}/consents?state=withdrawn`, { headers: { authorization: `Bearer ${w.keys[RS]}` } })).json()) as { consents: { overdue: boolean }[] };
      expect(overdue.consents[0]!.overdue).toBe(true);
      const ack = await w.request(`/v1/agencies/${RS}/consents/${shared.consentId}/acknowledge`, { method: 'POST', headers: { authorization: `Bearer ${w.keys[RS]}` } });
      expect(ack.status).toBe(200);
      expect(await ack.json()).toMatchObject({ acknowledgedAt: new Date(w.clock.now).toISOString(), overdue: false });
      const again = await w.request(`/v1/agencies/${RS}/consents/${shared.consentId}/acknowledge`, { method: 'POST', headers: { authorization: `Bearer ${w.keys[RS]}` } });
      expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([409, 'conflict']);
      const none = (await (await w.request(`/v1/agencies/${RS}/consents?pending=true`, { headers: { authorization: `Bearer ${w.keys[RS]}` } })).json()) as { consents: unknown[] };
      expect(none.consents).toEqual([]);

    } finally {
      await receiver.close();
    }
  });

  it('pause refuses, resume restores; each change chains to the one before', async () => {
    const shared = await shareWithHospital(w, siti);
    w.clock.now += 1000;
    const paused = await change(siti, shared.consentId, 'pause', { record: await signedChange(siti, shared.consentId, 'paused') });
    expect(paused.res.status).toBe(200);
    expect(paused.body.consent).toMatchObject({ state: 'paused', actions: ['withdraw', 'resume'] });
    expect(await directVerify(siti)).toMatchObject({ status: 403, body: { code: 'consent_not_active' } });
    expect((await readResult(shared.requestId)).status).toBe(403);

    w.clock.now += 1000;
    const resumed = await change(siti, shared.consentId, 'resume', { record: await signedChange(siti, shared.consentId, 'active') });
    expect(resumed.res.status).toBe(200);
    expect(resumed.body.consent).toMatchObject({ state: 'active', actions: ['withdraw', 'pause'] });
    const read = (await (await readResult(shared.requestId)).json()) as { claims?: unknown };
    expect(read.claims).toEqual({ 'ktp-el': { nik: '3273015708900077', name: 'Kartika Wulandari Testdata' } });
    expect((await directVerify(siti)).body.valid).toBe(true);

    const kinds = [];
    for (const c of await w.t.store.consents.changes(shared.consentId)) kinds.push(JSON.parse((await w.t.store.accessEvents.get(c.accessEventId))!.body).kind);
    expect(kinds).toEqual(['consent_paused', 'consent_resumed']);
    // No webhook registered: nothing queued, the agency reads its listing instead.
    expect(await w.t.store.webhookDeliveries.listForAgency(RS, 10)).toEqual([]);
  });

  it('expires consents at the declared retention: logged and the agency notified; expiry is not a withdrawal', async () => {
    const receiver = await webhookReceiver();
    try {
      await registerWebhookFor(w, RS, receiver.url);
      const shared = await shareWithHospital(w, siti);
      w.clock.now += 30 * DAY - 1;
      expect(await expireConsents({ store: w.t.store, log: w.t.transparency.log, crypto, now: () => w.clock.now })).toBe(0);
      w.clock.now += 1;
      // Expiry blocks a new verification as a withdrawal does (issue 16; expiry.test.ts covers it in full).
      expect(await directVerify(siti)).toMatchObject({ status: 403, body: { code: 'consent_not_active' } });
      expect(await expireConsents({ store: w.t.store, log: w.t.transparency.log, crypto, now: () => w.clock.now })).toBe(1);
      expect(await expireConsents({ store: w.t.store, log: w.t.transparency.log, crypto, now: () => w.clock.now })).toBe(0);
      const row = (await w.t.store.consents.get(shared.consentId))!;
      expect(row).toMatchObject({ state: 'expired', currentRecordId: shared.consentId, actionDueAt: w.clock.now + 3 * DAY });
      const [expiry] = await w.t.store.consents.changes(shared.consentId);
      expect(JSON.parse((await w.t.store.accessEvents.get(expiry!.accessEventId))!.body)).toMatchObject({ kind: 'consent_expired', consentRecordId: shared.consentId });
      expect(await deliver()).toMatchObject({ delivered: 1 });
      expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: 'consent.expired', data: { consentId: shared.consentId, previousState: 'active', state: 'expired' } });
      // (The session has idled out by now; the domain function gives the same answer the route would.)
      const deps = { store: w.t.store, log: w.t.transparency.log, crypto, now: () => w.clock.now };
      const late = changeConsent(deps, siti.citizen.accountId, shared.consentId, 'withdraw', { record: await signedChange(siti, shared.consentId, 'withdrawn') });
      await expect(late).rejects.toMatchObject({ code: 'consent_transition_invalid' });
    } finally {
      await receiver.close();
    }
  });

  it('refuses forged, unsigned, stale and mismatched changes with their codes, and changes nothing', async () => {
    const shared = await shareWithHospital(w, siti);
    const logSize = await w.t.store.log.size();
    const expectCode = async (body: unknown, status: number, code: string, action: 'withdraw' | 'pause' | 'resume' = 'withdraw') => {
      const r = await change(siti, shared.consentId, action, body);
      expect([r.res.status, r.body.code]).toEqual([status, code]);
    };
    const at = w.nowSeconds();
    // Signed by another key (a forgery), not a JWS at all, and a record whose payload was edited after signing.
    const forger = holderKey();
    await expectCode({ record: (await nextRecord(shared.jws, 'withdrawn', forger, at)).jws }, 400, 'consent_invalid');
    await expectCode({ record: 'not-a-signed-record' }, 400, 'consent_invalid');
    const good = await nextRecord(shared.jws, 'withdrawn', siti.cred.holder, at);
    const [h, , s] = good.jws.split('.');
    await expectCode({ record: `${h}.${Buffer.from(JSON.stringify({ ...good.record, retentionDays: 1 })).toString('base64url')}.${s}` }, 400, 'consent_invalid');
    // The endpoint and the record disagree; the transition is impossible; the link is wrong.
    await expectCode({ record: good.jws }, 400, 'consent_invalid', 'pause');
    await expectCode({ record: good.jws }, 409, 'consent_transition_invalid', 'resume');
    await expectCode({ record: (await nextRecord(shared.jws, 'withdrawn', siti.cred.holder, at, (r) => ({ ...r, previous: { recordId: r.previous!.recordId, sha256: 'AAAA' } }))).jws }, 409, 'consent_chain_mismatch');
    // Same chain, but naming another agency or purpose, or quietly changing the agreement.
    await expectCode({ record: (await nextRecord(shared.jws, 'withdrawn', siti.cred.holder, at, (r) => ({ ...r, controller: { ...r.controller, id: BANK } }))).jws }, 400, 'consent_invalid');
    await expectCode({ record: (await nextRecord(shared.jws, 'withdrawn', siti.cred.holder, at, (r) => ({ ...r, purpose: { ...r.purpose, code: 'other' } }))).jws }, 400, 'consent_invalid');
    await expectCode({ record: (await nextRecord(shared.jws, 'withdrawn', siti.cred.holder, at, (r) => ({ ...r, retentionDays: 365 }))).jws }, 400, 'consent_invalid');
    await expectCode({ record: (await nextRecord(shared.jws, 'withdrawn', siti.cred.holder, at, (r) => ({ ...r, recordId: shared.consentId }))).jws }, 400, 'consent_invalid');
    await expectCode({ record: (await nextRecord(shared.jws, 'withdrawn', siti.cred.holder, at + 3600)).jws }, 400, 'consent_invalid');
    // Bad input.
    await expectCode({}, 400, 'invalid_request');
    await expectCode({ record: 42 }, 400, 'invalid_request');
    const noJson = await w.request(`/v1/me/consents/${shared.consentId}/withdraw`, { ...citizenInit(siti.citizen, {}), body: '{"record":' });
    expect(((await noJson.json()) as { code: string }).code).toBe('malformed_body');
    const unknown = await w.request(`/v1/me/consents/nope/withdraw`, citizenInit(siti.citizen, { record: good.jws }));
    expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([404, 'not_found']);
    const noCsrf = await w.request(`/v1/me/consents/${shared.consentId}/withdraw`, citizenInit(siti.citizen, { record: good.jws }, { 'x-sahih-csrf': 'wrong' }));
    expect([noCsrf.status, ((await noCsrf.json()) as { code: string }).code]).toEqual([403, 'csrf_rejected']);
    const noSession = await w.request(`/v1/me/consents/${shared.consentId}/withdraw`, jsonInit({ record: good.jws }, { origin: 'http://localhost:3000', 'x-sahih-csrf': 'x' }));
    expect(noSession.status).toBe(401);
    expect((await w.request('/v1/me/consents')).status).toBe(401);

    expect(await w.t.store.log.size()).toBe(logSize);
    expect((await w.t.store.consents.get(shared.consentId))!.state).toBe('active');
    // A stale record (signed against a record that is no longer current) is refused after a change.
    expect((await change(siti, shared.consentId, 'pause', { record: (await nextRecord(shared.jws, 'paused', siti.cred.holder, at)).jws })).res.status).toBe(200);
    await expectCode({ record: good.jws }, 409, 'consent_chain_mismatch');
  });

  it('keeps consents between their citizen and their agency', async () => {
    const shared = await shareWithHospital(w, siti);
    const budi = await citizenWithKtp(w, 'Budi');
    const record = await signedChange(siti, shared.consentId, 'withdrawn');
    // Another citizen, even holding Siti's signed record, cannot withdraw her consent, nor see it.
    const foreign = await change(budi, shared.consentId, 'withdraw', { record });
    expect([foreign.res.status, foreign.body.code]).toEqual([404, 'not_found']);
    const budiList = (await (await w.request('/v1/me/consents', { headers: { cookie: budi.citizen.cookie } })).json()) as { consents: unknown[] };
    expect(budiList.consents).toEqual([]);
    // Another agency sees none of the hospital's consents and cannot acknowledge them.
    expect((await change(siti, shared.consentId, 'withdraw', { record })).res.status).toBe(200);
    const bankList = (await (await w.request(`/v1/agencies/${BANK}/consents`, { headers: { authorization: `Bearer ${w.keys[BANK]}` } })).json()) as { consents: unknown[] };
    expect(bankList.consents).toEqual([]);
    const bankAck = await w.request(`/v1/agencies/${BANK}/consents/${shared.consentId}/acknowledge`, { method: 'POST', headers: { authorization: `Bearer ${w.keys[BANK]}` } });
    expect([bankAck.status, ((await bankAck.json()) as { code: string }).code]).toEqual([404, 'not_found']);
    const crossKey = await w.request(`/v1/agencies/${RS}/consents`, { headers: { authorization: `Bearer ${w.keys[BANK]}` } });
    expect([crossKey.status, ((await crossKey.json()) as { code: string }).code]).toEqual([403, 'agency_mismatch']);
    const badState = await w.request(`/v1/agencies/${RS}/consents?state=gone`, { headers: { authorization: `Bearer ${w.keys[RS]}` } });
    expect([badState.status, ((await badState.json()) as { code: string }).code]).toEqual([400, 'invalid_request']);
    const noKey = await w.request(`/v1/agencies/${RS}/consents`);
    expect(((await noKey.json()) as { code: string }).code).toBe('invalid_api_key');
    const unknownAck = await w.request(`/v1/agencies/${RS}/consents/nope/acknowledge`, { method: 'POST', headers: { authorization: `Bearer ${w.keys[RS]}` } });
    expect(unknownAck.status).toBe(404);
  });

  it('a later decline does not hide a withdrawal from /v1/verify', async () => {
    const shared = await shareWithHospital(w, siti);
    expect((await change(siti, shared.consentId, 'withdraw', { record: await signedChange(siti, shared.consentId, 'withdrawn') })).res.status).toBe(200);
    w.clock.now += 1000;
    await w.t.store.consents.insert({
      id: 'declined-later', accountId: siti.citizen.accountId, agencyId: RS, purposeCode: 'patient_registration', requestId: null, state: 'refused',
      recordJws: 'h.p.s', holderThumbprint: siti.cred.thumbprint, createdAt: w.clock.now, updatedAt: w.clock.now, expiresAt: w.clock.now,
    });
    expect(await directVerify(siti)).toMatchObject({ status: 403, body: { code: 'consent_not_active' } });
  });
});
