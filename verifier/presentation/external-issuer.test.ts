// An issuer outside Sahih, made only with @sd-jwt/sd-jwt-vc and served from a local HTTP server: registered through
// the admin API, its presentations pass POST /v1/verify and the OpenID4VP flow, the attack table answers with the
// same codes as for Sahih's own issuers, its key rotation and a revocation in its status list are honoured, and it
// going offline gives status_unavailable once the last list read is older than the configured bound.
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECDSA_P256, ECDSA_SHA256, x509 } from '../x509/provider.js';
import { jwkThumbprint } from '../../shared/crypto/jwk.js';
import { registerAttackTable } from '../../shared/sdjwt/attacks.contract.js';
import { verifySdJwtVc } from '../../shared/sdjwt/verify.js';
import { AppError } from '../errors.js';
import { seedDemo } from '../registry/demo-seed.js';
import { registryDepsFrom } from '../routes/deps.js';
import { createExternalTrust } from '../trust/external-trust.js';
import { holderKey, jsonInit, type HolderKey, type Requester } from '../../test/support/issuance.js';
import { startExternalIssuer, type ExternalIssuer } from '../../test/support/external-issuer.js';
import { consentRecordFor, createRequest, crypto, fetchRequestObject, ORIGIN, postResponse, present, signConsent, signedInCookie } from '../../test/support/presentation.js';
import { createTestApp, TEST_ADMIN_TOKEN, TEST_KEK, type TestApp } from '../../test/support/test-app.js';
import { presentationDepsFrom } from './deps.js';
import { verifyPresentation } from './verify-presentation.js';

const BANK = 'bank-nusantara';
const AUD = 'https://bank-nusantara.demo.sahih.id/kyc';
const MAX_STALE = 600;
const externalConfig = { allowLocal: true, keyRefreshSeconds: 3600, statusMaxStaleSeconds: MAX_STALE, fetchTimeoutMs: 2000 };

let t: TestApp;
let ext: ExternalIssuer;
let now: number;
let keys: Record<string, string>;
let request: Requester;
let holder: HolderKey;
let accountId: string;
let sdJwt: string;
const nowSeconds = () => Math.floor(now / 1000);
const admin = (path: string, body?: unknown) =>
  request(path, body === undefined ? { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } } : jsonInit(body, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }));

beforeAll(async () => {
  now = Date.UTC(2026, 0, 15, 3, 0, 0);
  ext = await startExternalIssuer();
  ext.statusTiming.iat = nowSeconds() - 10;
  t = await createTestApp({ now: () => now, config: { externalIssuers: externalConfig } });
  keys = await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store, now: () => now }).ctx);
  request = async (path, init) => t.app.request(path, init);
  const session = await signedInCookie(request);
  accountId = session.accountId;
  holder = holderKey();
  // Sahih-bound holder (as a Sahih wallet would be); standard wallets without an account are another issue's part.
  await t.store.holderBindings.bind(await jwkThumbprint(holder.publicJwk, crypto), accountId, now);

  const registered = await admin('/v1/admin/external-issuers', { issuer: ext.issuer, name: 'Pusat Data Provinsi (external)' });
  expect(registered.status, await registered.clone().text()).toBe(201);
  const type = await admin('/v1/admin/external-credential-types', { id: 'eu-pid', vct: ext.vct, issuers: [ext.issuer] });
  expect(type.status, await type.clone().text()).toBe(201);
  const purpose = await admin(`/v1/admin/agencies/${BANK}/purposes`, {
    code: 'pid_check',
    description: { id: 'Cek identitas', en: 'Identity check' },
    legalBasis: 'consent',
    claims: [
      { credentialType: 'eu-pid', path: ['given_name'] },
      { credentialType: 'eu-pid', path: ['nationalities', null] },
      { credentialType: 'eu-pid', path: ['address', 'city'] },
    ],
    maxRetentionDays: 365,
  });
  expect(purpose.status, await purpose.clone().text()).toBe(201);
  sdJwt = await ext.issue({ holderJwk: holder.publicJwk, idx: 3, iat: nowSeconds() - 1000, exp: nowSeconds() + 86_400 });
});
afterAll(async () => {
  await t?.close();
  await ext?.close();
});

