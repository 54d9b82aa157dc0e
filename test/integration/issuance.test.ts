// The full OpenID4VCI issuance against the running service (`npm start` with its demo registry): offer -> token ->
// nonce -> credential with a holder key; the credential verified by the credential core and, as an outside check,
// by @sd-jwt/sd-jwt-vc 0.19.0; then revocation reaching a status checker within the list's ttl. No claim value may
// be in the database files or the process output afterwards.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEs256PublicJwk } from '../../shared/crypto/jwk.js';
import { decodeBase64url } from '../../shared/encoding/base64url.js';
import { verifySdJwtVc } from '../../shared/sdjwt/verify.js';
import type { PublishedJwk } from '../../verifier/registry/agency-keys.js';
import { createStatusChecker } from '../../shared/status/checker.js';
import { createNodeCryptoProvider } from '../../verifier/crypto/node-crypto.js';
import { dukcapilClaims, holderKey, jsonInit, runIssuance } from '../support/issuance.js';
import { startService, type RunningService } from '../support/service.js';

const crypto = createNodeCryptoProvider();
let svc: RunningService;

beforeAll(async () => {
  svc = await startService({ env: { LOG_LEVEL: 'info' } });
}, 90_000);
afterAll(async () => {
  await svc?.stop();
  svc?.cleanup();
});

function demoKey(agencyId: string): string {
  const match = new RegExp(`^\\s+${agencyId}\\s+\\w+\\s+(sahih_live_\\S+)$`, 'm').exec(svc.output());
  if (!match) throw new Error(`no demo key for ${agencyId} in:\n${svc.output()}`);
  return match[1]!;
}

describe('issuance against the running service', () => {
  it('issues, verifies (core and @sd-jwt/sd-jwt-vc), and revokes within the status list ttl', async () => {
    const request = (path: string, init?: RequestInit) => fetch(`${svc.url}${path}`, init);
    const issuerUrl = `${svc.url}/issuers/dukcapil`;
    const apiKey = demoKey('dukcapil');
    const holder = holderKey();
    const { sdJwt, offerId } = await runIssuance({
      request,
      agencyId: 'dukcapil',
      apiKey,
      offer: { credentialType: 'ktp-el', claims: dukcapilClaims, txCode: true },
      holder,
      nowSeconds: () => Math.floor(Date.now() / 1000),
      issuerUrl,
    });

    const metadata = (await (await request('/.well-known/jwt-vc-issuer/issuers/dukcapil')).json()) as { issuer: string; jwks: { keys: PublishedJwk[] } };
    expect(metadata.issuer).toBe(issuerUrl);
    const keyFor = (kid: string | undefined) => metadata.jwks.keys.find((k) => k.kid === kid);
    let clock = Math.floor(Date.now() / 1000);
    const checker = createStatusChecker({ crypto, now: () => clock, fetch: async (uri) => (await fetch(uri)).text(), resolveKey: ({ kid }) => keyFor(kid) });
    const verify = () =>
      verifySdJwtVc({ token: sdJwt, crypto, now: () => clock, requireKeyBinding: false, resolveIssuerKey: ({ iss, kid }) => (iss === issuerUrl ? keyFor(kid) : undefined), statusChecker: checker });

    const ours = await verify();
    expect(ours.ok).toBe(true);
    if (!ours.ok) return;
    expect(ours.claims).toMatchObject({ nik: dukcapilClaims.nik, name: dukcapilClaims.name, age_over_17: true, age_over_21: true });
    expect(ours.holderJwk).toEqual(holder.publicJwk);

    // Outside check: the reference implementation, with the issuer key from our JWKS and our status list.
    const issuerJwk = toEs256PublicJwk(keyFor(ours.header.kid as string))!;
    const theirs = new SDJwtVcInstance({
      hasher: async (data: string | ArrayBuffer) => crypto.sha256(typeof data === 'string' ? data : new Uint8Array(data)),
      hashAlg: 'sha-256',
      verifier: async (data, signature) => crypto.verifyEs256(issuerJwk, data, decodeBase64url(signature)),
      statusListFetcher: async (uri) => (await fetch(uri)).text(),
      statusVerifier: async (data, signature) => crypto.verifyEs256(issuerJwk, data, decodeBase64url(signature)),
    });
    const outside = await theirs.verify(sdJwt);
    expect(outside.payload).toMatchObject({ iss: issuerUrl, vct: `${svc.url}/vct/ktp-el`, nik: dukcapilClaims.nik });

    // Revoke; a checker that cached the list sees it once the ttl has passed, the reference library at once.
    const revoked = await request(`/v1/agencies/dukcapil/credentials/${offerId}/status`, jsonInit({ status: 'revoked' }, { authorization: `Bearer ${apiKey}` }));
    expect(revoked.status).toBe(200);
    const list = await fetch(ours.status!.uri);
    const ttl = Number(/max-age=(\d+)/.exec(list.headers.get('cache-control') ?? '')?.[1]);
    expect(ttl).toBeGreaterThan(0);
    clock += ttl;
    const after = await verify();
    expect(after.ok).toBe(false);
    if (!after.ok) expect(after.code).toBe('revoked');
    await expect(theirs.verify(sdJwt)).rejects.toThrow();

    // Nothing of the citizen's data stays behind: not in the database (incl. WAL), not in the process output.
    const files = readdirSync(svc.dataDir).filter((f) => f.startsWith('sahih.db'));
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(svc.dataDir, f))));
    for (const value of [dukcapilClaims.nik, dukcapilClaims.name, dukcapilClaims.birth_place, dukcapilClaims.address.street_address]) {
      expect(bytes.includes(Buffer.from(value)), `db contains ${value}`).toBe(false);
      expect(svc.output().includes(value), `output contains ${value}`).toBe(false);
    }
  });
});
