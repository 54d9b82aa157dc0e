// POST /v1/verify through app.request(): verdicts for presentation faults, refusals for policy faults, the access
// logged against the holder's account; and interop: a presentation made by @sd-jwt/sd-jwt-vc@0.19.0 from a
// credential our issuer signed passes.
import { KBJwt } from '@sd-jwt/core';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../shared/encoding/base64url.js';
import { seedDemo } from '../registry/demo-seed.js';
import { NONCE_RETENTION_MS, purgeSpentNonces } from './direct-verify.js';
import { registryDepsFrom } from '../routes/deps.js';
import { jsonInit, type Requester } from '../../test/support/issuance.js';
import { crypto, issueKtp, ORIGIN, present, signedInCookie } from '../../test/support/presentation.js';
import { createTestApp, TEST_KEK, type TestApp } from '../../test/support/test-app.js';

const BANK = 'bank-nusantara';
const AUD = 'https://bank-nusantara.demo.sahih.id/kyc';

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

async function verify(body: Record<string, unknown>, apiKey = keys[BANK]!) {
  const res = await request('/v1/verify', jsonInit(body, { authorization: `Bearer ${apiKey}` }));
  return { res, body: (await res.json()) as Record<string, unknown> };
}

async function boundCredential() {
  const session = await signedInCookie(request);
  return { ...(await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds, cookie: session.cookie })), accountId: session.accountId };
}

