// Interop with an independent OpenID4VC implementation as the wallet: @openid4vc/openid4vp 0.4.6 (the library Credo
// and Paradym use) resolves a Sahih presentation request under its x509_san_dns client identifier, verifying the
// request object's x5c chain against the trust anchor Sahih publishes; the wallet answers with no Sahih account and
// no consent_record, and the agency reads a valid verdict with exactly the disclosed claims, a log receipt and a
// verifier-side consent receipt. A decline (error response) is recorded. Real clock, real SQLite, app.request().
import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { Openid4vciClient } from '@openid4vc/openid4vci';
import { Openid4vpClient } from '@openid4vc/openid4vp';
import { signCompactJws } from '../../shared/jose/jws.js';
import { dukcapilClaims, holderKey, jsonInit, type HolderKey } from '../support/issuance.js';
import { setGlobalConfig } from '@openid4vc/utils';
import { CompactEncrypt, compactVerify, exportJWK, importJWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../verifier/registry/demo-seed.js';
import { registryDepsFrom } from '../../verifier/routes/deps.js';
import type { Requester } from '../support/issuance.js';
import { createRequest, ORIGIN, present } from '../support/presentation.js';
import { createTestApp, TEST_KEK, type TestApp } from '../support/test-app.js';

const RS = 'rsud-sehat-sentosa';
let t: TestApp;
let keys: Record<string, string>;
let request: Requester;
const nowSeconds = () => Math.floor(Date.now() / 1000);

beforeEach(async () => {
  // The test service runs on http://localhost; the library insists on https unless told this is a development setup.
  setGlobalConfig({ allowInsecureUrls: true });
  t = await createTestApp();
  keys = await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store }).ctx);
  request = async (path, init) => t.app.request(path, init);
});
afterEach(async () => t.close());

/** The library's fetch, pointed at the app: only this service's own origin is reachable. */
const appFetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url);
  if (url.origin !== ORIGIN) throw new Error(`unexpected fetch to ${url.origin}`);
  return t.app.request(`${url.pathname}${url.search}`, init);
}) as typeof fetch;

const certOf = (b64: string) => new x509.X509Certificate(Buffer.from(b64, 'base64'));

/** What a wallet pins: the operator's published trust anchors. */
async function trustAnchors(): Promise<x509.X509Certificate[]> {
  const body = (await (await request('/v1/registry/trust-anchors')).json()) as { trustAnchors: { pem: string }[] };
  return body.trustAnchors.map((a) => new x509.X509Certificate(a.pem));
}

/** Chain validation: each certificate signed by the next, the last by a pinned anchor, all within validity. */
async function verifyChain(x5c: string[], anchors: x509.X509Certificate[]): Promise<void> {
  const chain = x5c.map(certOf);
  const now = new Date();
  for (const c of chain) if (c.notBefore > now || c.notAfter < now) throw new Error('certificate outside its validity');
  for (let i = 0; i < chain.length - 1; i++) if (!(await chain[i]!.verify({ publicKey: chain[i + 1]!.publicKey, signatureOnly: true }))) throw new Error('broken chain');
  const last = chain.at(-1)!;
  for (const a of anchors) if (await last.verify({ publicKey: a.publicKey, signatureOnly: true })) return;
  throw new Error('no trust anchor');
}

function walletClient(anchors: x509.X509Certificate[]) {
  return new Openid4vpClient({
    callbacks: {
      fetch: appFetch,
      hash: (data: Uint8Array, alg: string) => new Uint8Array(createHash(alg.toLowerCase().replace('-', '')).update(data).digest()),
      generateRandom: (n: number) => webcrypto.getRandomValues(new Uint8Array(n)),
      getX509CertificateMetadata: (b64: string) => {
        const names = certOf(b64).getExtension(x509.SubjectAlternativeNameExtension)?.names.toJSON() ?? [];
        return { sanDnsNames: names.filter((n) => n.type === 'dns').map((n) => n.value), sanUriNames: names.filter((n) => n.type === 'url').map((n) => n.value) };
      },
      encryptJwe: async (encryptor: { publicJwk: Record<string, unknown>; alg: string; enc: string; apu?: string; apv?: string }, data: string) => {
        const key = await importJWK(encryptor.publicJwk as never, encryptor.alg);
        const jwe = await new CompactEncrypt(new TextEncoder().encode(data))
          .setProtectedHeader({ alg: encryptor.alg, enc: encryptor.enc, kid: encryptor.publicJwk.kid as string, ...(encryptor.apv ? { apv: encryptor.apv } : {}) })
          .encrypt(key);
        return { encryptionJwk: encryptor.publicJwk, jwe };
      },
      verifyJwt: async (signer: { method: string; x5c?: string[]; alg: string }, jwt: { compact: string }) => {
        if (signer.method !== 'x5c' || !signer.x5c) return { verified: false };
        await verifyChain(signer.x5c, anchors);
        const leafKey = await certOf(signer.x5c[0]!).publicKey.export({ name: 'ECDSA', namedCurve: 'P-256' }, ['verify']);
        await compactVerify(jwt.compact, leafKey);
        return { verified: true, signerJwk: await exportJWK(leafKey) };
      },
    } as never,
  });
}

