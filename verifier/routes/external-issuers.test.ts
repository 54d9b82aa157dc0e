// /v1/admin/external-issuers and /v1/admin/external-credential-types through app.request(): the operator's token is
// required, and every bad input (identifier, unreachable or unacceptable metadata, duplicates, unknown issuers, a
// hosted type's id) answers problem+json with its stable code, never a 5xx other than the upstream 502s.
import { webcrypto } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../registry/demo-seed.js';
import { jsonInit } from '../../test/support/issuance.js';
import { startExternalIssuer, type ExternalIssuer } from '../../test/support/external-issuer.js';
import { ORIGIN } from '../../test/support/presentation.js';
import { createTestApp, TEST_ADMIN_TOKEN, TEST_KEK, type TestApp } from '../../test/support/test-app.js';
import { registryDepsFrom } from './deps.js';
import { ECDSA_P256, ECDSA_SHA256, x509 } from '../x509/provider.js';

let t: TestApp;
let strict: TestApp;
let ext: ExternalIssuer;
let closedPort: number;
const externalIssuers = { allowLocal: true, keyRefreshSeconds: 3600, statusMaxStaleSeconds: 600, fetchTimeoutMs: 2000 };

beforeAll(async () => {
  ext = await startExternalIssuer();
  t = await createTestApp({ config: { externalIssuers } });
  strict = await createTestApp({ config: { externalIssuers: { ...externalIssuers, allowLocal: false } } });
  await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store }).ctx);
  // A port nothing listens on: bound, then closed.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await t?.close();
  await strict?.close();
  await ext?.close();
});

async function post(path: string, body: unknown, app = t, token: string | null = TEST_ADMIN_TOKEN) {
  const res = await app.app.request(path, jsonInit(body, token ? { authorization: `Bearer ${token}` } : {}));
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 400) expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return [res.status, res.status >= 400 ? json.code : 'ok'] as const;
}

describe('POST /v1/admin/external-issuers', () => {
  it('needs the admin token', async () => {
    expect(await post('/v1/admin/external-issuers', { issuer: ext.issuer, name: 'X issuer' }, t, null)).toEqual([401, 'unauthenticated']);
    expect(await post('/v1/admin/external-issuers', { issuer: ext.issuer, name: 'X issuer' }, t, 'wrong-token-0123456789abcdef0123456789')).toEqual([401, 'unauthenticated']);
    expect((await t.app.request('/v1/admin/external-issuers')).status).toBe(401);
  });

  it('refuses bad input with stable codes', async () => {
    expect(await post('/v1/admin/external-issuers', { issuer: ext.issuer })).toEqual([400, 'invalid_request']);
    expect(await post('/v1/admin/external-issuers', { issuer: 42, name: 'X issuer' })).toEqual([400, 'invalid_request']);
    for (const issuer of ['not a url', 'ftp://issuer.example/x', 'http://issuer.example/x', 'https://issuer.example/x?tenant=1', `${ORIGIN}/issuers/dukcapil`]) {
      expect(await post('/v1/admin/external-issuers', { issuer, name: 'X issuer' }), issuer).toEqual([400, 'invalid_issuer_identifier']);
    }
    // Loopback issuers only when EXTERNAL_ISSUERS_ALLOW_LOCAL is set (tests, development).
    expect(await post('/v1/admin/external-issuers', { issuer: ext.issuer, name: 'X issuer' }, strict)).toEqual([400, 'invalid_issuer_identifier']);
    expect(await post('/v1/admin/external-issuers', { issuer: `http://localhost:${closedPort}/issuer`, name: 'X issuer' })).toEqual([502, 'issuer_metadata_unavailable']);
    // Metadata that names another issuer.
    expect(await post('/v1/admin/external-issuers', { issuer: `${ext.origin}/issuer/`, name: 'X issuer' })).toEqual([502, 'issuer_metadata_unavailable']);
    expect(await post('/v1/admin/external-issuers', { issuer: ext.issuer, name: 'X issuer' })).toEqual([201, 'ok']);
    expect(await post('/v1/admin/external-issuers', { issuer: ext.issuer, name: 'X issuer' })).toEqual([409, 'conflict']);
  });

  it('suspends and reinstates; an unknown issuer is not_found', async () => {
    expect(await post('/v1/admin/external-issuers/status', { issuer: 'https://nobody.example/issuer', status: 'suspended' })).toEqual([404, 'not_found']);
    expect(await post('/v1/admin/external-issuers/status', { issuer: ext.issuer, status: 'gone' })).toEqual([400, 'invalid_request']);
    expect(await post('/v1/admin/external-issuers/status', { issuer: ext.issuer, status: 'suspended' })).toEqual([200, 'ok']);
    expect((await t.store.externalIssuers.get(ext.issuer))!.status).toBe('suspended');
    expect(await post('/v1/admin/external-issuers/status', { issuer: ext.issuer, status: 'active' })).toEqual([200, 'ok']);
  });
});

