// Re-binding a restored credential through app.request(): by policy, re-signed to a new key through a standard offer
// (old status entry revoked) or filed as a re-issue request for the agency; who may ask, and bad input.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeBase64urlJson } from '../../shared/encoding/base64url.js';
import { registerCitizen, type Citizen } from '../../test/support/citizen.js';
import { credential, holderKey, jsonInit, nonce, proofJwt, token, type Requester } from '../../test/support/issuance.js';
import { issueKtp, ORIGIN } from '../../test/support/presentation.js';
import { createTestApp, TEST_ADMIN_TOKEN, TEST_KEK, type TestApp } from '../../test/support/test-app.js';
import { seedDemo } from '../registry/demo-seed.js';
import { registryDepsFrom } from './deps.js';

describe('re-binding restored credentials', () => {
  let t: TestApp;
  let now: number;
  let keys: Record<string, string>;
  let request: Requester;
  const nowSeconds = () => Math.floor(now / 1000);

  beforeEach(async () => {
    now = Date.UTC(2026, 0, 15, 3, 0, 0);
    t = await createTestApp({ now: () => now });
    keys = await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store, now: () => now }).ctx);
    request = async (path, init) => t.app.request(path, init);
  });
  afterEach(async () => t.close());

  const asCitizen = (c: Citizen, path: string, body: unknown) =>
    request(path, { method: 'POST', headers: { cookie: c.cookie, origin: ORIGIN, 'x-sahih-csrf': c.csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const setPolicy = (rebind: string, typeId = 'ktp-el') =>
    request(`/v1/admin/credential-types/${typeId}/rebind-policy`, { ...jsonInit({ rebind }, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }), method: 'PUT' });
  const codeOf = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];
  const statusOf = async (credentialId: string) =>
    ((await (await request(`/v1/agencies/dukcapil/credentials/${credentialId}`, { headers: { authorization: `Bearer ${keys.dukcapil}` } })).json()) as { status: string }).status;

  it('re-signs the same claims to the new key through a standard offer and revokes the old credential', async () => {
    expect((await setPolicy('rebind')).status).toBe(200);
    const siti = await registerCitizen(request);
    const old = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds, cookie: siti.cookie });

    const res = await asCitizen(siti, '/v1/me/credentials/rebind', { credential: old.sdJwt });
    const body = (await res.json()) as { outcome: string; credentialOffer: { grants: Record<string, { 'pre-authorized_code': string }> }; revokedCredentialId: string };
    expect([res.status, body.outcome, body.revokedCredentialId]).toEqual([200, 'rebound', old.offerId]);
    expect(await statusOf(old.offerId)).toBe('revoked');

    // The wallet redeems the offer like any other, proving its new key, signed in so the new key is bound too.
    const code = body.credentialOffer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
    const withCookie: Requester = (path, init) => request(path, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: siti.cookie } });
    const tok = await token(withCookie, '/issuers/dukcapil', { grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code });
    const fresh = holderKey();
    const jwt = await proofJwt({ holder: fresh, aud: `${ORIGIN}/issuers/dukcapil`, nonce: await nonce(withCookie, '/issuers/dukcapil'), iat: nowSeconds() });
    const issued = await credential(withCookie, '/issuers/dukcapil', tok.body.access_token as string, { credential_configuration_id: 'ktp-el', proofs: { jwt: [jwt] } });
    expect(issued.res.status).toBe(200);
    const sdJwt = (issued.body.credentials as { credential: string }[])[0]!.credential;
    const payload = decodeBase64urlJson(sdJwt.split('.')[1]!) as { cnf: { jwk: { x: string } } };
    expect(payload.cnf.jwk.x).toBe(fresh.publicJwk.x);
    const disclosed = (s: string) => s.split('~').slice(1, -1).map((d) => JSON.stringify((decodeBase64urlJson(d) as unknown[]).slice(1)));
    expect(disclosed(sdJwt).filter((d) => d.includes('"nik"'))).toEqual(disclosed(old.sdJwt).filter((d) => d.includes('"nik"')));

    // Once is enough: the old credential is revoked now.
    expect(await codeOf(await asCitizen(siti, '/v1/me/credentials/rebind', { credential: old.sdJwt }))).toEqual([409, 'credential_revoked']);
    const listed = (await (await request('/v1/agencies/dukcapil/reissue-requests', { headers: { authorization: `Bearer ${keys.dukcapil}` } })).json()) as { requests: { outcome: string }[] };
    expect(listed.requests.map((r) => r.outcome)).toEqual(['rebound']);
  });

  it("files a re-issue request for the agency when the type's policy leaves it to the agency (the default)", async () => {
    const siti = await registerCitizen(request);
    const old = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds, cookie: siti.cookie });
    const res = await asCitizen(siti, '/v1/me/credentials/rebind', { credential: old.sdJwt });
    expect(await res.json()).toMatchObject({ outcome: 'ask_agency', agencyId: 'dukcapil' });
    expect(await statusOf(old.offerId)).toBe('valid');
    expect(await codeOf(await asCitizen(siti, '/v1/me/credentials/rebind', { credential: old.sdJwt }))).toEqual([409, 'conflict']);
    const listed = (await (await request('/v1/agencies/dukcapil/reissue-requests', { headers: { authorization: `Bearer ${keys.dukcapil}` } })).json()) as { requests: { credentialId: string; outcome: string }[] };
    expect(listed.requests).toMatchObject([{ credentialId: old.offerId, outcome: 'requested' }]);
  });

  it('refuses a credential of another account, one not bound to any, bad input and an unknown type', async () => {
    await setPolicy('rebind');
    const siti = await registerCitizen(request);
    const budi = await registerCitizen(request);
    const sitis = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds, cookie: siti.cookie });
    const unbound = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds });
    expect(await codeOf(await asCitizen(budi, '/v1/me/credentials/rebind', { credential: sitis.sdJwt }))).toEqual([403, 'forbidden']);
    expect(await codeOf(await asCitizen(budi, '/v1/me/credentials/rebind', { credential: unbound.sdJwt }))).toEqual([403, 'forbidden']);
    for (const bad of [{}, { credential: '' }, { credential: 'not a jwt!' }, { credential: 42 }]) {
      expect(await codeOf(await asCitizen(siti, '/v1/me/credentials/rebind', bad))).toEqual([400, 'invalid_request']);
    }
    const [status, code] = await codeOf(await asCitizen(siti, '/v1/me/credentials/rebind', { credential: `${sitis.sdJwt.slice(0, 30)}x${sitis.sdJwt.slice(31)}` }));
    expect(status).toBeGreaterThanOrEqual(400);
    expect(code).not.toBe('internal_error');
    expect(await codeOf(await setPolicy('sometimes'))).toEqual([400, 'invalid_request']);
    expect(await codeOf(await setPolicy('rebind', 'no-such-type'))).toEqual([400, 'unknown_credential_type']);
  });
});