async function verify(presentation: string, nonce: string, purposeCode = 'pid_check') {
  const res = await request('/v1/verify', jsonInit({ presentation, nonce, audience: AUD, purposeCode }, { authorization: `Bearer ${keys[BANK]!}` }));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

let nonces = 0;
async function presentAndVerify(credential = sdJwt) {
  const nonce = `n-${++nonces}`;
  const presentation = await present({ sdJwt: credential, holder, disclose: [['given_name'], ['nationalities', 0], ['nationalities', 1], ['address', 'city']], audience: AUD, nonce, issuedAt: nowSeconds() });
  return verify(presentation, nonce);
}

registerAttackTable('service pipeline, issuer outside Sahih (@sd-jwt/sd-jwt-vc)', async () => {
  // The same trust the app builds, over the same store: keys from the issuer's metadata, its status list over HTTP.
  const deps = presentationDepsFrom(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store, now: () => now }).ctx, t.transparency, createExternalTrust(registryDepsFrom({ config: { publicUrl: ORIGIN }, store: t.store, now: () => now }).ctx, externalConfig));
  const stranger = holderKey();
  return {
    sdJwt,
    issuer: { signer: ext.signer(), publicJwk: ext.key.publicJwk },
    holder: { signer: holder.signer, publicJwk: holder.publicJwk },
    stranger: { signer: stranger.signer, publicJwk: stranger.publicJwk },
    trustedKid: ext.key.kid,
    vct: ext.vct,
    now: nowSeconds(),
    audience: AUD,
    nonce: 'attack-nonce',
    async verify(token, overrides) {
      if (Object.keys(overrides).length > 0) {
        return verifySdJwtVc({
          token,
          crypto,
          resolveIssuerKey: deps.trust.resolveIssuerKey,
          statusChecker: deps.trust.statusChecker,
          now: nowSeconds,
          expectedAudience: AUD,
          expectedNonce: 'attack-nonce',
          ...overrides,
        });
      }
      try {
        await verifyPresentation(deps, token, { nonce: 'attack-nonce', audience: AUD });
        return { ok: true };
      } catch (error) {
        if (error instanceof AppError) return { ok: false, code: error.code, detail: error.detail ?? '' };
        throw error;
      }
    },
  };
});

describe('an issuer outside Sahih', () => {
  it('is registered through the admin API with the keys from its metadata, and its type by vct', async () => {
    const issuers = (await (await admin('/v1/admin/external-issuers')).json()) as { issuers: Record<string, unknown>[] };
    expect(issuers.issuers).toEqual([expect.objectContaining({ issuer: ext.issuer, keySource: 'metadata', status: 'active' })]);
    const types = (await (await admin('/v1/admin/external-credential-types')).json()) as { types: { id: string; claims: { path: unknown[] }[]; display: unknown }[] };
    expect(types.types[0]).toMatchObject({ id: 'eu-pid', display: { name: { id: 'Identitas Pribadi', en: 'Personal ID' } } });
    expect(types.types[0]!.claims.map((c) => c.path)).toContainEqual(['nationalities', null]);
  });

  it('passes POST /v1/verify with arrays and nested objects, exactly the disclosed claims, logged for the holder', async () => {
    const ok = await presentAndVerify();
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ valid: true, claims: { given_name: 'Siti', nationalities: ['ID', 'NL'], address: { city: 'Bandung' } } });
    expect((ok.body.claims as { address: Record<string, unknown> }).address.street).toBeUndefined();
    const event = (await t.store.accessEvents.get((ok.body.receipt as { eventId: string }).eventId))!;
    expect(event.accountId).toBe(accountId);
    // A claim outside the purpose is refused as for any issuer.
    const nonce = 'n-outside';
    const wide = await present({ sdJwt, holder, disclose: [['family_name']], audience: AUD, nonce, issuedAt: nowSeconds() });
    expect((await verify(wide, nonce)).body.code).toBe('claims_outside_purpose');
  });

  it('passes the OpenID4VP flow', async () => {
    const created = await createRequest(request, BANK, keys[BANK]!, {
      purposeCode: 'pid_check',
      credentialType: 'eu-pid',
      claims: [
        { path: ['given_name'], required: true },
        { path: ['nationalities', null], required: true },
      ],
      retentionDays: 30,
      responseMode: 'poll',
    });
    expect(created.res.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.dcqlQuery).toMatchObject({ credentials: [{ id: 'eu-pid', meta: { vct_values: [ext.vct] } }] });
    const ro = (await fetchRequestObject(request, created.body.requestUri as string)).payload!;
    const presentation = await present({ sdJwt, holder, disclose: [['given_name'], ['nationalities', 0], ['nationalities', 1]], audience: ro.client_id, nonce: ro.nonce, issuedAt: nowSeconds() });
    const record = consentRecordFor(ro, {
      thumbprint: await jwkThumbprint(holder.publicJwk, crypto),
      dataItems: [
        { name: 'given_name', required: true, shared: true },
        { name: 'nationalities.*', required: true, shared: true },
      ],
      at: nowSeconds(),
      requestId: created.body.requestId as string,
    });
    const answered = await postResponse(request, ro.response_uri, { vp_token: JSON.stringify({ 'eu-pid': [presentation] }), state: ro.state, consent_record: await signConsent(record, holder) });
    expect(answered.res.status, JSON.stringify(answered.body)).toBe(200);
    const result = await request(`/v1/agencies/${BANK}/presentation-requests/${created.body.requestId as string}`, { headers: { authorization: `Bearer ${keys[BANK]!}` } });
    expect(await result.json()).toMatchObject({ status: 'shared', claims: { 'eu-pid': { given_name: 'Siti', nationalities: ['ID', 'NL'] } } });
  });

  it('picks up a key rotation at the issuer without a restart (unknown kid refreshes, rate-bounded)', async () => {
    ext.rotate();
    const rotated = await ext.issue({ holderJwk: holder.publicJwk, idx: 4, iat: nowSeconds() - 10, exp: nowSeconds() + 86_400 });
    now += 31_000;
    expect((await presentAndVerify(rotated)).body).toMatchObject({ valid: true });
    // The old key is still published, so credentials signed before the rotation still verify.
    expect((await presentAndVerify()).body).toMatchObject({ valid: true });
  });

  it('honours a revocation in its status list once the cached list expires', async () => {
    ext.setStatus(3, 1);
    ext.statusTiming.iat = nowSeconds();
    now += 301_000;
    expect((await presentAndVerify()).body).toMatchObject({ valid: false, code: 'revoked' });
    ext.setStatus(3, 0);
    ext.statusTiming.iat = nowSeconds();
    now += 301_000;
    expect((await presentAndVerify()).body).toMatchObject({ valid: true });
  });

  it('offline: the last list answers up to the bound, then status_unavailable', async () => {
    ext.offline = true;
    now += 301_000;
    expect((await presentAndVerify()).body).toMatchObject({ valid: true });
    now += MAX_STALE * 1000;
    expect((await presentAndVerify()).body).toMatchObject({ valid: false, code: 'status_unavailable' });
    ext.offline = false;
  });
});

