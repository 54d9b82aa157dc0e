/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies are read loosely in these assertions */
// Rate limits through app.request(), one class at a time with small budgets and a frozen clock: per address for
// unauthenticated writes and for reads, per account for a citizen's writes, per API key for agencies, and the tighter
// budget on failed API-key and admin-token checks. Each refusal is 429 `rate_limited` with an integer Retry-After.
import { afterEach, describe, expect, it } from 'vitest';
import { ORIGIN, registerCitizen } from '../../test/support/citizen.js';
import { createTestApp, TEST_ADMIN_TOKEN, TEST_KEK, type TestApp } from '../../test/support/test-app.js';
import { addressClassOf } from '../http/rate-limit.js';
import { seedDemo } from '../registry/demo-seed.js';
import type { RateRules } from '../rate-limit/rules.js';
import { registryDepsFrom } from './deps.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 2, 1, 8, 0, 15); // 15 s into a minute window, so Retry-After is 45
let t: TestApp;
let now = T0;

async function app(rateLimits: Partial<RateRules>, trustProxy = 1) {
  now = T0;
  t = await createTestApp({ now: () => now, rateLimits, config: { trustProxy } });
  return t;
}
afterEach(async () => t.close());

const from = (address: string, headers: Record<string, string> = {}) => ({ 'x-forwarded-for': address, ...headers });
const sameOrigin = { 'content-type': 'application/json', origin: ORIGIN, 'x-sahih-csrf': '1' };
const registrationOptions = (address: string) =>
  t.app.request('/v1/accounts/registration/options', { method: 'POST', headers: from(address, sameOrigin), body: '{}' });

async function expectRateLimited(res: Response, retryAfter = 45) {
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toBe(String(retryAfter));
  const body = (await res.json()) as any;
  expect(body.code).toBe('rate_limited');
  return body;
}

describe('per client address', () => {
  it('limits unauthenticated writes (passkey ceremonies) per address, answering problem+json 429 with Retry-After', async () => {
    await app({ addressWrites: { limit: 3, windowMs: MINUTE } });
    for (let i = 0; i < 3; i++) expect((await registrationOptions('203.0.113.7')).status).toBe(200);
    const refused = await registrationOptions('203.0.113.7');
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    await expectRateLimited(refused);
    // Another address has its own budget; the refused one gets a fresh budget in the next window.
    expect((await registrationOptions('198.51.100.9')).status).toBe(200);
    now = T0 + MINUTE;
    expect((await registrationOptions('203.0.113.7')).status).toBe(200);
    // Refused requests wrote nothing: 3 + 1 + 1 challenges.
    expect(await t.store.webauthnChallenges.purgeExpired(T0 + 60 * MINUTE)).toBe(5);
  });

  it('groups IPv6 clients by /64 and reads the IPv4 of a mapped address', async () => {
    await app({ addressWrites: { limit: 2, windowMs: MINUTE } });
    expect((await registrationOptions('2001:db8:1:2::1')).status).toBe(200);
    expect((await registrationOptions('2001:db8:1:2:ffff:0:0:9')).status).toBe(200);
    await expectRateLimited(await registrationOptions('2001:db8:1:2:abcd::77'));
    expect((await registrationOptions('2001:db8:1:3::1')).status).toBe(200);
    expect((await registrationOptions('::ffff:192.0.2.1')).status).toBe(200);
    expect((await registrationOptions('192.0.2.1')).status).toBe(200);
    await expectRateLimited(await registrationOptions('192.0.2.1'));
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says a proxy stands in front', async () => {
    await app({ addressWrites: { limit: 2, windowMs: MINUTE } }, 0);
    expect((await registrationOptions('203.0.113.1')).status).toBe(200);
    expect((await registrationOptions('203.0.113.2')).status).toBe(200);
    // A client naming a fresh address per request is still the same client.
    await expectRateLimited(await registrationOptions('203.0.113.3'));
  });

  it('believes only the entry the trusted proxy appended, not what the client put before it', async () => {
    await app({ addressWrites: { limit: 1, windowMs: MINUTE } });
    expect((await registrationOptions('10.9.9.1, 203.0.113.7')).status).toBe(200);
    await expectRateLimited(await registrationOptions('10.9.9.2, 203.0.113.7'));
  });

  it('limits issuance nonces per address and answers the OAuth endpoints in their own shape', async () => {
    await app({ addressWrites: { limit: 2, windowMs: MINUTE } });
    await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store }).ctx);
    const nonce = () => t.app.request('/issuers/dukcapil/nonce', { method: 'POST', headers: from('203.0.113.7') });
    expect((await nonce()).status).toBe(200);
    expect((await nonce()).status).toBe(200);
    const refused = await nonce();
    expect(refused.headers.get('content-type')).toBe('application/json');
    const body = await expectRateLimited(refused);
    expect(body.error).toBe('slow_down');
  });

  it('has a separate, larger budget for reads', async () => {
    await app({ addressWrites: { limit: 1, windowMs: MINUTE }, addressReads: { limit: 3, windowMs: MINUTE } });
    const read = () => t.app.request('/v1/registry/agencies', { headers: from('203.0.113.7') });
    for (let i = 0; i < 3; i++) expect((await read()).status).toBe(200);
    await expectRateLimited(await read());
    // Reads spent nothing of the write budget.
    expect((await registrationOptions('203.0.113.7')).status).toBe(200);
  });

  it('charges requests in credential areas that never reach a credential check (unknown paths) to the address', async () => {
    await app({ addressReads: { limit: 2, windowMs: MINUTE } });
    const miss = () => t.app.request('/v1/agencies/x/no-such-thing/at-all', { headers: from('203.0.113.7') });
    expect((await miss()).status).toBe(404);
    expect((await miss()).status).toBe(404);
    await expectRateLimited(await miss());
  });
});

