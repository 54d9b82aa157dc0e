// x509 client identifiers through app.request() with the demo seed (which creates a development CA) and real SQLite:
// the published trust anchor, request objects under x509_san_dns and x509_hash whose x5c chains to it and certifies
// the agency's published key, an answer under that client id, an imported CA with an intermediate, and bad input.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeBase64urlJson } from '../../shared/encoding/base64url.js';
import { seedDemo } from '../registry/demo-seed.js';
import { registryDepsFrom } from '../routes/deps.js';
import { jsonInit, type Requester } from '../../test/support/issuance.js';
import { createRequest, fetchRequestObject, ORIGIN } from '../../test/support/presentation.js';
import { createTestApp, TEST_KEK, type TestApp } from '../../test/support/test-app.js';
import { importCa } from './ca.js';
import { x509HashOf } from './agency-certificate.js';

const RS = 'rsud-sehat-sentosa';
let t: TestApp;
let keys: Record<string, string>;
let request: Requester;
const ctxOf = () => registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store }).ctx;

beforeEach(async () => {
  t = await createTestApp();
  keys = await seedDemo(ctxOf());
  request = async (path, init) => t.app.request(path, init);
});
afterEach(async () => t.close());

const body = (extra: Record<string, unknown>) => ({ purposeCode: 'patient_registration', credentialType: 'ktp-el', retentionDays: 30, responseMode: 'poll', ...extra });

async function anchors(): Promise<x509.X509Certificate[]> {
  const res = await request('/v1/registry/trust-anchors');
  expect(res.status).toBe(200);
  const out = (await res.json()) as { trustAnchors: { certificate: string; pem: string }[] };
  return out.trustAnchors.map((a) => new x509.X509Certificate(a.pem));
}

async function openX509(prefix: 'x509_san_dns' | 'x509_hash') {
  const created = await createRequest(request, RS, keys[RS]!, body({ clientIdPrefix: prefix }));
  expect(created.res.status).toBe(201);
  const ro = await fetchRequestObject(request, created.body.requestUri as string);
  const header = decodeBase64urlJson(ro.jwt.split('.')[0]!) as { x5c: string[]; kid: string };
  return { created: created.body, payload: ro.payload!, header, chain: header.x5c.map((c) => new x509.X509Certificate(Buffer.from(c, 'base64'))) };
}

/** Chain validation as a wallet does it: every certificate signed by the next, the last by a pinned anchor. */
async function chainsTo(chain: x509.X509Certificate[], roots: x509.X509Certificate[]): Promise<boolean> {
  for (let i = 0; i < chain.length - 1; i++) if (!(await chain[i]!.verify({ publicKey: chain[i + 1]!.publicKey, signatureOnly: true }))) return false;
  const last = chain.at(-1)!;
  for (const root of roots) if (await last.verify({ publicKey: root.publicKey, signatureOnly: true })) return true;
  return false;
}

