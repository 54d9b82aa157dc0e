// "I lost my phone" through app.request(): phone A and phone B are two passkeys of one account; from B the citizen
// reports A lost: A's sessions end, its passkey goes, its credential is suspended (a presentation then fails with
// `suspended`), the issuer and the hospital holding a consent get webhooks, and the event is in the citizen's log.
// Refusals (this session's passkey, the last passkey, another account's, bad input) by their codes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addPhone, registerCitizen, type Citizen } from '../../test/support/citizen.js';
import { citizenInit, citizenWithKtp, consentWorld, registerWebhookFor, RS, shareWithHospital, type ConsentWorld } from '../../test/support/consent.js';
import { jsonInit } from '../../test/support/issuance.js';
import { ORIGIN, present } from '../../test/support/presentation.js';
import { hashSessionToken } from '../accounts/sessions.js';

let w: ConsentWorld;
beforeEach(async () => {
  w = await consentWorld();
});
afterEach(async () => w.t.close());

const BANK_AUD = 'https://bank-nusantara.demo.sahih.id/kyc';
const codeOf = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];
const lost = (c: Citizen, body: unknown) => w.request('/v1/me/lost-device', citizenInit(c, body));
const passkeysOf = async (c: Citizen) =>
  ((await (await w.request('/v1/passkeys', { headers: { cookie: c.cookie } })).json()) as { passkeys: { id: string; name: string; current: boolean }[] }).passkeys;
/** Phone A's and phone B's passkeys by name (the clock is frozen, so creation times tie). */
const phones = async (c: Citizen) => {
  const all = await passkeysOf(c);
  return [all.find((p) => p.name === 'Phone'), all.find((p) => p.name === 'Phone B')];
};

