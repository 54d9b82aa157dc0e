// Who sees which access events: a citizen only their own (tested across accounts), an agency only its own accesses.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAccessEvent } from '../access/record.js';
import { seedDemo } from '../registry/demo-seed.js';
import { registryDepsFrom } from './deps.js';
import { ORIGIN, registerCitizen } from '../../test/support/citizen.js';
import { createTestApp, TEST_KEK, type TestApp } from '../../test/support/test-app.js';


describe('access event listings', () => {
  let t: TestApp;
  let keys: Record<string, string>;

  beforeEach(async () => {
    t = await createTestApp();
    keys = await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store }).ctx);
  });
  afterEach(async () => t.close());

  const citizen = (name: string) => registerCitizen((path, init) => Promise.resolve(t.app.request(path, init)), name);

  const record = (accountId: string, agencyId: string, name: string) =>
    recordAccessEvent(
      { log: t.transparency.log, now: Date.now },
      { kind: 'presentation_shared', agency: { id: agencyId, name }, subject: {}, accountId, dataItems: ['name'] },
    );

  const asCitizen = (s: { cookie: string; csrf: string }, query = '') =>
    t.app.request(`/v1/me/access-events${query}`, { headers: { cookie: s.cookie, 'x-sahih-csrf': s.csrf, origin: ORIGIN } });

  it('shows each citizen only their own events, newest first, with paging', async () => {
    const siti = await citizen('Siti');
    const budi = await citizen('Budi');
    for (let i = 0; i < 3; i++) await record(siti.accountId, 'rsud-sehat-sentosa', 'RSUD');
    await record(budi.accountId, 'bank-nusantara', 'Bank');

    const page1 = (await (await asCitizen(siti, '?limit=2')).json()) as { events: { leafIndex: number; body: string }[]; next: number; checkpoint: { size: number } };
    expect(page1.events.map((e) => e.leafIndex)).toEqual([2, 1]);
    expect(page1.checkpoint.size).toBe(4);
    const page2 = (await (await asCitizen(siti, `?limit=2&before=${page1.next}`)).json()) as { events: { leafIndex: number }[]; next: number | null };
    expect(page2.events.map((e) => e.leafIndex)).toEqual([0]);
    expect(page2.next).toBeNull();

    const budiView = (await (await asCitizen(budi)).json()) as { events: { leafIndex: number; body: string }[] };
    expect(budiView.events.map((e) => e.leafIndex)).toEqual([3]);
    expect(budiView.events[0]!.body).toContain('bank-nusantara');
  });

  it('shows an agency only its own accesses and refuses another agency\'s key', async () => {
    const siti = await citizen('Siti');
    await record(siti.accountId, 'rsud-sehat-sentosa', 'RSUD');
    await record(siti.accountId, 'bank-nusantara', 'Bank');
    const bank = await t.app.request('/v1/agencies/bank-nusantara/access-events', { headers: { authorization: `Bearer ${keys['bank-nusantara']}` } });
    const listing = (await bank.json()) as { events: { body: string }[] };
    expect(listing.events).toHaveLength(1);
    expect(listing.events[0]!.body).toContain('bank-nusantara');
    const crossed = await t.app.request('/v1/agencies/rsud-sehat-sentosa/access-events', { headers: { authorization: `Bearer ${keys['bank-nusantara']}` } });
    expect(crossed.status).toBe(403);
    expect(((await crossed.json()) as { code: string }).code).toBe('agency_mismatch');
  });

  it('refuses without a session and with bad paging input', async () => {
    const none = await t.app.request('/v1/me/access-events');
    expect(none.status).toBe(401);
    const siti = await citizen('Siti');
    for (const q of ['?limit=0', '?limit=1000', '?before=-1', '?before=x']) {
      const res = await asCitizen(siti, q);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('invalid_request');
    }
  });
});
