// Two service instances (real processes, `npm start`'s main.ts) on one PostgreSQL spend ONE rate-limit budget:
// unauthenticated writes alternating between them stop at the limit, a leased read budget hammered through both at
// once is spent exactly, and failed API-key checks on either instance count against one address.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../support/postgres-db.js';
import { demoKey } from '../support/demo-keys.js';
import { startService, type RunningService } from '../support/service.js';

const DAY = 24 * 3_600_000;

describe('rate limits shared by two instances on one PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: RunningService;
  let b: RunningService;

  beforeAll(async () => {
    db = await createTestDatabase(inject('pgUrl'));
    const env = {
      DATABASE_URL: db.url,
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
      ADMIN_TOKEN: randomBytes(24).toString('base64url'),
      TRUST_PROXY: '1',
      // Day-long windows, so a test run almost never straddles one; runOnce() below repeats a scenario that did.
      RATE_LIMIT_ADDRESS_WRITES: '10/24h',
      RATE_LIMIT_ADDRESS_READS: '500/24h',
      RATE_LIMIT_AUTH_FAILURES: '3/24h',
    };
    a = await startService({ env });
    b = await startService({ env });
  }, 120_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    a?.cleanup();
    b?.cleanup();
    await db?.drop();
  });

  /** Runs a scenario with a fresh client address; again (once) if it happened to cross a window boundary. */
  async function runOnce(scenario: (address: string) => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const started = Math.floor(Date.now() / DAY);
      const address = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
      try {
        await scenario(address);
        return;
      } catch (error) {
        if (attempt > 0 || Math.floor(Date.now() / DAY) === started) throw error;
      }
    }
  }

  const registrationOptions = (svc: RunningService, address: string) =>
    fetch(`${svc.url}/v1/accounts/registration/options`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: svc.url, 'x-sahih-csrf': '1', 'x-forwarded-for': address },
      body: '{}',
    });

  it('stops unauthenticated writes at one limit, whichever instance they reach', async () => {
    await runOnce(async (address) => {
      const statuses: number[] = [];
      for (let i = 0; i < 16; i++) {
        const res = await registrationOptions(i % 2 === 0 ? a : b, address);
        statuses.push(res.status);
        if (res.status === 429) {
          expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
          expect(((await res.json()) as { code: string }).code).toBe('rate_limited');
        } else await res.body?.cancel();
      }
      expect(statuses).toEqual([...Array<number>(10).fill(200), ...Array<number>(6).fill(429)]);
    });
  });

  it('spends a leased budget exactly when both instances are hammered at once', async () => {
    await runOnce(async (address) => {
      const read = async (svc: RunningService) => {
        const res = await fetch(`${svc.url}/v1/registry/credential-types`, { headers: { 'x-forwarded-for': address } });
        await res.body?.cancel();
        return res.status;
      };
      const statuses: number[] = [];
      for (let round = 0; round < 20; round++) {
        statuses.push(...(await Promise.all(Array.from({ length: 40 }, (_, i) => read(i % 2 === 0 ? a : b)))));
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(500);
      expect(statuses.filter((s) => s === 429)).toHaveLength(300);
    });
    // One counter row per (class, key) and window, however many requests: the leases kept the writes few.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const rows = (await client.query<{ n: string }>('select count(*) as n from rate_limit_counters')).rows[0]!.n;
    await client.end();
    expect(Number(rows)).toBeLessThan(10);
  });

  it('counts failed API-key checks on either instance against one address', async () => {
    const key = demoKey(a.output(), 'bank-nusantara');
    await runOnce(async (address) => {
      const asAgency = (svc: RunningService, apiKey: string) =>
        fetch(`${svc.url}/v1/agencies/bank-nusantara`, { headers: { authorization: `Bearer ${apiKey}`, 'x-forwarded-for': address } });
      const wrong = `sahih_live_0123456789abcdef_${'x'.repeat(43)}`;
      expect((await asAgency(a, wrong)).status).toBe(401);
      expect((await asAgency(a, wrong)).status).toBe(401);
      // The third failure, on the other instance, spends the shared budget of 3.
      expect((await asAgency(b, wrong)).status).toBe(401);
      expect((await asAgency(b, key)).status).toBe(429);
      // A had seen only two failures; its next check finds the shared total past the limit.
      expect((await asAgency(a, wrong)).status).toBe(429);
      expect((await asAgency(a, key)).status).toBe(429);
    });
    // The right key from another address is untouched.
    expect((await fetch(`${a.url}/v1/agencies/bank-nusantara`, { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': '198.51.100.1' } })).status).toBe(200);
  });
});