describe('POST /v1/admin/external-credential-types', () => {
  it('refuses bad input with stable codes', async () => {
    const type = (extra: Record<string, unknown>) => ({ id: 'eu-pid', vct: ext.vct, issuers: [ext.issuer], ...extra });
    expect(await post('/v1/admin/external-credential-types', type({}), t, null)).toEqual([401, 'unauthenticated']);
    expect(await post('/v1/admin/external-credential-types', type({ id: 'Not An Id' }))).toEqual([400, 'invalid_request']);
    expect(await post('/v1/admin/external-credential-types', type({ issuers: [] }))).toEqual([400, 'invalid_request']);
    expect(await post('/v1/admin/external-credential-types', type({ vct: 'urn:eu.europa.ec.eudi:pid:1' }))).toEqual([400, 'invalid_request']);
    expect(await post('/v1/admin/external-credential-types', type({ id: 'ktp-el' }))).toEqual([409, 'conflict']);
    expect(await post('/v1/admin/external-credential-types', type({ issuers: ['https://nobody.example/issuer'] }))).toEqual([400, 'invalid_request']);
    expect(await post('/v1/admin/external-credential-types', type({ vct: `http://localhost:${closedPort}/pid` }))).toEqual([502, 'type_metadata_unavailable']);
    expect(await post('/v1/admin/external-credential-types', type({ vct: `${ext.origin}/bad-type` }))).toEqual([422, 'invalid_type_metadata']);
    expect(await post('/v1/admin/external-credential-types', type({}))).toEqual([201, 'ok']);
    expect(await post('/v1/admin/external-credential-types', type({}))).toEqual([409, 'conflict']);
    expect(await post('/v1/admin/external-credential-types', type({ id: 'eu-pid-2' }))).toEqual([409, 'conflict']);
  });

  it('lets purposes name claims of external types, by declared claims paths only', async () => {
    const purpose = (path: unknown[]) => ({
      code: `p${Math.abs(JSON.stringify(path).length)}`,
      description: { id: 'Cek', en: 'Check' },
      legalBasis: 'consent',
      claims: [{ credentialType: 'eu-pid', path }],
      maxRetentionDays: 30,
    });
    expect(await post('/v1/admin/agencies/bank-nusantara/purposes', purpose(['birth_place']))).toEqual([400, 'invalid_claims']);
    expect(await post('/v1/admin/agencies/bank-nusantara/purposes', purpose(['nationalities', null]))).toEqual([201, 'ok']);
    expect(await post('/v1/admin/agencies/bank-nusantara/purposes', purpose([{ x: 1 }]))).toEqual([400, 'invalid_request']);
  });
});

describe('POST /v1/admin/trust-anchors', () => {
  it('takes only a CA certificate, once', async () => {
    expect(await post('/v1/admin/trust-anchors', { certificate: 'x'.repeat(200) }, t, null)).toEqual([401, 'unauthenticated']);
    expect(await post('/v1/admin/trust-anchors', {})).toEqual([400, 'invalid_request']);
    expect(await post('/v1/admin/trust-anchors', { certificate: `-----BEGIN CERTIFICATE-----\n${'A'.repeat(200)}\n-----END CERTIFICATE-----` })).toEqual([400, 'invalid_certificate']);
    const keys = (await webcrypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
    const make = (ca: boolean) =>
      x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: '01', name: 'CN=Anchor test', notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000), keys, signingAlgorithm: ECDSA_SHA256,
        extensions: [new x509.BasicConstraintsExtension(ca, undefined, true)],
      });
    expect(await post('/v1/admin/trust-anchors', { certificate: (await make(false)).toString('pem') })).toEqual([400, 'invalid_certificate']);
    const pem = (await make(true)).toString('pem');
    expect(await post('/v1/admin/trust-anchors', { certificate: pem })).toEqual([201, 'ok']);
    expect(await post('/v1/admin/trust-anchors', { certificate: pem })).toEqual([409, 'conflict']);
    expect(await post('/v1/admin/external-issuers', { issuer: `${ext.origin}/x5c`, name: 'X issuer', keySource: 'pgp' })).toEqual([400, 'invalid_request']);
    expect(await post('/v1/admin/external-issuers', { issuer: `${ext.origin}/x5c`, name: 'X issuer', keySource: 'x5c' })).toEqual([201, 'ok']);
  });
});