describe('POST /v1/me/lost-device', () => {
  it("ends phone A's sessions, removes its passkey, suspends its credential, notifies and logs it", async () => {
    const siti = await citizenWithKtp(w);
    const phoneA = siti.citizen;
    await shareWithHospital(w, siti);
    for (const agency of ['dukcapil', RS]) expect((await registerWebhookFor(w, agency, 'http://localhost:8080/hook', 'admin')).res.status).toBe(200);
    const phoneB = await addPhone(w.request, phoneA);
    const [a, b] = await phones(phoneB);
    expect([a!.current, b!.current]).toEqual([false, true]);

    const res = await lost(phoneB, { passkeyId: a!.id });
    expect(res.status).toBe(200);
    const summary = (await res.json()) as { sessionsEnded: number; credentialsSuspended: { agencyId: string; credentialType: string }[]; unknownDeviceCredentials: number; eventIds: string[] };
    expect(summary).toMatchObject({ sessionsEnded: 1, credentialsSuspended: [{ agencyId: 'dukcapil', credentialType: 'ktp-el' }], unknownDeviceCredentials: 0 });
    expect(summary.eventIds).toHaveLength(1);

    // Phone A is signed out and cannot sign in again; phone B keeps its session.
    expect(await codeOf(await w.request('/v1/session', { headers: { cookie: phoneA.cookie } }))).toEqual([401, 'unauthenticated']);
    expect((await passkeysOf(phoneB)).map((p) => p.id)).toEqual([b!.id]);

    // A presentation with phone A's credential now fails as suspended (not revoked: the issuer may reinstate it).
    const presentation = await present({ sdJwt: siti.cred.sdJwt, holder: siti.cred.holder, disclose: [['nik']], audience: BANK_AUD, nonce: 'n-1', issuedAt: w.nowSeconds() });
    const verdict = await w.request('/v1/verify', jsonInit({ presentation, nonce: 'n-1', audience: BANK_AUD, purposeCode: 'account_opening' }, { authorization: `Bearer ${w.keys['bank-nusantara']}` }));
    expect(await verdict.json()).toMatchObject({ valid: false, code: 'suspended' });

    const types = async (agencyId: string) => (await w.t.store.webhookDeliveries.listForAgency(agencyId, 10)).map((d) => JSON.parse(d.payload) as { type: string; data: Record<string, unknown> });
    expect(await types('dukcapil')).toMatchObject([{ type: 'credential.suspended', data: { credentialType: 'ktp-el', reason: 'device_lost' } }]);
    expect((await types(RS)).filter((d) => d.type === 'account.device_lost')).toHaveLength(1);

    const events = ((await (await w.request('/v1/me/access-events', { headers: { cookie: phoneB.cookie } })).json()) as { events: { eventId: string; kind: string; body: string }[] }).events;
    const logged = events.find((e) => e.eventId === summary.eventIds[0]);
    expect(logged?.kind).toBe('credential_suspended');
    expect(JSON.parse(logged!.body)).toMatchObject({ agency: { id: 'dukcapil' }, details: { reason: 'device_lost', credentials: '1' } });

    // Reported once: the passkey is gone now.
    expect(await codeOf(await lost(phoneB, { passkeyId: a!.id }))).toEqual([404, 'not_found']);
  });

  it("refuses this session's passkey, the last passkey, another account's, and bad input", async () => {
    const phoneA = await registerCitizen(w.request);
    const phoneB = await addPhone(w.request, phoneA);
    const budi = await registerCitizen(w.request, 'Budi');
    const [a, b] = await phones(phoneB);
    const [budis] = await passkeysOf(budi);
    expect(await codeOf(await lost(phoneB, { passkeyId: b!.id }))).toEqual([409, 'passkey_in_use']);
    expect(await codeOf(await lost(phoneB, { passkeyId: budis!.id }))).toEqual([404, 'not_found']);
    for (const bad of [{}, { passkeyId: '' }, { passkeyId: 42 }, { passkeyId: 'x'.repeat(65) }]) expect(await codeOf(await lost(phoneB, bad))).toEqual([400, 'invalid_request']);
    expect(await codeOf(await w.request('/v1/me/lost-device', jsonInit({ passkeyId: a!.id }, { cookie: phoneB.cookie, origin: ORIGIN })))).toEqual([403, 'csrf_rejected']);
    expect(await codeOf(await w.request('/v1/me/lost-device', jsonInit({ passkeyId: a!.id }, { origin: ORIGIN, 'x-sahih-csrf': '1' })))).toEqual([401, 'unauthenticated']);

    // With phone A gone, a session of unknown device (from before sessions recorded theirs) cannot remove the last one.
    expect((await lost(phoneB, { passkeyId: a!.id })).status).toBe(200);
    const now = w.clock.now;
    await w.t.store.sessions.create({ idHash: hashSessionToken('older'), accountId: phoneA.accountId, csrfToken: 'c', createdAt: now, lastSeenAt: now, expiresAt: now + 3_600_000, passkeyId: null });
    const older: Citizen = { ...phoneB, cookie: 'sahih_session=older', csrf: 'c' };
    expect(await codeOf(await lost(older, { passkeyId: b!.id }))).toEqual([409, 'passkey_last_remaining']);
  });

  it("removing a passkey from Settings also ends the sessions it opened, never the asking one", async () => {
    const phoneA = await registerCitizen(w.request);
    const phoneB = await addPhone(w.request, phoneA);
    const [, b] = await phones(phoneA);
    const removed = await w.request(`/v1/passkeys/${b!.id}`, { method: 'DELETE', headers: { cookie: phoneA.cookie, origin: ORIGIN, 'x-sahih-csrf': phoneA.csrf } });
    expect(removed.status).toBe(204);
    expect(await codeOf(await w.request('/v1/session', { headers: { cookie: phoneB.cookie } }))).toEqual([401, 'unauthenticated']);
    expect((await w.request('/v1/session', { headers: { cookie: phoneA.cookie } })).status).toBe(200);
  });
});