async function openRequest(extra: Record<string, unknown> = {}) {
  const created = await createRequest(request, RS, keys[RS]!, {
    purposeCode: 'patient_registration',
    credentialType: 'ktp-el',
    claims: [
      { path: ['nik'], required: true },
      { path: ['name'], required: true },
    ],
    retentionDays: 30,
    responseMode: 'poll',
    clientIdPrefix: 'x509_san_dns',
    ...extra,
  });
  expect(created.res.status).toBe(201);
  const link = new URL(created.body.authorizationRequestUri as string);
  return { id: created.body.requestId as string, params: Object.fromEntries(link.searchParams) };
}

/** Receives a KTP-el with @openid4vc/openid4vci: offer -> issuer metadata -> token (pre-authorised code) -> proof -> credential. */
async function receiveWithLibrary(txCode: boolean): Promise<{ sdJwt: string; holder: HolderKey }> {
  const created = await request('/v1/agencies/dukcapil/offers', jsonInit({ credentialType: 'ktp-el', claims: dukcapilClaims, ...(txCode ? { txCode: true } : {}) }, { authorization: `Bearer ${keys.dukcapil}` }));
  expect(created.status).toBe(201);
  const offerBody = (await created.json()) as { credentialOfferUri: string; txCode?: string };
  const holder = holderKey();
  const client = new Openid4vciClient({
    callbacks: {
      fetch: appFetch,
      hash: (data: Uint8Array, alg: string) => new Uint8Array(createHash(alg.toLowerCase().replace('-', '')).update(data).digest()),
      generateRandom: (n: number) => webcrypto.getRandomValues(new Uint8Array(n)),
      // A public client with no authentication at the token endpoint (pre-authorised code flow).
      clientAuthentication: () => {},
      signJwt: async (_signer: unknown, jwt: { header: Record<string, unknown>; payload: Record<string, unknown> }) => ({
        jwt: await signCompactJws(jwt.header, jwt.payload, holder.signer),
        signerJwk: holder.publicJwk,
      }),
    } as never,
  });
  const offer = await client.resolveCredentialOffer(offerBody.credentialOfferUri);
  const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
  if (txCode) {
    // The offer says a code is needed, and the library refuses to ask without it.
    expect(offer.grants?.['urn:ietf:params:oauth:grant-type:pre-authorized_code']?.tx_code).toBeDefined();
    await expect(client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata })).rejects.toThrow(/tx_code/);
  }
  const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata, ...(txCode ? { txCode: offerBody.txCode! } : {}) });
  const { c_nonce: cNonce } = (await client.requestNonce({ issuerMetadata })) as { c_nonce: string };
  const configurationId = offer.credential_configuration_ids[0]!;
  const proof = await client.createCredentialRequestJwtProof({
    issuerMetadata,
    credentialConfigurationId: configurationId,
    signer: { method: 'jwk', alg: 'ES256', publicJwk: holder.publicJwk as never },
    nonce: cNonce,
  });
  const { credentialResponse } = await client.retrieveCredentials({
    issuerMetadata,
    accessToken: accessTokenResponse.access_token,
    credentialConfigurationId: configurationId,
    proof: { proof_type: 'jwt', jwt: proof.jwt },
  });
  const credential = (credentialResponse.credentials as { credential: string }[])[0]!.credential;
  return { sdJwt: credential, holder };
}

const readResult = async (id: string) =>
  (await (await request(`/v1/agencies/${RS}/presentation-requests/${id}`, { headers: { authorization: `Bearer ${keys[RS]}` } })).json()) as Record<string, unknown>;

