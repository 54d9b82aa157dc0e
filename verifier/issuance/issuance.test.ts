// OpenID4VCI pre-authorized issuance through app.request(): the happy path verified with the credential core, and
// every refusal (reused/expired offer, tx_code, nonce, proof, API key scope, type registration) with its code and
// with nothing half-issued left behind. Frozen clock throughout.
import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifySdJwtVc } from '../../shared/sdjwt/verify.js';
import { createStatusChecker } from '../../shared/status/checker.js';
import { createNodeCryptoProvider } from '../crypto/node-crypto.js';
import type { PublishedJwk } from '../registry/agency-keys.js';
import { seedDemo } from '../registry/demo-seed.js';
import { registryDepsFrom } from '../routes/deps.js';
import { createTestApp, TEST_ADMIN_TOKEN, TEST_KEK, type TestApp } from '../../test/support/test-app.js';
import {
  credential,
  createOffer,
  dukcapilClaims,
  holderKey,
  jsonInit,
  nonce,
  offerParams,
  proofJwt,
  runIssuance,
  token,
  type Requester,
} from '../../test/support/issuance.js';

const ISSUER = 'http://localhost:3000/issuers/dukcapil';
const GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
const crypto = createNodeCryptoProvider();

let t: TestApp;
let now: number;
let keys: Record<string, string>;
let request: Requester;
const nowSeconds = () => Math.floor(now / 1000);

beforeEach(async () => {
  now = Date.UTC(2026, 0, 15, 3, 0, 0);
  t = await createTestApp({ now: () => now });
  keys = await seedDemo(registryDepsFrom({ config: { publicUrl: 'http://localhost:3000', keyEncryptionKey: TEST_KEK }, store: t.store, now: () => now }).ctx);
  request = async (path, init) => t.app.request(path, init);
});
afterEach(async () => t.close());

const ktpOffer = (extra: Record<string, unknown> = {}) => ({ credentialType: 'ktp-el', claims: dukcapilClaims, ...extra });

async function issuedCount(): Promise<number> {
  const raw = await t.store.issuedCredentials.countInList((await t.store.statusLists.current('dukcapil'))?.id ?? 'none');
  return raw;
}

async function jwks(agencyId: string) {
  const res = await request(`/.well-known/jwt-vc-issuer/issuers/${agencyId}`);
  return ((await res.json()) as { jwks: { keys: PublishedJwk[] } }).jwks.keys;
}

async function redeem(txCode?: string) {
  const created = await createOffer(request, 'dukcapil', keys.dukcapil!, ktpOffer(txCode === undefined ? {} : { txCode: true }));
  const { code, issuerPath } = offerParams(created.body.credentialOfferUri as string);
  return { created, code, issuerPath };
}

