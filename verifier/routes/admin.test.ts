/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies are read loosely in these assertions */
// The operator API and public metadata: admin auth, agencies, key rotation (old key still published), API keys
// (shown once, hashed, revocable, last use kept), types and purposes; and every route of issue 4 in /openapi.json.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../../test/support/test-app.js';
import { dukcapilClaims, jsonInit } from '../../test/support/issuance.js';

let t: TestApp;
let now: number;
const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const call = async (path: string, init: RequestInit = {}) => {
  const res = await t.app.request(path, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
};
const post = (path: string, body: unknown, headers = admin) => call(path, jsonInit(body, headers));

const agency = (id: string, role = 'issuer') => ({
  id,
  legalName: `Agency ${id}`,
  contact: `halo@${id}.example`,
  dpoContact: `dpo@${id}.example`,
  privacyNoticeUrl: `https://${id}.example/privasi`,
  role,
});
const l = (s: string) => ({ id: `${s} (id)`, en: s });
const type = { id: 'kartu-test', display: { name: l('Test card'), description: l('A test card') }, defaultValidityDays: 30, claims: [{ name: 'holder', type: 'string', label: l('Holder'), mandatory: true }] };

beforeEach(async () => {
  now = Date.UTC(2026, 2, 1);
  t = await createTestApp({ now: () => now });
});
afterEach(async () => t.close());

describe('admin API', () => {
  it('refuses requests without the admin token', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: `Basic ${TEST_ADMIN_TOKEN}` }] as Record<string, string>[]) {
      const res = await call('/v1/admin/agencies', { headers });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthenticated');
    }
  });

  it('accepts validities of decades (a birth certificate) up to 100 years, and answers them inside the schema', async () => {
    expect((await post('/v1/admin/credential-types', { ...type, defaultValidityDays: 50 * 365 })).status).toBe(201);
    expect((await post('/v1/admin/credential-types', { ...type, id: 'too-long', defaultValidityDays: 36_501 })).body.code).toBe('invalid_request');
    const doc = (await call('/openapi.json')).body;
    expect(doc.components.schemas.CredentialType.properties.defaultValidityDays.maximum).toBe(36_500);
    const listed = (await call('/v1/registry/credential-types')).body.credentialTypes;
    expect(listed.map((t: { defaultValidityDays: number }) => t.defaultValidityDays)).toEqual([50 * 365]);
  });

  it('registers types and agencies, refusing duplicates and bad input', async () => {
    expect((await post('/v1/admin/credential-types', type)).status).toBe(201);
    expect((await post('/v1/admin/credential-types', type)).body.code).toBe('conflict');
    expect((await post('/v1/admin/credential-types', { ...type, id: 'x2', claims: [{ ...type.claims[0], name: 'vct' }] })).body.code).toBe('invalid_claims');
    const created = await post('/v1/admin/agencies', { ...agency('samsat'), credentialTypes: ['kartu-test'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'samsat', status: 'active', credentialTypes: ['kartu-test'], credentialIssuer: 'http://localhost:3000/issuers/samsat' });
    expect(created.body.keys).toHaveLength(1);
    expect(JSON.stringify(created.body)).not.toMatch(/"d"\s*:/);
    expect((await post('/v1/admin/agencies', agency('samsat'))).body.code).toBe('conflict');
    const bad = await post('/v1/admin/agencies', { ...agency('Bad Id'), privacyNoticeUrl: 'nope' });
    expect(bad.body.code).toBe('invalid_request');
    expect([...new Set(bad.body.errors.map((e: { path: string }) => e.path))].sort()).toEqual(['/body/id', '/body/privacyNoticeUrl']);
    // A notice URL that is not http(s) could become a script link in the wallet: refused, for the field (issue 16).
    for (const privacyNoticeUrl of ['javascript:alert(1)', 'JAVASCRIPT:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'ftp://x.example/p']) {
      const refused = await post('/v1/admin/agencies', { ...agency('x5'), privacyNoticeUrl });
      expect([refused.status, refused.body.code, refused.body.errors.map((e: { path: string }) => e.path)], privacyNoticeUrl).toEqual([400, 'invalid_request', ['/body/privacyNoticeUrl']]);
    }
    expect(await t.store.agencies.get('x5')).toBeUndefined();
    expect((await post('/v1/admin/agencies', { ...agency('x3'), credentialTypes: ['nope'] })).body.code).toBe('unknown_credential_type');
    expect(await t.store.agencies.get('x3')).toBeUndefined();
    expect((await post('/v1/admin/agencies', { ...agency('x4', 'verifier'), credentialTypes: ['kartu-test'] })).body.code).toBe('agency_role_mismatch');
    expect((await post('/v1/admin/agencies/nobody/credential-types', { credentialType: 'kartu-test' })).body.code).toBe('not_found');
    expect((await call('/v1/admin/agencies', { headers: admin })).body.agencies).toHaveLength(1);
    expect((await call('/v1/admin/agencies/nobody', { headers: admin })).body.code).toBe('not_found');
  });

  it('rotates keys: the new key signs, the old key stays published until its credentials expire', async () => {
    await post('/v1/admin/agencies', agency('samsat'));
    const before = (await call('/.well-known/jwt-vc-issuer/issuers/samsat')).body.jwks.keys;
    now += 1000;
    const rotated = await post('/v1/admin/agencies/samsat/keys/rotate', {});
    expect(rotated.status).toBe(200);
    expect(rotated.body.agency.keys.map((k: { status: string }) => k.status)).toEqual(['retired', 'active']);
    const after = (await call('/.well-known/jwt-vc-issuer/issuers/samsat')).body.jwks.keys;
    expect(after.map((k: { kid: string }) => k.kid)).toEqual([before[0].kid, rotated.body.kid]);
    expect(after[0]).not.toHaveProperty('d');
    now += 3 * 24 * 3600 * 1000;
    const later = (await call('/.well-known/jwt-vc-issuer/issuers/samsat')).body.jwks.keys;
    expect(later.map((k: { kid: string }) => k.kid)).toEqual([rotated.body.kid]);
    expect((await post('/v1/admin/agencies/nobody/keys/rotate', {})).body.code).toBe('not_found');
    // Private keys are sealed: the raw rows hold no "d" member in clear.
    const rows = await t.store.agencyKeys.list('samsat');
    for (const row of rows) expect(row.privateJwkSealed).toMatch(/^v1\./);
  });

  it('creates API keys shown once, stored hashed, scoped, revocable, with last use kept', async () => {
    await post('/v1/admin/credential-types', type);
    await post('/v1/admin/agencies', { ...agency('samsat'), credentialTypes: ['kartu-test'] });
    const created = await post('/v1/admin/agencies/samsat/api-keys', { label: 'backend' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const apiKey: string = created.body.apiKey;
    expect(apiKey).toMatch(/^sahih_live_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const stored = await t.store.apiKeys.get(created.body.key.id);
    expect(stored?.secretHash).not.toContain(apiKey.slice(28));
    const listed = await call('/v1/admin/agencies/samsat/api-keys', { headers: admin });
    expect(JSON.stringify(listed.body)).not.toContain(apiKey.slice(28));
    expect(listed.body.apiKeys[0].lastUsedAt).toBeNull();

    const offer = () => post('/v1/agencies/samsat/offers', { credentialType: 'kartu-test', claims: { holder: 'X' } }, { authorization: `Bearer ${apiKey}` });
    expect((await offer()).status).toBe(201);
    expect((await call('/v1/admin/agencies/samsat/api-keys', { headers: admin })).body.apiKeys[0].lastUsedAt).toBe(new Date(now).toISOString());
    expect((await call(`/v1/admin/agencies/samsat/api-keys/${created.body.key.id}`, { method: 'DELETE', headers: admin })).status).toBe(204);
    const refused = await offer();
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('invalid_api_key');
    expect((await call(`/v1/admin/agencies/samsat/api-keys/${created.body.key.id}`, { method: 'DELETE', headers: admin })).body.code).toBe('not_found');
    expect((await call('/v1/admin/agencies/samsat/api-keys/not-hex', { method: 'DELETE', headers: admin })).body.code).toBe('invalid_request');
    expect((await post('/v1/admin/agencies/samsat/api-keys', {})).body.code).toBe('invalid_request');
  });

  it('suspends and reinstates agencies', async () => {
    await post('/v1/admin/agencies', agency('samsat'));
    const key = (await post('/v1/admin/agencies/samsat/api-keys', { label: 'k' })).body.apiKey;
    expect((await post('/v1/admin/agencies/samsat/suspend', {})).body.status).toBe('suspended');
    expect((await call('/v1/agencies/samsat', { headers: { authorization: `Bearer ${key}` } })).body.code).toBe('agency_suspended');
    expect((await post('/v1/admin/agencies/samsat/reinstate', {})).body.status).toBe('active');
    expect((await call('/v1/agencies/samsat', { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect((await post('/v1/admin/agencies/nobody/suspend', {})).body.code).toBe('not_found');
  });

  it('registers purposes for verifiers only, within registered claims', async () => {
    await post('/v1/admin/credential-types', type);
    await post('/v1/admin/agencies', agency('klinik', 'verifier'));
    await post('/v1/admin/agencies', agency('samsat'));
    const purpose = { code: 'check_in', description: l('Check-in'), legalBasis: 'contract', claims: [{ credentialType: 'kartu-test', path: ['holder'] }], maxRetentionDays: 30 };
    const created = await post('/v1/admin/agencies/klinik/purposes', purpose);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'check_in', legalBasis: 'contract', maxRetentionDays: 30 });
    expect((await post('/v1/admin/agencies/samsat/purposes', purpose)).body.code).toBe('agency_role_mismatch');
    expect(created.body.requireSignedConsent).toBe(false);
    expect((await post('/v1/admin/agencies/klinik/purposes', { ...purpose, legalBasis: 'because' })).body.code).toBe('invalid_request');
    expect((await post('/v1/admin/agencies/klinik/purposes', { ...purpose, code: 'signed', requireSignedConsent: 'yes' })).body.code).toBe('invalid_request');
    expect((await post('/v1/admin/agencies/klinik/purposes', { ...purpose, code: 'signed', requireSignedConsent: true })).body).toMatchObject({ code: 'signed', requireSignedConsent: true });
    expect((await post('/v1/admin/agencies/klinik/purposes', { ...purpose, code: 'other', claims: [{ credentialType: 'nope', path: ['holder'] }] })).body.code).toBe('invalid_claims');
    const registry = await call('/v1/registry/agencies/klinik');
    expect(registry.body.purposes[0]).toMatchObject({ code: 'check_in', description: l('Check-in') });
    expect(registry.body).not.toHaveProperty('keys');
    expect((await call('/v1/registry/agencies')).body.agencies).toHaveLength(2);
    expect((await call('/v1/registry/agencies/NOPE')).body.code).toBe('invalid_request');
    expect((await call('/v1/registry/credential-types')).body.credentialTypes[0].vct).toBe('http://localhost:3000/vct/kartu-test');
  });
});

describe('issuer metadata', () => {
  it('serves credential issuer, authorization server, JWT VC issuer and type metadata per agency', async () => {
    await post('/v1/admin/credential-types', type);
    await post('/v1/admin/agencies', { ...agency('samsat'), credentialTypes: ['kartu-test'] });
    await post('/v1/admin/agencies', agency('klinik', 'verifier'));
    const issuer = await call('/.well-known/openid-credential-issuer/issuers/samsat');
    expect(issuer.body).toMatchObject({
      credential_issuer: 'http://localhost:3000/issuers/samsat',
      credential_endpoint: 'http://localhost:3000/issuers/samsat/credential',
      nonce_endpoint: 'http://localhost:3000/issuers/samsat/nonce',
      credential_configurations_supported: { 'kartu-test': { format: 'dc+sd-jwt', vct: 'http://localhost:3000/vct/kartu-test' } },
    });
    expect(issuer.headers.get('cache-control')).toContain('max-age');
    const as = await call('/.well-known/oauth-authorization-server/issuers/samsat');
    expect(as.body).toMatchObject({ token_endpoint: 'http://localhost:3000/issuers/samsat/token', 'pre-authorized_grant_anonymous_access_supported': true });
    const vct = await call('/vct/kartu-test');
    expect(vct.body.display.map((d: { locale: string }) => d.locale)).toEqual(['id-ID', 'en-US']);
    expect(vct.body.claims[0]).toMatchObject({ path: ['holder'], sd: 'always' });
    for (const path of ['/.well-known/openid-credential-issuer/issuers/klinik', '/.well-known/openid-credential-issuer/issuers/nobody', '/.well-known/oauth-authorization-server/issuers/nobody', '/.well-known/jwt-vc-issuer/issuers/nobody', '/vct/nothing']) {
      expect((await call(path)).body.code, path).toBe('not_found');
    }
    expect((await call('/vct/UPPER')).body.code).toBe('invalid_request');
  });

  it('answers offers with a QR code SVG and the openid-credential-offer URI', async () => {
    await post('/v1/admin/credential-types', type);
    await post('/v1/admin/agencies', { ...agency('samsat'), credentialTypes: ['kartu-test'] });
    const key = (await post('/v1/admin/agencies/samsat/api-keys', { label: 'k' })).body.apiKey;
    const offer = await post('/v1/agencies/samsat/offers', { credentialType: 'kartu-test', claims: { holder: 'X' }, txCode: true }, { authorization: `Bearer ${key}` });
    expect(offer.body.credentialOfferUri).toMatch(/^openid-credential-offer:\/\/\?credential_offer=/);
    expect(offer.body.qrSvg).toMatch(/^<svg[^>]*>/);
    expect(offer.body.txCode).toMatch(/^\d{6}$/);
    expect(offer.body.credentialOffer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code'].tx_code).toMatchObject({ input_mode: 'numeric', length: 6 });
    const state = await call(`/v1/agencies/samsat/offers/${offer.body.offerId}`, { headers: { authorization: `Bearer ${key}` } });
    expect(state.body.state).toBe('pending');
    expect((await call('/v1/agencies/samsat/offers/not-a-uuid', { headers: { authorization: `Bearer ${key}` } })).body.code).toBe('invalid_request');
    expect((await call('/v1/agencies/samsat/offers/00000000-0000-4000-8000-000000000000', { headers: { authorization: `Bearer ${key}` } })).body.code).toBe('not_found');
    expect(JSON.stringify(t.logs)).not.toContain(dukcapilClaims.nik);
  });
});

describe('/openapi.json', () => {
  it('describes every registry, issuance and status route', async () => {
    const doc = (await call('/openapi.json')).body;
    const expected: [string, string][] = [
      ['/v1/admin/agencies', 'post'], ['/v1/admin/agencies', 'get'], ['/v1/admin/agencies/{agencyId}', 'get'],
      ['/v1/admin/agencies/{agencyId}/suspend', 'post'], ['/v1/admin/agencies/{agencyId}/reinstate', 'post'],
      ['/v1/admin/agencies/{agencyId}/keys/rotate', 'post'], ['/v1/admin/agencies/{agencyId}/credential-types', 'post'],
      ['/v1/admin/agencies/{agencyId}/purposes', 'post'], ['/v1/admin/agencies/{agencyId}/api-keys', 'post'],
      ['/v1/admin/agencies/{agencyId}/api-keys', 'get'], ['/v1/admin/agencies/{agencyId}/api-keys/{keyId}', 'delete'],
      ['/v1/admin/credential-types', 'post'], ['/v1/registry/agencies', 'get'], ['/v1/registry/agencies/{agencyId}', 'get'],
      ['/v1/registry/credential-types', 'get'], ['/v1/agencies/{agencyId}', 'get'], ['/v1/agencies/{agencyId}/purposes', 'post'],
      ['/v1/agencies/{agencyId}/offers', 'post'], ['/v1/agencies/{agencyId}/offers/{offerId}', 'get'],
      ['/v1/agencies/{agencyId}/credentials/{credentialId}', 'get'], ['/v1/agencies/{agencyId}/credentials/{credentialId}/status', 'post'],
      ['/v1/status-lists/{listId}', 'get'], ['/issuers/{agencyId}/token', 'post'], ['/issuers/{agencyId}/nonce', 'post'],
      ['/issuers/{agencyId}/credential', 'post'], ['/.well-known/openid-credential-issuer/issuers/{agencyId}', 'get'],
      ['/.well-known/oauth-authorization-server/issuers/{agencyId}', 'get'], ['/.well-known/jwt-vc-issuer/issuers/{agencyId}', 'get'],
      ['/vct/{typeId}', 'get'],
    ];
    for (const [path, method] of expected) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(doc.components.securitySchemes).toHaveProperty('agencyApiKey');
    expect(doc.components.securitySchemes).toHaveProperty('adminToken');
  });
});