describe('interop: @openid4vc/openid4vp as the wallet', () => {
  it('receives a credential with @openid4vc/openid4vci, with and without tx_code', async () => {
    for (const txCode of [false, true]) {
      const { sdJwt } = await receiveWithLibrary(txCode);
      expect(sdJwt.split('~').length).toBeGreaterThan(2);
    }
  });

  it('resolves the x509_san_dns client, verifies the chain, and answers with no account and no consent record', async () => {
    const cred = await receiveWithLibrary(true);
    const anchors = await trustAnchors();
    const client = walletClient(anchors);
    const req = await openRequest();
    const resolved = await client.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: req.params as never });
    expect(resolved.client).toMatchObject({ prefix: 'x509_san_dns', identifier: 'localhost', effective: 'x509_san_dns:localhost' });
    const payload = resolved.authorizationRequestPayload as { client_id: string; nonce: string; response_uri: string; state: string };
    expect(resolved.dcql?.query).toMatchObject({ credentials: [{ id: 'ktp-el' }] });

    const presentation = await present({ sdJwt: cred.sdJwt, holder: cred.holder, disclose: [['nik'], ['name']], audience: payload.client_id, nonce: payload.nonce, issuedAt: nowSeconds() });
    const { authorizationResponsePayload } = await client.createOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: resolved.authorizationRequestPayload,
      authorizationResponsePayload: { vp_token: { 'ktp-el': [presentation] } },
    } as never);
    const submitted = await client.submitOpenid4vpAuthorizationResponse({ authorizationRequestPayload: resolved.authorizationRequestPayload, authorizationResponsePayload } as never);
    expect(submitted.response.status).toBe(200);

    const result = await readResult(req.id);
    expect(result).toMatchObject({ status: 'shared', verdict: 'valid', consent: { kind: 'verifier_receipt', receipt: { holderSigned: false } } });
    expect(result.claims).toEqual({ 'ktp-el': { nik: '3273015708900077', name: 'Kartika Wulandari Testdata' } });
    expect(result.receipt).toMatchObject({ eventId: expect.any(String), inclusionProof: expect.any(Array) });
  });

  it('answers an encrypted request (direct_post.jwt, ECDH-ES to the key in client_metadata)', async () => {
    const cred = await receiveWithLibrary(false);
    const client = walletClient(await trustAnchors());
    const req = await openRequest({ responseEncryption: true });
    const resolved = await client.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: req.params as never });
    const payload = resolved.authorizationRequestPayload as { client_id: string; nonce: string; response_mode: string };
    expect(payload.response_mode).toBe('direct_post.jwt');
    const presentation = await present({ sdJwt: cred.sdJwt, holder: cred.holder, disclose: [['nik'], ['name']], audience: payload.client_id, nonce: payload.nonce, issuedAt: nowSeconds() });
    const response = await client.createOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: resolved.authorizationRequestPayload,
      authorizationResponsePayload: { vp_token: { 'ktp-el': [presentation] } },
      jarm: { encryption: {}, serverMetadata: { authorization_encryption_alg_values_supported: ['ECDH-ES'], authorization_encryption_enc_values_supported: ['A128GCM', 'A256GCM'] } },
    } as never);
    expect(response.jarm?.responseJwt.split('.')).toHaveLength(5);
    const submitted = await client.submitOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: resolved.authorizationRequestPayload,
      authorizationResponsePayload: response.authorizationResponsePayload,
      jarm: { responseJwt: response.jarm!.responseJwt },
    } as never);
    expect(submitted.response.status).toBe(200);
    const result = await readResult(req.id);
    expect(result).toMatchObject({ status: 'shared', verdict: 'valid', consent: { kind: 'verifier_receipt' } });
    expect(result.claims).toEqual({ 'ktp-el': { nik: '3273015708900077', name: 'Kartika Wulandari Testdata' } });
  });

  it('refuses a plain answer to an encrypted request and a response that does not decrypt', async () => {
    const req = await openRequest({ responseEncryption: true });
    const ro = (await (await request(`/v1/presentation-requests/${req.id}/request-object`)).text()).split('.')[1]!;
    const responseUri = new URL((JSON.parse(Buffer.from(ro, 'base64url').toString()) as { response_uri: string }).response_uri).pathname;
    for (const body of ['vp_token=%7B%7D&state=x', 'response=not.a.jwe.at.all']) {
      const res = await request(responseUri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([400, 'invalid_request']);
    }
  });

  it('refuses a request whose chain does not lead to a pinned anchor', async () => {
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const other = await x509.X509CertificateGenerator.createSelfSigned({ name: 'CN=Someone Else', keys: (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair, signingAlgorithm: alg });
    const req = await openRequest();
    await expect(walletClient([other]).resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: req.params as never })).rejects.toThrow();
  });

  it('records a decline (error response)', async () => {
    const client = walletClient(await trustAnchors());
    const req = await openRequest();
    const resolved = await client.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: req.params as never });
    const submitted = await client.submitOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: resolved.authorizationRequestPayload,
      authorizationResponsePayload: { error: 'access_denied', error_description: 'The citizen declined', state: (resolved.authorizationRequestPayload as { state: string }).state },
    } as never);
    expect(submitted.response.status).toBe(200);
    expect(await readResult(req.id)).toMatchObject({ status: 'declined' });
  });
});
