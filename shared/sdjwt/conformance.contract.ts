// Conformance suite over the published signed vectors (RFC 9901 §5.1/§5.2, OpenID4VP SD-JWT VC example, the Status
// List Token), registered once per CryptoProvider binding. Test-only; the caller supplies vector loading.

import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url, utf8Encode } from '../encoding/base64url.js';
import type { CryptoProvider, Es256PublicJwk, PublicJwk, Signer } from '../crypto/types.js';
import { verifyStatusListToken } from '../status/status-token.js';
import { sdDigest } from './disclosure.js';
import { issueSdJwtVc } from './issue.js';
import { presentSdJwt } from './present.js';
import { verifySdJwtVc, type VerifySdJwtVcOptions } from './verify.js';

export interface ConformanceSuiteOptions {
  name: string;
  provider: () => CryptoProvider;
  keyPair: () => Promise<{ signer: Signer; publicJwk: Es256PublicJwk }>;
  /** Reads a JSON file relative to test/vectors/. */
  loadVector: (relativePath: string) => unknown;
}

interface PresentationVector {
  issuer_jwk: PublicJwk;
  holder_jwk: PublicJwk;
  issuer_jwt_typ: string;
  presentation: string;
  expected_audience: string;
  expected_nonce: string;
  kb_iat: number;
  expected_kb_jwt_payload: Record<string, unknown>;
  expected_processed_payload: Record<string, unknown>;
}

interface IssuedVector {
  issuer_jwk: PublicJwk;
  issuer_jwt_typ: string;
  input_claims: Record<string, unknown>;
  issuer_signed_jwt: string;
  expected_issuer_payload: Record<string, unknown>;
  sd_jwt: string;
  disclosures: { digest: string; disclosure: string; decoded_json: string }[];
}

const ISSUER_EXP = 1883000000;

/** Flips one byte of the signature (third segment) of the compact JWS at `part` of a `~`-separated token. */
function flipSignatureByte(token: string, part: number, byteIndex: number): string {
  const parts = token.split('~');
  const segments = parts[part]!.split('.');
  const signature = decodeBase64url(segments[2]!);
  signature[byteIndex] = signature[byteIndex]! ^ 0x01;
  segments[2] = encodeBase64url(signature);
  parts[part] = segments.join('.');
  return parts.join('~');
}

