// Issuance details: frame handling, decoys, digest ordering and caller mistakes.

import { describe, expect, it } from 'vitest';
import { decodeBase64urlJson } from '../encoding/base64url.js';
import { createWebCryptoProvider, generateEs256KeyPair, webCryptoSigner } from '../crypto/webcrypto.js';
import { issueSdJwtVc, type IssueSdJwtVcOptions } from './issue.js';
import { inspectSdJwt } from './present.js';

const crypto = createWebCryptoProvider();

async function options(overrides: Partial<IssueSdJwtVcOptions>): Promise<IssueSdJwtVcOptions> {
  const { privateKey } = await generateEs256KeyPair();
  return {
    vct: 'urn:example:vct',
    issuer: 'https://issuer.example',
    claims: { a: 1, b: { c: 2, d: [3, 4] } },
    now: () => 1_700_000_000,
    signer: webCryptoSigner(privateKey, { kid: 'k1' }),
    crypto,
    ...overrides,
  };
}

describe('issueSdJwtVc', () => {
  it('writes the SD-JWT VC header and registered claims', async () => {
    const { privateKey, publicJwk } = await generateEs256KeyPair();
    const issued = await issueSdJwtVc({
      ...(await options({})),
      signer: webCryptoSigner(privateKey, { kid: 'k1' }),
      holderJwk: { ...publicJwk, kid: 'holder' },
      status: { uri: 'https://issuer.example/status/1', idx: 42 },
      expiresAt: 1_800_000_000,
      notBefore: 1_700_000_000,
      frame: { _sd: ['a'] },
    });
    const [header, payload] = issued.issuerJwt.split('.').slice(0, 2).map(decodeBase64urlJson) as Record<string, unknown>[];
    expect(header).toEqual({ alg: 'ES256', kid: 'k1', typ: 'dc+sd-jwt' });
    expect(payload).toMatchObject({
      iss: 'https://issuer.example',
      iat: 1_700_000_000,
      nbf: 1_700_000_000,
      exp: 1_800_000_000,
      vct: 'urn:example:vct',
      _sd_alg: 'sha-256',
      cnf: { jwk: { kty: 'EC', crv: 'P-256', x: publicJwk.x, y: publicJwk.y } },
      status: { status_list: { uri: 'https://issuer.example/status/1', idx: 42 } },
    });
    expect((payload!.cnf as { jwk: object }).jwk).not.toHaveProperty('kid');
    expect(issued.sdJwt.endsWith('~')).toBe(true);
  });

  it('adds decoys, sorts _sd, and lists every disclosure with its path', async () => {
    const issued = await issueSdJwtVc(
      await options({ frame: { _sd: ['a', 'b'], _sd_decoy: 2, b: { _sd: ['c'], d: { _sd: [1], _sd_decoy: 1 } } }, decoysPerLevel: 1 }),
    );
    const payload = decodeBase64urlJson(issued.issuerJwt.split('.')[1]!) as { _sd: string[] };
    expect(payload._sd).toHaveLength(2 + 2 + 1);
    expect([...payload._sd].sort()).toEqual(payload._sd);
    expect(issued.disclosures.map((d) => d.path)).toEqual([['a'], ['b', 'c'], ['b', 'd', 1], ['b']]);
    const inspected = await inspectSdJwt(issued.sdJwt, crypto);
    expect(inspected.claims).toMatchObject({ a: 1, b: { c: 2, d: [3, 4] } });
    expect(inspected.disclosable).toHaveLength(4);
  });

  it('refuses reserved or registered claim names and selectively disclosable registered claims', async () => {
    await expect(issueSdJwtVc(await options({ claims: { iss: 'x' } }))).rejects.toThrow(TypeError);
    await expect(issueSdJwtVc(await options({ claims: { a: { _sd: [] } } }))).rejects.toThrow(TypeError);
    await expect(issueSdJwtVc(await options({ claims: { '...': 1 } }))).rejects.toThrow(TypeError);
    await expect(issueSdJwtVc(await options({ frame: { _sd: ['exp'] } }))).rejects.toThrow(TypeError);
    await expect(issueSdJwtVc(await options({ frame: { _sd_decoy: -1 } }))).rejects.toThrow(TypeError);
  });
});