describe('OpenID4VCI issuance', () => {
  it('issues an SD-JWT VC that the credential core verifies, with derived age claims and a status entry', async () => {
    const holder = holderKey();
    const { sdJwt, offerId } = await runIssuance({ request, agencyId: 'dukcapil', apiKey: keys.dukcapil!, offer: ktpOffer({ txCode: true }), holder, nowSeconds, issuerUrl: ISSUER });
    const issuerKeys = await jwks('dukcapil');
    const result = await verifySdJwtVc({
      token: sdJwt,
      crypto,
      now: nowSeconds,
      requireKeyBinding: false,
      resolveIssuerKey: ({ iss, kid }) => (iss === ISSUER ? issuerKeys.find((k) => k.kid === kid) : undefined),
      statusChecker: createStatusChecker({
        crypto,
        now: nowSeconds,
        fetch: async (uri) => (await request(new URL(uri).pathname)).text(),
        resolveKey: ({ kid }) => issuerKeys.find((k) => k.kid === kid),
      }),
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.payload.vct).toBe('http://localhost:3000/vct/ktp-el');
    expect(result.holderJwk).toEqual(holder.publicJwk);
    expect(result.claims).toMatchObject({ nik: dukcapilClaims.nik, age_over_17: true, age_over_21: true });
    expect((result.claims.address as Record<string, string>).locality).toBe(dukcapilClaims.address.locality);
    expect(result.status?.uri).toMatch(/^http:\/\/localhost:3000\/v1\/status-lists\/dukcapil-/);

    const state = await request(`/v1/agencies/dukcapil/offers/${offerId}`, { headers: { authorization: `Bearer ${keys.dukcapil}` } });
    expect(await state.json()).toMatchObject({ state: 'issued', credentialId: offerId });
    const offer = await t.store.credentialOffers.get('dukcapil', offerId);
    expect(offer?.claimsSealed).toBeNull();
  });

  it('calls onCredentialIssued inside the issuing transaction', async () => {
    const events: unknown[] = [];
    const hooked = await createTestApp({ now: () => now, issuanceHooks: { onCredentialIssued: (e) => void events.push({ ...e, tx: undefined }) } });
    const k = await seedDemo(registryDepsFrom({ config: { publicUrl: 'http://localhost:3000', keyEncryptionKey: TEST_KEK }, store: hooked.store, now: () => now }).ctx);
    await runIssuance({ request: async (p, i) => hooked.app.request(p, i), agencyId: 'bpjs-kesehatan', apiKey: k['bpjs-kesehatan']!, offer: { credentialType: 'kartu-jkn', claims: { card_number: '0001234567890', name: 'A', birth_date: '1980-01-01', care_class: '2', participant_type: 'PPU', primary_care_facility: 'Puskesmas X' } }, holder: holderKey(), nowSeconds, issuerUrl: 'http://localhost:3000/issuers/bpjs-kesehatan' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ agencyId: 'bpjs-kesehatan', credentialTypeId: 'kartu-jkn', vct: 'http://localhost:3000/vct/kartu-jkn' });
    await hooked.close();
  });

  it('refuses a reused offer with invalid_grant / offer_already_redeemed', async () => {
    const { code, issuerPath } = await redeem();
    expect((await token(request, issuerPath, { grant_type: GRANT, 'pre-authorized_code': code })).res.status).toBe(200);
    const again = await token(request, issuerPath, { grant_type: GRANT, 'pre-authorized_code': code });
    expect(again.res.status).toBe(400);
    expect(again.res.headers.get('content-type')).toBe('application/json');
    expect(again.body).toMatchObject({ error: 'invalid_grant', code: 'offer_already_redeemed' });
  });

  it('refuses an expired offer, and purges its sealed claims', async () => {
    const { created, code, issuerPath } = await redeem();
    now += 25 * 3600 * 1000;
    const res = await token(request, issuerPath, { grant_type: GRANT, 'pre-authorized_code': code });
    expect(res.body).toMatchObject({ error: 'invalid_grant', code: 'offer_expired' });
    await createOffer(request, 'dukcapil', keys.dukcapil!, ktpOffer()); // any new offer purges stale claims
    expect((await t.store.credentialOffers.get('dukcapil', created.body.offerId as string))?.claimsSealed).toBeNull();
  });

  it('refuses unknown codes, other grant types and another issuer\'s code', async () => {
    const { code } = await redeem();
    expect((await token(request, '/issuers/dukcapil', { grant_type: GRANT, 'pre-authorized_code': 'nope' })).body.code).toBe('invalid_pre_authorized_code');
    expect((await token(request, '/issuers/dukcapil', { grant_type: 'authorization_code', code: 'x' })).body).toMatchObject({ error: 'unsupported_grant_type' });
    expect((await token(request, '/issuers/bpjs-kesehatan', { grant_type: GRANT, 'pre-authorized_code': code })).body.code).toBe('invalid_pre_authorized_code');
    const json = await request('/issuers/dukcapil/token', jsonInit({ grant_type: GRANT }));
    expect(json.status).toBe(415);
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('limits wrong tx_code attempts and then cancels the offer for good', async () => {
    const { created, code, issuerPath } = await redeem('yes');
    const right = created.body.txCode as string;
    expect((await token(request, issuerPath, { grant_type: GRANT, 'pre-authorized_code': code })).body.code).toBe('tx_code_required');
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 1; i < 5; i++) {
      const res = await token(request, issuerPath, { grant_type: GRANT, 'pre-authorized_code': code, tx_code: wrong });
      expect(res.body).toMatchObject({ error: 'invalid_grant', code: 'tx_code_invalid' });
    }
    const fifth = await token(request, issuerPath, { grant_type: GRANT, 'pre-authorized_code': code, tx_code: wrong });
    expect(fifth.body.code).toBe('tx_code_attempts_exceeded');
    const late = await token(request, issuerPath, { grant_type: GRANT, 'pre-authorized_code': code, tx_code: right });
    expect(late.body.code).toBe('tx_code_attempts_exceeded');
    expect((await t.store.credentialOffers.get('dukcapil', created.body.offerId as string))?.claimsSealed).toBeNull();
  });

  describe('credential endpoint', () => {
    async function ready() {
      const { created, code, issuerPath } = await redeem();
      const tok = await token(request, issuerPath, { grant_type: GRANT, 'pre-authorized_code': code });
      return { offerId: created.body.offerId as string, issuerPath, accessToken: tok.body.access_token as string };
    }
    const ask = (r: Awaited<ReturnType<typeof ready>>, jwt: string, extra: Record<string, unknown> = {}) =>
      credential(request, r.issuerPath, r.accessToken, { credential_configuration_id: 'ktp-el', proofs: { jwt: [jwt] }, ...extra });

    async function expectNothingIssued(offerId: string, alreadyIssued = 0) {
      expect(await issuedCount()).toBe(alreadyIssued);
      const offer = await t.store.credentialOffers.get('dukcapil', offerId);
      expect(offer?.issuedAt).toBeNull();
      expect(offer?.claimsSealed).not.toBeNull();
    }

    it('refuses bad proofs with invalid_proof / invalid_nonce, leaves nothing half-issued, then issues', async () => {
      const r = await ready();
      const holder = holderKey();
      const other = holderKey();
      const cases: [string, () => Promise<string>, string][] = [
        ['wrong aud', async () => proofJwt({ holder, aud: 'http://localhost:3000/issuers/bpjs-kesehatan', nonce: await nonce(request, r.issuerPath), iat: nowSeconds() }), 'invalid_proof'],
        ['wrong typ', async () => proofJwt({ holder, aud: ISSUER, nonce: await nonce(request, r.issuerPath), iat: nowSeconds(), typ: 'JWT' }), 'invalid_proof'],
        ['another key', async () => proofJwt({ holder, signWith: other, aud: ISSUER, nonce: await nonce(request, r.issuerPath), iat: nowSeconds() }), 'invalid_proof'],
        ['old iat', async () => proofJwt({ holder, aud: ISSUER, nonce: await nonce(request, r.issuerPath), iat: nowSeconds() - 3600 }), 'invalid_proof'],
        ['kid and jwk', async () => proofJwt({ holder, aud: ISSUER, nonce: await nonce(request, r.issuerPath), iat: nowSeconds(), header: { kid: 'k' } }), 'invalid_proof'],
        ['no nonce', async () => proofJwt({ holder, aud: ISSUER, nonce: undefined, iat: nowSeconds() }), 'invalid_nonce'],
        ['unknown nonce', async () => proofJwt({ holder, aud: ISSUER, nonce: 'never-issued', iat: nowSeconds() }), 'invalid_nonce'],
        ['not a JWT', async () => 'not.a.jwt', 'invalid_proof'],
      ];
      for (const [name, make, code] of cases) {
        const res = await ask(r, await make());
        expect(res.res.status, name).toBe(400);
        expect(res.body, name).toMatchObject({ error: code, code });
        await expectNothingIssued(r.offerId);
      }
      const wrongConfig = await ask(r, await proofJwt({ holder, aud: ISSUER, nonce: await nonce(request, r.issuerPath), iat: nowSeconds() }), { credential_configuration_id: 'ijazah' });
      expect(wrongConfig.body.code).toBe('unknown_credential_configuration');
      const noProof = await credential(request, r.issuerPath, r.accessToken, { credential_configuration_id: 'ktp-el' });
      expect(noProof.body.code).toBe('invalid_proof');
      await expectNothingIssued(r.offerId);

      const ok = await ask(r, await proofJwt({ holder, aud: ISSUER, nonce: await nonce(request, r.issuerPath), iat: nowSeconds() }));
      expect(ok.res.status).toBe(200);
      expect(await issuedCount()).toBe(1);
    });

    it('refuses a stale nonce and a reused nonce', async () => {
      const holder = holderKey();
      const r1 = await ready();
      const stale = await nonce(request, r1.issuerPath);
      now += 6 * 60 * 1000;
      const r1b = await ready(); // a fresh access token at the new time
      const staleRes = await ask(r1b, await proofJwt({ holder, aud: ISSUER, nonce: stale, iat: nowSeconds() }));
      expect(staleRes.body).toMatchObject({ error: 'invalid_nonce', code: 'invalid_nonce' });

      const n = await nonce(request, r1b.issuerPath);
      expect((await ask(r1b, await proofJwt({ holder, aud: ISSUER, nonce: n, iat: nowSeconds() }))).res.status).toBe(200);
      const r2 = await ready();
      const reused = await ask(r2, await proofJwt({ holder, aud: ISSUER, nonce: n, iat: nowSeconds() }));
      expect(reused.body.code).toBe('invalid_nonce');
      await expectNothingIssued(r2.offerId, 1);
    });

    it('refuses a used, unknown or missing access token with invalid_token', async () => {
      const holder = holderKey();
      const r = await ready();
      const mk = async () => proofJwt({ holder, aud: ISSUER, nonce: await nonce(request, r.issuerPath), iat: nowSeconds() });
      expect((await ask(r, await mk())).res.status).toBe(200);
      const again = await ask(r, await mk());
      expect(again.res.status).toBe(401);
      expect(again.body).toMatchObject({ error: 'invalid_token', code: 'invalid_access_token' });
      expect((await credential(request, r.issuerPath, 'bogus', { credential_configuration_id: 'ktp-el', proofs: { jwt: [await mk()] } })).body.code).toBe('invalid_access_token');
      const none = await request(`${r.issuerPath}/credential`, jsonInit({ credential_configuration_id: 'ktp-el' }));
      expect(((await none.json()) as { code: string }).code).toBe('invalid_access_token');
      const malformed = await request(`${r.issuerPath}/credential`, jsonInit({ proofs: { jwt: 'x' } }, { authorization: `Bearer ${r.accessToken}` }));
      expect(((await malformed.json()) as { error: string; code: string })).toMatchObject({ error: 'invalid_request', code: 'invalid_request' });
    });
  });

  describe('agency API scoping and registration', () => {
    it('refuses another agency\'s key, an unknown key and a revoked key', async () => {
      const other = await createOffer(request, 'dukcapil', keys['bpjs-kesehatan']!, ktpOffer());
      expect(other.res.status).toBe(403);
      expect(other.body.code).toBe('agency_mismatch');
      const unknown = await createOffer(request, 'dukcapil', 'sahih_live_0000000000000000_' + 'a'.repeat(43), ktpOffer());
      expect(unknown.res.status).toBe(401);
      expect(unknown.body.code).toBe('invalid_api_key');
      expect((await createOffer(request, 'dukcapil', 'garbage', ktpOffer())).body.code).toBe('invalid_api_key');
    });

    it('refuses a type the agency is not registered for, unknown types and bad claims', async () => {
      const notAllowed = await createOffer(request, 'bpjs-kesehatan', keys['bpjs-kesehatan']!, ktpOffer());
      expect(notAllowed.res.status).toBe(403);
      expect(notAllowed.body.code).toBe('credential_type_not_allowed');
      expect((await createOffer(request, 'dukcapil', keys.dukcapil!, { credentialType: 'sim-card', claims: {} })).body.code).toBe('unknown_credential_type');
      const verifier = await createOffer(request, 'bank-nusantara', keys['bank-nusantara']!, ktpOffer());
      expect(verifier.body.code).toBe('agency_role_mismatch');
      const bad = await createOffer(request, 'dukcapil', keys.dukcapil!, { credentialType: 'ktp-el', claims: { ...dukcapilClaims, birth_date: '17-08-1990', age_over_17: true, shoe_size: 42 } });
      expect(bad.res.status).toBe(400);
      expect(bad.body.code).toBe('invalid_claims');
      const paths = (bad.body.errors as { path: string }[]).map((e) => e.path).sort();
      expect(paths).toEqual(['/body/claims/age_over_17', '/body/claims/birth_date', '/body/claims/shoe_size']);
      expect(JSON.stringify(bad.body)).not.toContain('17-08-1990');
      // The NIK's structure is checked here too, not only in the console: each problem named, the value never echoed.
      for (const [nik, message] of [
        ['3273 0157 0890 0077', '16 digits without separators'],
        ['327301570890007', 'a NIK is 16 digits'],
        ['9973015708900077', 'the first two digits are not a province code'],
        ['3273013208900077', 'digits 7-12 are not a birth date (DDMMYY, day plus 40 for women)'],
        ['3273015713900077', 'digits 7-12 are not a birth date (DDMMYY, day plus 40 for women)'],
        ['3273015708900000', 'the last four digits are a serial from 0001'],
      ] as const) {
        const badNik = await createOffer(request, 'dukcapil', keys.dukcapil!, { credentialType: 'ktp-el', claims: { ...dukcapilClaims, nik } });
        expect([badNik.res.status, badNik.body.code, badNik.body.errors]).toEqual([400, 'invalid_claims', [{ path: '/body/claims/nik', message }]]);
        expect(JSON.stringify(badNik.body)).not.toContain(nik);
      }
      const schema = await createOffer(request, 'dukcapil', keys.dukcapil!, { credentialType: 'ktp-el' });
      expect(schema.body.code).toBe('invalid_request');
      expect(await t.store.statusLists.current('dukcapil')).toBeUndefined();
    });

    it('refuses an agency registering a purpose as another agency', async () => {
      const purpose = { code: 'x_check', description: { id: 'Cek', en: 'Check' }, legalBasis: 'consent', claims: [{ credentialType: 'ktp-el', path: ['name'] }], maxRetentionDays: 1 };
      const res = await request('/v1/agencies/rsud-sehat-sentosa/purposes', jsonInit(purpose, { authorization: `Bearer ${keys['bank-nusantara']}` }));
      expect(res.status).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe('agency_mismatch');
      expect(await t.store.purposes.get('rsud-sehat-sentosa', 'x_check')).toBeUndefined();
      const own = await request('/v1/agencies/bank-nusantara/purposes', jsonInit(purpose, { authorization: `Bearer ${keys['bank-nusantara']}` }));
      expect(own.status).toBe(201);
      const dup = await request('/v1/agencies/bank-nusantara/purposes', jsonInit(purpose, { authorization: `Bearer ${keys['bank-nusantara']}` }));
      expect(((await dup.json()) as { code: string }).code).toBe('conflict');
      const badClaim = await request('/v1/agencies/bank-nusantara/purposes', jsonInit({ ...purpose, code: 'y_check', claims: [{ credentialType: 'ktp-el', path: ['salary'] }] }, { authorization: `Bearer ${keys['bank-nusantara']}` }));
      expect(((await badClaim.json()) as { code: string }).code).toBe('invalid_claims');
      const issuer = await request('/v1/agencies/dukcapil/purposes', jsonInit(purpose, { authorization: `Bearer ${keys.dukcapil}` }));
      expect(((await issuer.json()) as { code: string }).code).toBe('agency_role_mismatch');
    });

    it('refuses offers from a suspended agency', async () => {
      await request('/v1/admin/agencies/dukcapil/suspend', { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
      const res = await createOffer(request, 'dukcapil', keys.dukcapil!, ktpOffer());
      expect(res.res.status).toBe(403);
      expect(res.body.code).toBe('agency_suspended');
    });
  });

  describe('credential status', () => {
    it('suspends, reinstates and revokes (finally), re-signing the list each time', async () => {
      const { sdJwt, offerId } = await runIssuance({ request, agencyId: 'dukcapil', apiKey: keys.dukcapil!, offer: ktpOffer(), holder: holderKey(), nowSeconds, issuerUrl: ISSUER });
      const issuerKeys = await jwks('dukcapil');
      const statusOf = async () => {
        const checker = createStatusChecker({ crypto, now: nowSeconds, fetch: async (uri) => (await request(new URL(uri).pathname)).text(), resolveKey: ({ kid }) => issuerKeys.find((k) => k.kid === kid) });
        const r = await verifySdJwtVc({ token: sdJwt, crypto, now: nowSeconds, requireKeyBinding: false, resolveIssuerKey: ({ kid }) => issuerKeys.find((k) => k.kid === kid), statusChecker: checker });
        return r.ok ? 'valid' : r.code;
      };
      const auth = { authorization: `Bearer ${keys.dukcapil}` };
      const set = (status: string, key = keys.dukcapil) => request(`/v1/agencies/dukcapil/credentials/${offerId}/status`, jsonInit({ status }, { authorization: `Bearer ${key}` }));
      expect(await statusOf()).toBe('valid');
      expect((await set('suspended')).status).toBe(200);
      expect(await statusOf()).toBe('suspended');
      expect((await set('valid')).status).toBe(200);
      expect(await statusOf()).toBe('valid');
      const revoked = await set('revoked');
      expect(await revoked.json()).toMatchObject({ status: 'revoked' });
      expect(await statusOf()).toBe('revoked');
      const back = await set('valid');
      expect(back.status).toBe(409);
      expect(((await back.json()) as { code: string }).code).toBe('credential_revoked');
      expect(((await (await set('suspended', keys['bpjs-kesehatan'])).json()) as { code: string }).code).toBe('agency_mismatch');
      expect(((await (await set('gone')).json()) as { code: string }).code).toBe('invalid_request');
      const missing = await request(`/v1/agencies/dukcapil/credentials/00000000-0000-4000-8000-000000000000`, { headers: auth });
      expect(((await missing.json()) as { code: string }).code).toBe('not_found');
    });

    it('serves status lists with cache headers and ETag', async () => {
      await runIssuance({ request, agencyId: 'dukcapil', apiKey: keys.dukcapil!, offer: ktpOffer(), holder: holderKey(), nowSeconds, issuerUrl: ISSUER });
      const list = await t.store.statusLists.current('dukcapil');
      const res = await request(`/v1/status-lists/${list!.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/statuslist+jwt');
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
      const etag = res.headers.get('etag')!;
      expect((await request(`/v1/status-lists/${list!.id}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
      expect(((await (await request('/v1/status-lists/nope-123')).json()) as { code: string }).code).toBe('not_found');
      expect(((await (await request('/v1/status-lists/BAD!')).json()) as { code: string }).code).toBe('invalid_request');
    });
  });

  it('keeps no claim value in the database file, its WAL or the logs after issuance', async () => {
    await runIssuance({ request, agencyId: 'dukcapil', apiKey: keys.dukcapil!, offer: ktpOffer({ txCode: true }), holder: holderKey(), nowSeconds, issuerUrl: ISSUER });
    if (t.engine === 'sqlite') expect(readdirSync(t.dir)).toContain('sahih.db-wal');
    const bytes = await t.databaseBytes();
    const values = [dukcapilClaims.nik, dukcapilClaims.name, dukcapilClaims.birth_place, dukcapilClaims.birth_date, dukcapilClaims.address.street_address, dukcapilClaims.address.locality];
    const logs = t.logs.join('\n');
    for (const value of values) {
      expect(bytes.includes(Buffer.from(value, 'utf8')), `db contains ${value}`).toBe(false);
      expect(bytes.includes(Buffer.from(value, 'utf16le')), `db contains ${value} (utf16)`).toBe(false);
      expect(logs.includes(value), `logs contain ${value}`).toBe(false);
    }
  });
});
