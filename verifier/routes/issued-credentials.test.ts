// The agency's listing of issued credentials: status entries and references only, scoped to the calling agency, and
// bad input refused with its code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../registry/demo-seed.js';
import { registryDepsFrom } from './deps.js';
import { dukcapilClaims, holderKey, runIssuance } from '../../test/support/issuance.js';
import { ORIGIN } from '../../test/support/citizen.js';
import { createTestApp, TEST_KEK, type TestApp } from '../../test/support/test-app.js';

describe('GET /v1/agencies/{agencyId}/credentials', () => {
  let t: TestApp;
  let keys: Record<string, string>;
  const now = Date.UTC(2026, 0, 15, 3, 0, 0);

  beforeEach(async () => {
    t = await createTestApp({ now: () => now });
    keys = await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store, now: () => now }).ctx);
  });
  afterEach(async () => t.close());

  const list = (agencyId: string, apiKey: string, query = '') =>
    t.app.request(`/v1/agencies/${agencyId}/credentials${query}`, { headers: { authorization: `Bearer ${apiKey}` } });

  async function issue() {
    await runIssuance({
      request: async (path, init) => t.app.request(path, init),
      agencyId: 'dukcapil',
      apiKey: keys.dukcapil!,
      offer: { credentialType: 'ktp-el', claims: dukcapilClaims },
      holder: holderKey(),
      nowSeconds: () => Math.floor(now / 1000),
      issuerUrl: `${ORIGIN}/issuers/dukcapil`,
    });
  }

  it('lists the status entry and reference of each credential, never a claim value', async () => {
    await issue();
    const res = await list('dukcapil', keys.dukcapil!);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    for (const value of Object.values(dukcapilClaims)) if (typeof value === 'string') expect(text).not.toContain(value);
    const body = JSON.parse(text) as { credentials: { credentialId: string; status: string; statusList: { idx: number } }[]; next: number | null };
    expect(body.credentials).toHaveLength(1);
    expect(body.credentials[0]).toMatchObject({ credentialType: 'ktp-el', status: 'valid' });
    expect(body.next).toBeNull();
    const id = body.credentials[0]!.credentialId;
    const suspend = await t.app.request(`/v1/agencies/dukcapil/credentials/${id}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.dukcapil!}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'suspended' }),
    });
    expect(suspend.status).toBe(200);
    const after = (await (await list('dukcapil', keys.dukcapil!)).json()) as typeof body;
    expect(after.credentials[0]!.status).toBe('suspended');
  });

  it("refuses another agency's key with agency_mismatch and shows it none of them", async () => {
    await issue();
    const res = await list('dukcapil', keys['bank-nusantara']!);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('agency_mismatch');
    const own = (await (await list('bank-nusantara', keys['bank-nusantara']!)).json()) as { credentials: unknown[] };
    expect(own.credentials).toEqual([]);
  });

  it('refuses bad input and missing keys with their codes', async () => {
    for (const query of ['?limit=0', '?limit=101', '?limit=ten', '?before=-1']) {
      const res = await list('dukcapil', keys.dukcapil!, query);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('invalid_request');
    }
    const anonymous = await t.app.request('/v1/agencies/dukcapil/credentials');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { code: string }).code).toBe('invalid_api_key');
  });
});
