// Webhook URLs are checked when registered with the address rules deliveries apply (target.ts, issue 16): through
// app.request() with the service default (private networks not allowed), every class of non-public address — loopback,
// private, link-local, cloud metadata, in IPv4, IPv6 and IPv4-mapped IPv6 spellings, as literals or behind a name —
// and plain http are refused with webhook_url_not_allowed; public hosts are registered.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../registry/demo-seed.js';
import { registryDepsFrom } from '../routes/deps.js';
import { jsonInit } from '../../test/support/issuance.js';
import { createTestApp, TEST_KEK, type TestApp } from '../../test/support/test-app.js';
import { checkWebhookTarget, isAllowedAddress, nonPublicRanges, type LookupAll } from './target.js';

const RS = 'rsud-sehat-sentosa';
let t: TestApp | undefined;
let key: string;

async function world(allowPrivateNetworks: boolean) {
  const app = await createTestApp({ config: { webhookAllowPrivateNetworks: allowPrivateNetworks } });
  t = app;
  const keys = await seedDemo(registryDepsFrom({ config: { publicUrl: 'http://localhost:3000', keyEncryptionKey: TEST_KEK }, store: app.store }).ctx);
  key = keys[RS]!;
}
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function register(url: string) {
  const res = await t!.app.request(`/v1/agencies/${RS}/webhook`, { ...jsonInit({ url }, { authorization: `Bearer ${key}` }), method: 'PUT' });
  const body = (await res.json()) as { code?: string; errors?: { path: string }[] };
  return { status: res.status, code: body.code, path: body.errors?.[0]?.path, type: res.headers.get('content-type') };
}

const refusedClasses: [string, string[]][] = [
  ['plain http', ['http://93.184.215.14/hook', 'http://rs.example/hook']],
  ['loopback', ['https://127.0.0.1/hook', 'https://127.8.9.10:8443/hook', 'https://[::1]/hook', 'https://2130706433/hook', 'https://0x7f.1/hook']],
  ['private', ['https://10.1.2.3/hook', 'https://172.16.5.4/hook', 'https://192.168.1.10/hook', 'https://100.64.0.1/hook', 'https://[fd12:3456::1]/hook']],
  ['link-local', ['https://169.254.10.10/hook', 'https://[fe80::1]/hook']],
  ['cloud metadata', ['https://169.254.169.254/latest/meta-data/', 'https://[fd00:ec2::254]/', 'https://100.100.100.200/']],
  ['unspecified and reserved', ['https://0.0.0.0/hook', 'https://[::]/hook', 'https://240.0.0.1/hook', 'https://[ff02::1]/hook']],
  ['IPv4-mapped and -compatible IPv6', ['https://[::ffff:127.0.0.1]/hook', 'https://[::ffff:169.254.169.254]/', 'https://[::ffff:a00:1]/hook', 'https://[::127.0.0.1]/hook']],
  // Real resolution: localhost is in /etc/hosts; .invalid never resolves (RFC 6761).
  ['a name resolving to loopback, or to nothing', ['https://localhost/hook', 'https://localhost:8443/hook', 'https://no-such-host.invalid/hook']],
];

describe('webhook registration, service default (private networks not allowed)', () => {
  beforeEach(() => world(false));

  it.each(refusedClasses)('refuses %s with 400 webhook_url_not_allowed', async (_label, urls) => {
    for (const url of urls) {
      expect({ url, ...(await register(url)) }).toEqual({ url, status: 400, code: 'webhook_url_not_allowed', path: '/body/url', type: 'application/problem+json' });
    }
    expect(await t!.store.agencyWebhooks.get(RS)).toBeUndefined();
  });

  it('registers public addresses, IPv4, IPv6 and IPv4-mapped', async () => {
    for (const url of ['https://93.184.215.14/hook', 'https://[2606:4700:4700::1111]/hook', 'https://[::ffff:8.8.8.8]/hook']) {
      expect({ url, ...(await register(url)) }).toMatchObject({ url, status: 200 });
    }
  });

  it('keeps malformed URLs as invalid_request', async () => {
    expect(await register('https://user:pw@93.184.215.14/hook')).toMatchObject({ status: 400, code: 'invalid_request' });
  });
});

describe('webhook registration with WEBHOOK_ALLOW_PRIVATE_NETWORKS', () => {
  beforeEach(() => world(true));

  it('accepts private addresses and http to the local machine, still not http elsewhere', async () => {
    expect(await register('http://127.0.0.1:8080/hook')).toMatchObject({ status: 200 });
    expect(await register('https://10.1.2.3/hook')).toMatchObject({ status: 200 });
    expect(await register('http://10.1.2.3/hook')).toMatchObject({ status: 400, code: 'webhook_url_not_allowed' });
  });
});

describe('checkWebhookTarget resolution', () => {
  const resolver =
    (answers: Record<string, string[]>): LookupAll =>
    (host, callback) =>
      callback(null, (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  const check = (url: string, answers: Record<string, string[]>) => checkWebhookTarget(new URL(url), { allowPrivateNetworks: false, lookupAll: resolver(answers) });

  it('accepts a name with only public addresses, refuses one with any non-public address', async () => {
    await expect(check('https://rs.example/hook', { 'rs.example': ['93.184.215.14', '2606:4700::1'] })).resolves.toBeUndefined();
    await expect(check('https://rs.example/hook', { 'rs.example': ['93.184.215.14', '10.0.0.7'] })).rejects.toMatchObject({ code: 'webhook_url_not_allowed' });
    await expect(check('https://rs.example/hook', { 'rs.example': ['::ffff:169.254.169.254'] })).rejects.toMatchObject({ code: 'webhook_url_not_allowed' });
    await expect(check('https://rs.example/hook', {})).rejects.toMatchObject({ code: 'webhook_url_not_allowed' });
  });

  it('judges IPv4-mapped IPv6 as its IPv4 address in either spelling (the rule deliveries use too)', () => {
    const blocked = nonPublicRanges();
    expect(['::ffff:7f00:1', '::ffff:127.0.0.1', '::ffff:a9fe:a9fe', '0:0:0:0:0:ffff:a00:1'].map((a) => isAllowedAddress(a, blocked))).toEqual([false, false, false, false]);
    expect(['::ffff:808:808', '::ffff:8.8.8.8'].map((a) => isAllowedAddress(a, blocked))).toEqual([true, true]);
  });
});