/** A CA and a leaf for `localhost` (the issuer's host) made with @peculiar/x509; the leaf's key signs credentials. */
async function x5cIssuerChain(name: string) {
  const subtle = webcrypto.subtle;
  const caKeys = (await subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const leafKeys = (await subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date(now - 86_400_000);
  const notAfter = new Date(now + 365 * 86_400_000);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: `CN=${name}`, notBefore, notAfter, keys: caKeys, signingAlgorithm: ECDSA_SHA256,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '02', subject: 'CN=issuer', issuer: ca.subject, notBefore, notAfter, publicKey: leafKeys.publicKey, signingKey: caKeys.privateKey, signingAlgorithm: ECDSA_SHA256,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }])],
  });
  const sign = async (data: string) => Buffer.from(await subtle.sign(ECDSA_SHA256, leafKeys.privateKey, Buffer.from(data))).toString('base64url');
  return { caPem: ca.toString('pem'), x5c: [Buffer.from(leaf.rawData).toString('base64')], sign };
}

describe('an issuer outside Sahih that signs with an x5c chain', () => {
  it('verifies when the chain leads to an operator trust anchor and names the issuer, and not otherwise', async () => {
    const issuer = `${ext.origin}/x5c-issuer`;
    const trusted = await x5cIssuerChain('Provinsi Root CA');
    const stranger = await x5cIssuerChain('Unknown CA');
    expect((await admin('/v1/admin/trust-anchors', { certificate: trusted.caPem })).status).toBe(201);
    expect((await admin('/v1/admin/external-issuers', { issuer, name: 'Provinsi (x5c)', keySource: 'x5c' })).status).toBe(201);
    await t.store.externalCredentialTypes.setIssuers('eu-pid', [ext.issuer, issuer]);
    const issue = (chain: Awaited<ReturnType<typeof x5cIssuerChain>>) =>
      new SDJwtVcInstance({
        signer: chain.sign,
        signAlg: 'ES256',
        hasher: (data: string | ArrayBuffer) => new Uint8Array(createHash('sha256').update(typeof data === 'string' ? data : Buffer.from(data)).digest()),
        hashAlg: 'sha-256',
        saltGenerator: (length: number) => randomBytes(length).toString('base64url'),
      }).issue(
        { iss: issuer, iat: nowSeconds() - 10, exp: nowSeconds() + 86_400, vct: ext.vct, cnf: { jwk: holder.publicJwk }, given_name: 'Siti', nationalities: ['ID'], address: { city: 'Bandung' } },
        { _sd: ['given_name', 'address'], nationalities: { _sd: [0] } } as never,
        { header: { typ: 'dc+sd-jwt', x5c: chain.x5c } },
      );
    expect((await presentAndVerify(await issue(trusted))).body).toMatchObject({ valid: true, claims: { given_name: 'Siti', nationalities: ['ID'] } });
    expect((await presentAndVerify(await issue(stranger))).body).toMatchObject({ valid: false, code: 'untrusted_issuer' });
  });
});