describe('per account', () => {
  it("limits a citizen's writes per account, not per address, and unauthenticated session writes per address", async () => {
    await app({ addressWrites: { limit: 5, windowMs: MINUTE }, accountWrites: { limit: 2, windowMs: MINUTE } });
    const request = (path: string, init: RequestInit = {}) =>
      Promise.resolve(t.app.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': '203.0.113.7' } }));
    // Two citizens behind one address (a carrier's NAT): 4 of the address's 5 writes.
    const siti = await registerCitizen(request, 'Siti');
    const budi = await registerCitizen(request, 'Budi');
    const addPasskeyOptions = (s: { cookie: string; csrf: string }) =>
      t.app.request('/v1/passkeys/options', { method: 'POST', headers: from('203.0.113.7', { cookie: s.cookie, 'x-sahih-csrf': s.csrf, origin: ORIGIN }) });
    expect((await addPasskeyOptions(siti)).status).toBe(200);
    expect((await addPasskeyOptions(siti)).status).toBe(200);
    await expectRateLimited(await addPasskeyOptions(siti));
    // Budi's budget is his own, and the address's write budget was not spent by signed-in writes.
    expect((await addPasskeyOptions(budi)).status).toBe(200);
    expect((await addPasskeyOptions(budi)).status).toBe(200);
    // Without a session the same write is unauthenticated: the address's last unit, then 429.
    const anonymous = () => t.app.request('/v1/passkeys/options', { method: 'POST', headers: from('203.0.113.7', sameOrigin) });
    expect((await anonymous()).status).toBe(401);
    await expectRateLimited(await anonymous());
  });
});

describe('per API key and on failed credential checks', () => {
  async function demo(rateLimits: Partial<RateRules>) {
    await app(rateLimits);
    return seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store }).ctx);
  }
  const asAgency = (agencyId: string, key: string, address = '203.0.113.7') =>
    t.app.request(`/v1/agencies/${agencyId}`, { headers: from(address, { authorization: `Bearer ${key}` }) });

  it('limits each API key, whatever address it comes from, without spending the address budgets', async () => {
    const keys = await demo({ apiKey: { limit: 3, windowMs: MINUTE }, addressReads: { limit: 1, windowMs: MINUTE } });
    expect((await asAgency('dukcapil', keys.dukcapil!, '198.51.100.1')).status).toBe(200);
    expect((await asAgency('dukcapil', keys.dukcapil!, '198.51.100.2')).status).toBe(200);
    expect((await asAgency('dukcapil', keys.dukcapil!, '198.51.100.3')).status).toBe(200);
    await expectRateLimited(await asAgency('dukcapil', keys.dukcapil!, '198.51.100.4'));
    const other = Object.keys(keys).find((id) => id !== 'dukcapil')!;
    expect((await asAgency(other, keys[other]!, '198.51.100.1')).status).toBe(200);
  });

  it('refuses an address after its failed API-key checks, even with a right key, while others go on', async () => {
    const keys = await demo({ authFailures: { limit: 3, windowMs: 5 * MINUTE } });
    const wrong = `sahih_live_0123456789abcdef_${'x'.repeat(43)}`;
    for (let i = 0; i < 3; i++) expect(((await (await asAgency('dukcapil', wrong)).json()) as any).code).toBe('invalid_api_key');
    // 15 s into the minute is 15 s into the 5-minute window too: 285 s left.
    await expectRateLimited(await asAgency('dukcapil', keys.dukcapil!), 285);
    await expectRateLimited(await asAgency('dukcapil', wrong), 285);
    expect((await asAgency('dukcapil', keys.dukcapil!, '198.51.100.1')).status).toBe(200);
    now = T0 + 5 * MINUTE;
    expect((await asAgency('dukcapil', keys.dukcapil!)).status).toBe(200);
  });

  it('counts a missing API key as a failed check too', async () => {
    await demo({ authFailures: { limit: 1, windowMs: MINUTE } });
    const verify = () => t.app.request('/v1/verify', { method: 'POST', headers: from('203.0.113.7', { 'content-type': 'application/json' }), body: '{}' });
    expect((await verify()).status).toBe(401);
    await expectRateLimited(await verify());
  });

  it('refuses an address after its failed admin-token checks, and the right token from it too', async () => {
    await app({ authFailures: { limit: 2, windowMs: MINUTE } });
    const asAdmin = (token: string) => t.app.request('/v1/admin/agencies', { headers: from('203.0.113.7', { authorization: `Bearer ${token}` }) });
    expect((await asAdmin('wrong')).status).toBe(401);
    expect((await asAdmin('wrong again')).status).toBe(401);
    await expectRateLimited(await asAdmin(TEST_ADMIN_TOKEN));
    now = T0 + MINUTE;
    expect((await asAdmin(TEST_ADMIN_TOKEN)).status).toBe(200);
  });
});

describe('route classification', () => {
  it('exempts from the address budgets only operations that demand a credential, which their check then charges', async () => {
    await app({});
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const exempted: string[] = [];
    for (const [template, operations] of Object.entries(doc.paths)) {
      const path = template.replace(/\{[^}]+\}/g, 'x');
      for (const method of Object.keys(operations).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))) {
        if (addressClassOf(method.toUpperCase(), path) !== undefined) continue;
        exempted.push(`${method} ${template}`);
        const res = await t.app.request(path, { method: method.toUpperCase(), headers: { origin: ORIGIN, 'x-sahih-csrf': '1', 'content-type': 'application/json' }, body: method === 'get' ? undefined : '{}' });
        expect(res.status, `${method.toUpperCase()} ${template} without a credential`).toBe(401);
      }
    }
    expect(exempted.length).toBeGreaterThan(20);
  });
});
