// The attack table (attacks.contract.ts) against the credential core with Sahih's own issuer, and presentSdJwt.

import { beforeAll, describe, expect, it } from 'vitest';
import type { CryptoProvider, Es256PublicJwk, Signer } from '../crypto/types.js';
import { createWebCryptoProvider, generateEs256KeyPair, webCryptoSigner } from '../crypto/webcrypto.js';
import { registerAttackTable } from './attacks.contract.js';
import { issueSdJwtVc } from './issue.js';
import { createKbJwt, presentSdJwt } from './present.js';
import { verifySdJwtVc, type VerifySdJwtVcOptions } from './verify.js';

const NOW = 1_750_000_000;
const ISSUER = 'https://dukcapil.example.go.id';
const AUDIENCE = 'https://rp.example.go.id';
const NONCE = 'nonce-4f1c';
const VCT = 'https://credentials.example/ktp';
const crypto: CryptoProvider = createWebCryptoProvider();

interface KeyPair {
  signer: Signer;
  publicJwk: Es256PublicJwk;
}

async function keyPair(): Promise<KeyPair> {
  const { privateKey, publicJwk } = await generateEs256KeyPair();
  return { signer: webCryptoSigner(privateKey), publicJwk };
}

const claims = {
  given_name: 'Siti',
  family_name: 'Rahayu',
  address: { street: 'Jl. Merdeka 1', city: 'Bandung' },
  nationalities: ['ID', 'NL'],
};

let world: Promise<{ issuer: KeyPair; holder: KeyPair; stranger: KeyPair; sdJwt: string }> | undefined;

/** One issuer, holder and credential for the whole file (the table and the presentSdJwt cases). */
function hostedWorld() {
  world ??= (async () => {
    const [issuer, holder, stranger] = await Promise.all([keyPair(), keyPair(), keyPair()]);
    const issued = await issueSdJwtVc({
      vct: VCT,
      issuer: ISSUER,
      claims,
      frame: { _sd: ['given_name', 'family_name', 'address'], address: { _sd: ['street'] }, nationalities: { _sd: [0, 1] } },
      holderJwk: holder.publicJwk,
      status: { uri: 'https://dukcapil.example.go.id/status/1', idx: 3 },
      now: () => NOW - 1000,
      expiresAt: NOW + 86_400,
      signer: issuer.signer,
      crypto,
      decoysPerLevel: 1,
    });
    return { issuer, holder, stranger, sdJwt: issued.sdJwt };
  })();
  return world;
}

function verify(token: string, overrides: Partial<VerifySdJwtVcOptions> = {}) {
  return hostedWorld().then(({ issuer }) =>
    verifySdJwtVc({
      token,
      crypto,
      resolveIssuerKey: ({ iss, kid }) => (iss === ISSUER && (kid === undefined || kid === 'k1') ? issuer.publicJwk : undefined),
      now: () => NOW,
      expectedAudience: AUDIENCE,
      expectedNonce: NONCE,
      ...overrides,
    }),
  );
}

registerAttackTable('credential core, Sahih issuer', async () => ({
  ...(await hostedWorld()),
  trustedKid: 'k1',
  vct: VCT,
  now: NOW,
  audience: AUDIENCE,
  nonce: NONCE,
  verify,
}));

let holder: KeyPair;
let issued: { sdJwt: string; issuerJwt: string };
beforeAll(async () => {
  const w = await hostedWorld();
  holder = w.holder;
  issued = { sdJwt: w.sdJwt, issuerJwt: w.sdJwt.slice(0, w.sdJwt.indexOf('~')) };
});

describe('presentSdJwt', () => {
  it('adds parent disclosures, and KB-JWT options flow into the KB-JWT', async () => {
    const token = await presentSdJwt({
      sdJwt: issued.sdJwt,
      crypto,
      disclose: [['address', 'street'], ['nationalities', 1]],
      includeNested: false,
      keyBinding: { signer: holder.signer, audience: AUDIENCE, nonce: NONCE, issuedAt: NOW },
    });
    const result = await verify(token);
    if (!result.ok) throw new Error(result.code);
    expect(result.claims.address).toEqual({ street: 'Jl. Merdeka 1', city: 'Bandung' });
    expect(result.claims.nationalities).toEqual(['NL']);
    expect(result.claims.given_name).toBeUndefined();
    expect(result.disclosedPaths).toEqual(expect.arrayContaining([['address'], ['address', 'street'], ['nationalities', 0]]));
  });

  it('createKbJwt is what presentSdJwt appends', async () => {
    const prefix = `${issued.issuerJwt}~`;
    const kb = await createKbJwt(prefix, { signer: holder.signer, audience: AUDIENCE, nonce: NONCE, issuedAt: NOW }, crypto);
    const result = await verify(prefix + kb);
    expect(result.ok).toBe(true);
  });
});