export function registerConformanceSuite(options: ConformanceSuiteOptions): void {
  describe(`credential conformance vectors: ${options.name}`, () => {
    for (const file of ['sd-jwt/rfc9901-5.2.json', 'sd-jwt/oid4vp-sd_jwt_vcld-01.json']) {
      describe(file, () => {
        const vector = options.loadVector(file) as PresentationVector;
        const verifyWith = (overrides: Partial<VerifySdJwtVcOptions> = {}) =>
          verifySdJwtVc({
            token: vector.presentation,
            crypto: options.provider(),
            resolveIssuerKey: ({ iss }) => (iss === 'https://issuer.example.com' ? vector.issuer_jwk : undefined),
            now: () => vector.kb_iat,
            expectedTyp: vector.issuer_jwt_typ,
            expectedAudience: vector.expected_audience,
            expectedNonce: vector.expected_nonce,
            ...overrides,
          });

        it('verifies and yields the expected processed payload and KB-JWT payload', async () => {
          const result = await verifyWith();
          if (!result.ok) throw new Error(`${result.code}: ${result.detail}`);
          expect(result.claims).toEqual(vector.expected_processed_payload);
          expect(result.keyBinding?.payload).toEqual(vector.expected_kb_jwt_payload);
          expect(result.keyBinding?.payload.iat).toBe(vector.kb_iat);
          expect(result.holderJwk).toEqual(vector.holder_jwk);
        });

        it('recomputes sd_hash over everything up to the last ~', async () => {
          const input = vector.presentation.slice(0, vector.presentation.lastIndexOf('~') + 1);
          expect(await sdDigest(input, options.provider())).toBe(vector.expected_kb_jwt_payload.sd_hash);
        });

        it('rejects another audience or nonce', async () => {
          expect(await verifyWith({ expectedAudience: 'https://other.example' })).toMatchObject({ ok: false, code: 'kb_wrong_audience' });
          expect(await verifyWith({ expectedNonce: '0987654321' })).toMatchObject({ ok: false, code: 'kb_wrong_nonce' });
        });

        it('rejects a clock after exp', async () => {
          expect(await verifyWith({ now: () => ISSUER_EXP + 61 })).toMatchObject({ ok: false, code: 'expired' });
        });

        it('rejects one byte changed in any signature byte', async () => {
          const parts = vector.presentation.split('~');
          const kbPart = parts.length - 1;
          for (let i = 0; i < 64; i++) {
            const issuerTampered = await verifyWith({ token: flipSignatureByte(vector.presentation, 0, i) });
            expect(issuerTampered, `issuer byte ${i}`).toMatchObject({ ok: false, code: 'bad_signature' });
            const kbTampered = await verifyWith({ token: flipSignatureByte(vector.presentation, kbPart, i) });
            expect(kbTampered, `kb byte ${i}`).toMatchObject({ ok: false, code: 'kb_bad_signature' });
          }
        });

        it('rejects a dropped or duplicated disclosure', async () => {
          const parts = vector.presentation.split('~');
          const dropped = [parts[0], ...parts.slice(2)].join('~');
          expect(await verifyWith({ token: dropped })).toMatchObject({ ok: false, code: 'sd_hash_mismatch' });
          const duplicated = [parts[0], parts[1], ...parts.slice(1)].join('~');
          expect(await verifyWith({ token: duplicated })).toMatchObject({ ok: false, code: 'disclosure_duplicate' });
        });

        it('rejects the presentation when the issuer is not trusted', async () => {
          expect(await verifyWith({ resolveIssuerKey: () => undefined })).toMatchObject({ ok: false, code: 'untrusted_issuer' });
        });
      });
    }

    describe('sd-jwt/rfc9901-5.1-issued.json', () => {
      const vector = options.loadVector('sd-jwt/rfc9901-5.1-issued.json') as IssuedVector;

      it('has disclosures whose digests and encodings match the given strings', async () => {
        for (const d of vector.disclosures) {
          expect(await sdDigest(d.disclosure, options.provider())).toBe(d.digest);
          // Encode decoded_json verbatim: its ", " separators differ from JSON.stringify.
          expect(encodeBase64url(utf8Encode(d.decoded_json))).toBe(d.disclosure);
        }
        expect(vector.sd_jwt).toBe(`${vector.issuer_signed_jwt}~${vector.disclosures.map((d) => d.disclosure).join('~')}~`);
      });

      it('verifies the issued SD-JWT and processes all 10 disclosures into the input claims', async () => {
        const result = await verifySdJwtVc({
          token: vector.sd_jwt,
          crypto: options.provider(),
          resolveIssuerKey: () => vector.issuer_jwk,
          now: () => 1700000000,
          expectedTyp: vector.issuer_jwt_typ,
          requireKeyBinding: false,
        });
        if (!result.ok) throw new Error(`${result.code}: ${result.detail}`);
        expect(result.payload).toEqual(vector.expected_issuer_payload);
        const { iss, iat, exp, cnf, ...rest } = result.claims;
        expect(rest).toEqual(vector.input_claims);
        expect({ iss, iat, exp }).toEqual({ iss: 'https://issuer.example.com', iat: 1683000000, exp: 1883000000 });
        expect(cnf).toEqual(vector.expected_issuer_payload.cnf);
        expect(result.disclosedPaths).toHaveLength(10);
      });
    });

    describe('status-list-token/status_list_jwt.json', () => {
      const vector = options.loadVector('status-list-token/status_list_jwt.json') as {
        public_jwk: PublicJwk;
        jwt: string;
        expected_header: Record<string, unknown>;
        expected_payload: Record<string, unknown>;
      };
      const verifyAt = (now: number) =>
        verifyStatusListToken({
          token: vector.jwt,
          uri: 'https://example.com/statuslists/1',
          crypto: options.provider(),
          resolveKey: ({ kid }) => (kid === '12' ? vector.public_jwk : undefined),
          now: () => now,
          skewSeconds: 0,
        });

      it('verifies between iat and exp, with the expected header and payload', async () => {
        const result = await verifyAt(1686920170 + 1000);
        if (!result.ok) throw new Error(`${result.code}: ${result.detail}`);
        expect(result.header).toEqual(vector.expected_header);
        expect(result.payload).toEqual(vector.expected_payload);
        expect(result.ttlSeconds).toBe(43200);
        expect(result.list.get(0)).toBe(1);
        expect(result.list.get(1)).toBe(0);
      });

      it('rejects it after exp, before iat, or signed by another key', async () => {
        expect(await verifyAt(2291720170 + 1)).toMatchObject({ ok: false, code: 'expired' });
        expect(await verifyAt(1686920170 - 1)).toMatchObject({ ok: false, code: 'not_yet_valid' });
        const other = await options.keyPair();
        const result = await verifyStatusListToken({
          token: vector.jwt,
          uri: 'https://example.com/statuslists/1',
          crypto: options.provider(),
          resolveKey: () => other.publicJwk,
          now: () => 1686920170 + 1000,
        });
        expect(result).toMatchObject({ ok: false, code: 'bad_signature' });
      });
    });

    describe('own issue → present → verify', () => {
      it('round-trips a key-bound SD-JWT VC with nested and array disclosures', async () => {
        const crypto = options.provider();
        const issuerKeys = await options.keyPair();
        const holderKeys = await options.keyPair();
        const issued = await issueSdJwtVc({
          vct: 'https://credentials.example/identity',
          issuer: 'https://issuer.example',
          claims: { given_name: 'Siti', address: { street: 'Jl. Merdeka 1', city: 'Bandung' }, nationalities: ['ID', 'NL'] },
          frame: { _sd: ['given_name', 'address'], address: { _sd: ['street'] }, nationalities: { _sd: [1] } },
          holderJwk: holderKeys.publicJwk,
          now: () => 1_700_000_000,
          expiresAt: 1_800_000_000,
          signer: issuerKeys.signer,
          crypto,
          decoysPerLevel: 2,
        });
        const presentation = await presentSdJwt({
          sdJwt: issued.sdJwt,
          crypto,
          disclose: [['address', 'street']],
          keyBinding: { signer: holderKeys.signer, audience: 'https://rp.example', nonce: 'n-1', issuedAt: 1_700_000_100 },
        });
        const result = await verifySdJwtVc({
          token: presentation,
          crypto,
          resolveIssuerKey: () => issuerKeys.publicJwk,
          now: () => 1_700_000_100,
          expectedAudience: 'https://rp.example',
          expectedNonce: 'n-1',
        });
        if (!result.ok) throw new Error(`${result.code}: ${result.detail}`);
        expect(result.claims).toEqual({
          iss: 'https://issuer.example',
          iat: 1_700_000_000,
          exp: 1_800_000_000,
          vct: 'https://credentials.example/identity',
          address: { street: 'Jl. Merdeka 1', city: 'Bandung' },
          nationalities: ['ID'],
          cnf: { jwk: holderKeys.publicJwk },
        });
        expect(result.disclosedPaths).toEqual([['address'], ['address', 'street']]);
      });
    });
  });
}
