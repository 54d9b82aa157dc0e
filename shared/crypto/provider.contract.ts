// The one contract every CryptoProvider binding passes (WebCrypto in shared/, node:crypto in verifier/), including the
// Wycheproof ES256 JWS and P-256 P1363 vectors. Test-only; the caller loads the vectors and registers the suite.

import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url, utf8Encode } from '../encoding/base64url.js';
import { verifyCompactJws } from '../jose/jws.js';
import { toEs256PublicJwk } from './jwk.js';
import type { CryptoProvider, Es256PublicJwk, Signer } from './types.js';

export interface WycheproofJwsFile {
  testGroups: { public: Record<string, unknown>; tests: { tcId: number; comment: string; jws: string; result: string }[] }[];
}

export interface WycheproofP1363File {
  testGroups: { publicKey: { wx: string; wy: string }; tests: { tcId: number; msg: string; sig: string; result: string }[] }[];
}

export interface CryptoProviderContractOptions {
  name: string;
  provider: () => CryptoProvider;
  /** A fresh key pair: a signer and its public JWK. */
  keyPair: () => Promise<{ signer: Signer; publicJwk: Es256PublicJwk }>;
  vectors: { jws: WycheproofJwsFile; p1363: WycheproofP1363File };
}

const hex = (text: string): Uint8Array => Uint8Array.from(text.match(/../g) ?? [], (byte) => parseInt(byte, 16));
const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Wycheproof coordinates are big-endian integers, sometimes with a leading 00; JWK wants exactly 32 bytes. */
function coordinate(hexValue: string): string {
  const bytes = hex(hexValue.length % 2 ? '0' + hexValue : hexValue);
  const fixed = new Uint8Array(32);
  const significant = bytes.subarray(Math.max(0, bytes.length - 32));
  fixed.set(significant, 32 - significant.length);
  return encodeBase64url(fixed);
}

export function registerCryptoProviderContract(options: CryptoProviderContractOptions): void {
  describe(`CryptoProvider contract: ${options.name}`, () => {
    it('hashes with SHA-256 (FIPS 180-2 "abc" vector), strings as UTF-8', async () => {
      const provider = options.provider();
      const expected = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
      expect(toHex(await provider.sha256(utf8Encode('abc')))).toBe(expected);
      expect(toHex(await provider.sha256('abc'))).toBe(expected);
      expect(toHex(await provider.sha256('é'))).toBe(toHex(await provider.sha256(utf8Encode('é'))));
    });

    it('returns fresh random bytes of the requested length', () => {
      const provider = options.provider();
      const a = provider.randomBytes(32);
      const b = provider.randomBytes(32);
      expect(a).toHaveLength(32);
      expect(toHex(a)).not.toBe(toHex(b));
      expect(provider.randomBytes(70_000)).toHaveLength(70_000);
    });

    it('verifies its own ES256 signatures and rejects other keys, other data and bad lengths', async () => {
      const provider = options.provider();
      const { signer, publicJwk } = await options.keyPair();
      const other = await options.keyPair();
      const data = utf8Encode('header.payload');
      const signature = await signer.sign(data);
      expect(signature).toHaveLength(64);
      expect(await provider.verifyEs256(publicJwk, data, signature)).toBe(true);
      expect(await provider.verifyEs256(publicJwk, 'header.payload', signature)).toBe(true);
      expect(await provider.verifyEs256(other.publicJwk, data, signature)).toBe(false);
      expect(await provider.verifyEs256(publicJwk, utf8Encode('header.payloae'), signature)).toBe(false);
      expect(await provider.verifyEs256(publicJwk, data, signature.subarray(0, 63))).toBe(false);
      expect(await provider.verifyEs256(publicJwk, data, new Uint8Array([0, ...signature]))).toBe(false);
    });

    it('answers false, without throwing, for a point that is not on the curve', async () => {
      const provider = options.provider();
      const { signer, publicJwk } = await options.keyPair();
      const data = utf8Encode('x');
      const signature = await signer.sign(data);
      const y = decodeBase64url(publicJwk.y);
      y[31] = y[31]! ^ 1;
      const offCurve = { ...publicJwk, y: encodeBase64url(y) };
      expect(await provider.verifyEs256(offCurve, data, signature)).toBe(false);
    });

    it('passes Wycheproof ecdsa_secp256r1_sha256_p1363 (valid verify, invalid fail, acceptable either)', async () => {
      const provider = options.provider();
      let checked = 0;
      for (const group of options.vectors.p1363.testGroups) {
        const jwk = toEs256PublicJwk({ kty: 'EC', crv: 'P-256', x: coordinate(group.publicKey.wx), y: coordinate(group.publicKey.wy) });
        expect(jwk).toBeDefined();
        for (const test of group.tests) {
          const valid = await provider.verifyEs256(jwk!, hex(test.msg), hex(test.sig));
          if (test.result === 'valid') expect(valid, `tcId ${test.tcId}`).toBe(true);
          if (test.result === 'invalid') expect(valid, `tcId ${test.tcId}`).toBe(false);
          checked++;
        }
      }
      expect(checked).toBe(262);
    });

    it('passes the Wycheproof ES256 JWS tests (including key use/key_ops, HS256 confusion and embedded jwk)', async () => {
      const provider = options.provider();
      let checked = 0;
      for (const group of options.vectors.jws.testGroups) {
        // use "enc" / key_ops ["encrypt"] keys are refused here, before any signature is looked at.
        const key = toEs256PublicJwk(group.public);
        for (const test of group.tests) {
          const result = key ? await verifyCompactJws({ token: test.jws, key, crypto: provider, typ: undefined }) : undefined;
          expect(result?.ok === true, `tcId ${test.tcId} ${test.comment}`).toBe(test.result === 'valid');
          checked++;
        }
      }
      expect(checked).toBe(41);
    });
  });
}