describe('POST /v1/verify', () => {
  it('verifies, logs the access against the holder, and answers with the claims and a receipt', async () => {
    const cred = await boundCredential();
    const presentation = await present({ sdJwt: cred.sdJwt, holder: cred.holder, disclose: [['nik'], ['address']], audience: AUD, nonce: 'n-1', issuedAt: nowSeconds() });
    const ok = await verify({ presentation, nonce: 'n-1', audience: AUD, purposeCode: 'account_opening' });
    expect(ok.res.status).toBe(200);
    expect(ok.body).toMatchObject({ valid: true, claims: { nik: '3273015708900077', address: { locality: 'Kota Bandungtest' } } });
    const receipt = ok.body.receipt as { eventId: string };
    const event = (await t.store.accessEvents.get(receipt.eventId))!;
    expect(event.accountId).toBe(cred.accountId);
    expect(JSON.parse(event.body)).toMatchObject({ kind: 'direct_verification', purpose: { code: 'account_opening' }, dataItems: ['address', 'nik'] });

    const wrongNonce = await verify({ presentation, nonce: 'n-2', audience: AUD, purposeCode: 'account_opening' });
    expect(wrongNonce.body).toMatchObject({ valid: false, code: 'kb_wrong_nonce' });
    const wrongAud = await verify({ presentation, nonce: 'n-1', audience: 'https://other.example', purposeCode: 'account_opening' });
    expect(wrongAud.body).toMatchObject({ valid: false, code: 'kb_wrong_audience' });
    const outside = await verify({ presentation, nonce: 'n-1', audience: AUD, purposeCode: 'age_check' });
    expect([outside.res.status, outside.body.code]).toEqual([403, 'claims_outside_purpose']);
    const unknownPurpose = await verify({ presentation, nonce: 'n-1', audience: AUD, purposeCode: 'patient_registration' });
    expect([unknownPurpose.res.status, unknownPurpose.body.code]).toEqual([400, 'unknown_purpose']);
    const issuer = await verify({ presentation, nonce: 'n-1', audience: AUD, purposeCode: 'account_opening' }, keys.dukcapil);
    expect(issuer.body.code).toBe('agency_role_mismatch');

    // Issue 7 seam: a withdrawn consent for this purpose makes the service refuse.
    await t.store.consents.insert({
      id: 'c-1', accountId: cred.accountId, agencyId: BANK, purposeCode: 'account_opening', requestId: null, state: 'withdrawn',
      recordJws: 'h.p.s', holderThumbprint: cred.thumbprint, createdAt: now, updatedAt: now, expiresAt: now,
    });
    const withdrawn = await verify({ presentation, nonce: 'n-1', audience: AUD, purposeCode: 'account_opening' });
    expect([withdrawn.res.status, withdrawn.body.code]).toEqual([403, 'consent_not_active']);
  });

  it('verifies a holder key bound to no account (a standard wallet), logs it unattributed, and refuses bad input', async () => {
    const unbound = await issueKtp({ request, apiKey: keys.dukcapil!, nowSeconds });
    const presentation = await present({ sdJwt: unbound.sdJwt, holder: unbound.holder, disclose: [['nik']], audience: AUD, nonce: 'n', issuedAt: nowSeconds() });
    const res = await verify({ presentation, nonce: 'n', audience: AUD, purposeCode: 'account_opening' });
    expect(res.res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: true, claims: { nik: '3273015708900077' } });
    expect(await t.store.log.size()).toBe(1);
    const replay = await verify({ presentation, nonce: 'n', audience: AUD, purposeCode: 'account_opening' });
    expect([replay.res.status, replay.body.code]).toEqual([409, 'nonce_reused']);
    expect(await t.store.log.size()).toBe(1);
    const missing = await verify({ presentation, audience: AUD, purposeCode: 'account_opening' });
    expect([missing.res.status, missing.body.code]).toEqual([400, 'invalid_request']);
    const garbage = await verify({ presentation: 'abc', nonce: 'n', audience: AUD, purposeCode: 'account_opening' });
    expect(garbage.body).toMatchObject({ valid: false, code: 'malformed' });
    const noKey = await request('/v1/verify', jsonInit({ presentation, nonce: 'n', audience: AUD, purposeCode: 'account_opening' }));
    expect([noKey.status, ((await noKey.json()) as { code: string }).code]).toEqual([401, 'invalid_api_key']);
  });

  it('verifies a nonce once per agency: a replay, even a concurrent one, is refused and not logged', async () => {
    const cred = await boundCredential();
    const presentation = await present({ sdJwt: cred.sdJwt, holder: cred.holder, disclose: [['nik']], audience: AUD, nonce: 'once', issuedAt: nowSeconds() });
    const body = { presentation, nonce: 'once', audience: AUD, purposeCode: 'account_opening' };
    expect((await verify(body)).body).toMatchObject({ valid: true });
    const replay = await verify(body);
    expect([replay.res.status, replay.body.code]).toEqual([409, 'nonce_reused']);
    expect(JSON.stringify(replay.body)).not.toContain('3273015708900077');
    expect(await t.store.log.size()).toBe(1);

    // Ten copies of a fresh presentation at once: exactly one is verified and logged.
    const fresh = await present({ sdJwt: cred.sdJwt, holder: cred.holder, disclose: [['nik']], audience: AUD, nonce: 'race', issuedAt: nowSeconds() });
    const answers = await Promise.all(Array.from({ length: 10 }, () => verify({ ...body, presentation: fresh, nonce: 'race' })));
    expect(answers.filter((a) => a.res.status === 200 && a.body.valid === true)).toHaveLength(1);
    expect(answers.filter((a) => a.res.status === 409 && a.body.code === 'nonce_reused')).toHaveLength(9);
    expect(await t.store.log.size()).toBe(2);
    // Spent nonces are forgotten once the KB-JWT age limit refuses a replay by itself.
    now += NONCE_RETENTION_MS;
    expect(await purgeSpentNonces({ store: t.store, now: () => now }, 1)).toBe(2);
  });

  it('accepts a presentation made by @sd-jwt/sd-jwt-vc@0.19.0 from a credential our issuer signed', async () => {
    const cred = await boundCredential();
    const sign = async (data: string) => encodeBase64url(await cred.holder.signer.sign(new TextEncoder().encode(data)));
    const oracle = new SDJwtVcInstance({
      hasher: async (data: string | ArrayBuffer) => crypto.sha256(typeof data === 'string' ? data : new Uint8Array(data)),
      hashAlg: 'sha-256',
      kbSigner: sign,
      kbSignAlg: 'ES256',
    });
    // As in shared/sdjwt/interop.test.ts: the oracle presents without `kb` (its 0.19.0 present() with kb may select
    // disclosures twice), and its own KBJwt class signs the key binding over exactly that presentation.
    const withoutKb = await oracle.present(cred.sdJwt, { nik: true, name: true } as never);
    const kbJwt = await new KBJwt({
      header: { typ: 'kb+jwt', alg: 'ES256' },
      payload: { iat: nowSeconds(), aud: AUD, nonce: 'interop', sd_hash: encodeBase64url(await crypto.sha256(withoutKb)) },
    }).sign(sign);
    const res = await verify({ presentation: withoutKb + kbJwt, nonce: 'interop', audience: AUD, purposeCode: 'account_opening' });
    expect(res.body).toMatchObject({ valid: true, claims: { nik: '3273015708900077', name: 'Kartika Wulandari Testdata' } });
  });
});