describe('x509 client identifiers', () => {
  it('publishes the development CA as the one trust anchor', async () => {
    const [root, ...rest] = await anchors();
    expect(rest).toEqual([]);
    expect(await root!.isSelfSigned()).toBe(true);
    expect(root!.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(true);
  });

  it('signs an x509_san_dns request object with a chain to the anchor that certifies the agency key', async () => {
    const { created, payload, header, chain } = await openX509('x509_san_dns');
    expect(created.clientId).toBe('x509_san_dns:localhost');
    expect(payload.client_id).toBe('x509_san_dns:localhost');
    expect(new URL(payload.response_uri).hostname).toBe('localhost');
    expect(created.authorizationRequestUri).toContain(encodeURIComponent('x509_san_dns:localhost'));
    // HAIP 1.0: the trust anchor itself is not in x5c.
    expect(chain).toHaveLength(1);
    expect(await chainsTo(chain, await anchors())).toBe(true);
    const san = chain[0]!.getExtension(x509.SubjectAlternativeNameExtension)!.names.toJSON();
    expect(san).toEqual([
      { type: 'dns', value: 'localhost' },
      { type: 'url', value: `${ORIGIN}/agencies/${RS}` },
    ]);
    // The leaf's key is the agency's published request-object key, so Sahih's wallet can check either way.
    const jwks = (await (await request(`/v1/registry/agencies/${RS}/jwks`)).json()) as { keys: { kid: string; x: string; y: string }[] };
    const published = jwks.keys.find((k) => k.kid === header.kid)!;
    const leafJwk = await webcrypto.subtle.exportKey('jwk', await chain[0]!.publicKey.export({ name: 'ECDSA', namedCurve: 'P-256' }, ['verify']));
    expect({ x: leafJwk.x, y: leafJwk.y }).toEqual({ x: published.x, y: published.y });
  });

  it('names the leaf by its hash under x509_hash, and reuses one certificate per agency key', async () => {
    const a = await openX509('x509_hash');
    const b = await openX509('x509_san_dns');
    expect(a.header.x5c[0]).toBe(b.header.x5c[0]);
    expect(a.created.clientId).toBe(`x509_hash:${x509HashOf(a.header.x5c[0]!)}`);
    expect(a.payload.client_id).toBe(a.created.clientId);
  });

  it('defaults to x509_san_dns with a CA, and keeps the registry client id, without x5c, when asked for it', async () => {
    expect((await createRequest(request, RS, keys[RS]!, body({}))).body.clientId).toBe(`x509_san_dns:${new URL(ORIGIN).hostname}`);
    const created = await createRequest(request, RS, keys[RS]!, body({ clientIdPrefix: 'sahih_registry' }));
    expect(created.body.clientId).toBe(`${ORIGIN}/agencies/${RS}`);
    const ro = await fetchRequestObject(request, created.body.requestUri as string);
    expect(decodeBase64urlJson(ro.jwt.split('.')[0]!)).not.toHaveProperty('x5c');
  });

  it('refuses an unknown client id prefix and a return URL that is not http(s)', async () => {
    for (const extra of [{ clientIdPrefix: 'https' }, { clientIdPrefix: 'did' }, { returnUrl: 'javascript:alert(1)' }, { returnUrl: 'not a url' }]) {
      const res = await request(`/v1/agencies/${RS}/presentation-requests`, jsonInit(body(extra), { authorization: `Bearer ${keys[RS]}` }));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('invalid_request');
    }
  });

  it('imports a real CA below a root: x5c carries the intermediate, the anchor is the root', async () => {
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const rootKeys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
    const root = await x509.X509CertificateGenerator.createSelfSigned({ name: 'CN=Test Root', keys: rootKeys, signingAlgorithm: alg, extensions: [new x509.BasicConstraintsExtension(true, 1, true)] });
    const interKeys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
    const inter = await x509.X509CertificateGenerator.create({
      subject: 'CN=Test Issuing CA',
      issuer: root.subject,
      publicKey: interKeys.publicKey,
      signingKey: rootKeys.privateKey,
      signingAlgorithm: alg,
      extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
    });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', interKeys.privateKey)).toString('base64');
    const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8}\n-----END PRIVATE KEY-----\n`;
    // The wrong key for the certificate is refused, and so is a certificate that is no CA.
    const wrong = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', rootKeys.privateKey)).toString('base64');
    await expect(importCa(ctxOf(), { certificatePem: inter.toString('pem'), privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${wrong}\n-----END PRIVATE KEY-----` })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(importCa(ctxOf(), { certificatePem: 'garbage', privateKeyPem: keyPem })).rejects.toMatchObject({ code: 'invalid_request' });

    await importCa(ctxOf(), { certificatePem: inter.toString('pem'), privateKeyPem: keyPem, chainPem: root.toString('pem') });
    const pinned = await anchors();
    expect(pinned.map((a) => a.subject)).toContain('CN=Test Root');
    const { chain } = await openX509('x509_san_dns');
    expect(chain.map((c) => c.issuer)).toEqual(['CN=Test Issuing CA', 'CN=Test Root']);
    expect(await chainsTo(chain, [root])).toBe(true);
  });
});
