// Interop with an independent OpenID4VC implementation as the wallet: @openid4vc/openid4vp 0.4.6 (the library Credo
// and Paradym use) resolves a Sahih presentation request under its x509_san_dns client identifier, verifying the
// request object's x5c chain against the trust anchor Sahih publishes; the wallet answers with no Sahih account and
// no consent_record, and the agency reads a valid verdict with exactly the disclosed claims, a log receipt and a
// verifier-side consent receipt. A decline (error response) is recorded. Real clock, real SQLite, app.request().
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../verifier/registry/demo-seed.js';
import { registryDepsFrom } from '../../verifier/routes/deps.js';
import { dukcapilClaims, holderKey, jsonInit, type HolderKey, type Requester } from '../support/issuance.js';
import { createRequest, ORIGIN, present } from '../support/presentation.js';
import { answerWithLibrary, receiveWithLibrary, standardVpClient, trustAnchors as publishedAnchors } from '../support/standard-wallet.js';
import { createTestApp, TEST_KEK, type TestApp } from '../support/test-app.js';

const RS = 'rsud-sehat-sentosa';
let t: TestApp;
let keys: Record<string, string>;
let request: Requester;
const nowSeconds = () => Math.floor(Date.now() / 1000);

beforeEach(async () => {
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

const trustAnchors = () => publishedAnchors(appFetch, ORIGIN);
const walletClient = (anchors: x509.X509Certificate[]) => standardVpClient(appFetch, anchors);

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

/** Dukcapil offers a KTP-el; the library receives it (with the tx_code when the offer asks for one). */
async function receiveWithLibraryFromDukcapil(txCode: boolean): Promise<{ sdJwt: string; holder: HolderKey }> {
  const created = await request('/v1/agencies/dukcapil/offers', jsonInit({ credentialType: 'ktp-el', claims: dukcapilClaims, ...(txCode ? { txCode: true } : {}) }, { authorization: `Bearer ${keys.dukcapil}` }));
  expect(created.status).toBe(201);
  const offerBody = (await created.json()) as { credentialOfferUri: string; txCode?: string };
  const holder = holderKey();
  const sdJwt = await receiveWithLibrary({
    fetch: appFetch,
    credentialOfferUri: offerBody.credentialOfferUri,
    holder,
    ...(txCode ? { txCode: offerBody.txCode! } : {}),
    beforeToken: async (client, offer, issuerMetadata) => {
      if (!txCode) return;
      // The offer says a code is needed, and the library refuses to ask without it.
      expect(offer.grants?.['urn:ietf:params:oauth:grant-type:pre-authorized_code']?.tx_code).toBeDefined();
      await expect(client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata })).rejects.toThrow(/tx_code/);
    },
  });
  return { sdJwt, holder };
}

const readResult = async (id: string) =>
  (await (await request(`/v1/agencies/${RS}/presentation-requests/${id}`, { headers: { authorization: `Bearer ${keys[RS]}` } })).json()) as Record<string, unknown>;

describe('interop: @openid4vc/openid4vp as the wallet', () => {
  it('receives a credential with @openid4vc/openid4vci, with and without tx_code', async () => {
    for (const txCode of [false, true]) {
      const { sdJwt } = await receiveWithLibraryFromDukcapil(txCode);
      expect(sdJwt.split('~').length).toBeGreaterThan(2);
    }
  });

  it('resolves the x509_san_dns client, verifies the chain, and answers with no account and no consent record', async () => {
    const cred = await receiveWithLibraryFromDukcapil(true);
    const anchors = await trustAnchors();
    const client = walletClient(anchors);
    const req = await openRequest();
    const resolved = await client.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: req.params as never });
    expect(resolved.client).toMatchObject({ prefix: 'x509_san_dns', identifier: 'localhost', effective: 'x509_san_dns:localhost' });
    const payload = resolved.authorizationRequestPayload as { client_id: string; nonce: string; response_uri: string; state: string };
    expect(resolved.dcql?.query).toMatchObject({ credentials: [{ id: 'ktp-el' }] });

    const presentation = await present({ sdJwt: cred.sdJwt, holder: cred.holder, disclose: [['nik'], ['name']], audience: payload.client_id, nonce: payload.nonce, issuedAt: nowSeconds() });
    expect(await answerWithLibrary(client, resolved, { 'ktp-el': [presentation] })).toBe(200);

    const result = await readResult(req.id);
    expect(result).toMatchObject({ status: 'shared', verdict: 'valid', consent: { kind: 'verifier_receipt', receipt: { holderSigned: false } } });
    expect(result.claims).toEqual({ 'ktp-el': { nik: '3273015708900077', name: 'Kartika Wulandari Testdata' } });
    expect(result.receipt).toMatchObject({ eventId: expect.any(String), inclusionProof: expect.any(Array) });
  });

  it('answers an encrypted request (direct_post.jwt, ECDH-ES to the key in client_metadata)', async () => {
    const cred = await receiveWithLibraryFromDukcapil(false);
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
