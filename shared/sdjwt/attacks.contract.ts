// The attack table as a contract: every known way to forge, replay or bend an SD-JWT VC presentation, each rejected
// with its code. Registered once for the credential core with Sahih's own issuer (attacks.test.ts) and once for an
// issuer outside Sahih through the service's verification pipeline (verifier/presentation/external-issuer.test.ts),
// so both answer every attack with the same code. Test-only.

import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBase64url, decodeBase64urlJson, encodeBase64url, encodeBase64urlJson } from '../encoding/base64url.js';
import type { CryptoProvider, Es256PublicJwk, Signer } from '../crypto/types.js';
import { createWebCryptoProvider } from '../crypto/webcrypto.js';
import { signCompactJws, type JsonObject } from '../jose/jws.js';
import { createStatusChecker } from '../status/checker.js';
import { StatusList } from '../status/status-list.js';
import { signStatusListToken } from '../status/status-token.js';
import { verificationCodes, type VerificationCode } from '../verification/result.js';
import { encodeDisclosure, sdDigest } from './disclosure.js';
import { inspectSdJwt } from './present.js';
import type { VerifySdJwtVcOptions } from './verify.js';

export interface AttackKeyPair {
  signer: Signer;
  publicJwk: Es256PublicJwk;
}

/** What the table needs about the issuer under test. */
export interface AttackFixture {
  /**
   * The credential as issued, `<issuer JWT>~<disclosure>~...~`, with claims given_name, family_name (disclosable),
   * address { street (disclosable), city } (disclosable) and nationalities [two disclosable elements], cnf.jwk of
   * `holder`, valid at `now`.
   */
  sdJwt: string;
  /** The issuer's signing key (the table re-signs altered payloads with it: a compromised pipeline). */
  issuer: AttackKeyPair;
  holder: AttackKeyPair;
  /** A key nobody trusts. */
  stranger: AttackKeyPair;
  /** A kid the verifier trusts for this issuer. */
  trustedKid: string;
  vct: string;
  /** Seconds; the verifier's clock. */
  now: number;
  audience: string;
  nonce: string;
  /**
   * Verifies a presentation; `overrides` are credential-core options a case needs (a custom status checker, no skew,
   * a shorter KB-JWT age): an adapter that cannot apply them to its pipeline applies them to the core with the same
   * trust decisions.
   */
  verify(token: string, overrides: Partial<VerifySdJwtVcOptions>): Promise<{ ok: true } | { ok: false; code: string; detail?: string }>;
}

export function registerAttackTable(name: string, setup: () => Promise<AttackFixture>): void {
  const crypto: CryptoProvider = createWebCryptoProvider();
  const LIST_URI = 'https://status.attack-table.example/lists/1';
  let NOW: number;
  let AUDIENCE: string;
  let NONCE: string;
  let VCT: string;
  let trustedKid: string;
  let issuer: AttackKeyPair;
  let holder: AttackKeyPair;
  let stranger: AttackKeyPair;
  let fixture: AttackFixture;
  let issued: { issuerJwt: string; disclosures: { encoded: string; path: readonly (string | number)[] }[] };
  let statusListToken: string;

  beforeAll(async () => {
    fixture = await setup();
    ({ now: NOW, audience: AUDIENCE, nonce: NONCE, vct: VCT, trustedKid, issuer, holder, stranger } = fixture);
    const inspected = await inspectSdJwt(fixture.sdJwt, crypto);
    issued = {
      issuerJwt: fixture.sdJwt.slice(0, fixture.sdJwt.indexOf('~')),
      disclosures: inspected.disclosable.map((d) => ({ encoded: d.disclosure.encoded, path: d.path })),
    };
    const list = StatusList.create(16, 2);
    list.set(5, 1);
    list.set(6, 2);
    statusListToken = await signStatusListToken({ uri: LIST_URI, list, issuedAt: NOW - 10, ttlSeconds: 300, signer: issuer.signer });
  });

  const issuerPayload = (): JsonObject => decodeBase64urlJson(issued.issuerJwt.split('.')[1]!) as JsonObject;
  const issuerHeader = (): JsonObject => decodeBase64urlJson(issued.issuerJwt.split('.')[0]!) as JsonObject;
  const allDisclosures = (): string[] => issued.disclosures.map((d) => d.encoded);
  const disclosureAt = (...path: (string | number)[]) => issued.disclosures.find((d) => d.path.join('/') === path.join('/'))!.encoded;

  /** `<jwt>~<d>~...~<KB-JWT>`, with a KB-JWT (by default valid) over exactly these disclosures. */
  async function presentation(
    jwt: string,
    disclosures: readonly string[],
    kb: { header?: JsonObject; payload?: JsonObject; signer?: Signer; sdHashOver?: readonly string[] } | null = {},
  ): Promise<string> {
    const prefix = jwt + '~' + disclosures.map((d) => d + '~').join('');
    if (kb === null) return prefix;
    const hashInput = jwt + '~' + (kb.sdHashOver ?? disclosures).map((d) => d + '~').join('');
    const payload = { iat: NOW, aud: AUDIENCE, nonce: NONCE, sd_hash: await sdDigest(hashInput, crypto), ...kb.payload };
    return prefix + (await signCompactJws({ typ: 'kb+jwt', ...kb.header }, payload, kb.signer ?? holder.signer));
  }

  /** Re-signs a modified issuer payload/header with the real issuer key: structure attacks by a compromised pipeline. */
  const resign = (payload: JsonObject, header: JsonObject = issuerHeader()) => signCompactJws(header, payload, issuer.signer);

  function unsigned(header: JsonObject, payload: JsonObject, signature = ''): string {
    return `${encodeBase64urlJson(header)}.${encodeBase64urlJson(payload)}.${signature}`;
  }

  const verify = (token: string, overrides: Partial<VerifySdJwtVcOptions> = {}) => fixture.verify(token, overrides);

  async function expectCode(tokenOrPromise: string | Promise<string>, code: VerificationCode, overrides: Partial<VerifySdJwtVcOptions> = {}) {
    const result = await verify(await tokenOrPromise, overrides);
    expect(result.ok ? 'ok' : result.code).toBe(code);
  }

  describe(`attack table: ${name}`, () => {
  describe('baseline', () => {
    it('the untampered presentation verifies', async () => {
      const result = await verify(await presentation(issued.issuerJwt, allDisclosures()));
      expect(result.ok ? 'ok' : `${result.code}: ${result.detail}`).toBe('ok');
    });

    it('every code is listed once in the frozen list', () => {
      expect(Object.isFrozen(verificationCodes)).toBe(true);
      expect(new Set(verificationCodes).size).toBe(verificationCodes.length);
    });
  });

  describe('issuer JWT attacks', () => {
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      it(`alg ${alg} → unsupported_alg`, async () => {
        const jwt = unsigned({ ...issuerHeader(), alg }, issuerPayload());
        await expectCode(presentation(jwt, allDisclosures()), 'unsupported_alg');
      });
    }

    it('HS256 signed with the issuer public key → unsupported_alg', async () => {
      const header = { ...issuerHeader(), alg: 'HS256' };
      const signingInput = `${encodeBase64urlJson(header)}.${encodeBase64urlJson(issuerPayload())}`;
      const text = new TextEncoder();
      for (const secret of [text.encode(JSON.stringify(issuer.publicJwk)), new Uint8Array([4, ...decodeBase64url(issuer.publicJwk.x), ...decodeBase64url(issuer.publicJwk.y)])]) {
        // WebCrypto, not node:crypto: shared/ runs in the browser too, its contract suites included.
        const key = await globalThis.crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
        const mac = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, text.encode(signingInput)));
        await expectCode(presentation(`${signingInput}.${encodeBase64url(mac)}`, allDisclosures()), 'unsupported_alg');
      }
    });

    for (const member of ['jwk', 'jku', 'x5u', 'x5c'] as const) {
      it(`issuer JWT carrying its own ${member} → untrusted_issuer`, async () => {
        const value = member === 'jwk' ? stranger.publicJwk : member === 'x5c' ? ['MIIB'] : 'https://attacker.example/keys';
        const jwt = await signCompactJws({ ...issuerHeader(), [member]: value }, issuerPayload(), stranger.signer);
        await expectCode(presentation(jwt, allDisclosures()), 'untrusted_issuer');
      });
    }

    it('kid pointing at a key the trust list does not know → untrusted_issuer', async () => {
      const jwt = await signCompactJws({ ...issuerHeader(), kid: 'attacker-key' }, issuerPayload(), stranger.signer);
      await expectCode(presentation(jwt, allDisclosures()), 'untrusted_issuer');
    });

    it('kid pointing at another trusted key → bad_signature', async () => {
      const jwt = await signCompactJws({ ...issuerHeader(), kid: trustedKid }, issuerPayload(), stranger.signer);
      await expectCode(presentation(jwt, allDisclosures()), 'bad_signature');
    });

    it('an issuer not on the trust list → untrusted_issuer', async () => {
      const jwt = await signCompactJws(issuerHeader(), { ...issuerPayload(), iss: 'https://evil.example' }, stranger.signer);
      await expectCode(presentation(jwt, allDisclosures()), 'untrusted_issuer');
    });

    it('tampered payload → bad_signature', async () => {
      const [h, , s] = issued.issuerJwt.split('.');
      const jwt = `${h}.${encodeBase64urlJson({ ...issuerPayload(), exp: NOW + 10 ** 9 })}.${s}`;
      await expectCode(presentation(jwt, allDisclosures()), 'bad_signature');
    });

    it('each issuer signature byte flipped → bad_signature', async () => {
      const [h, p, s] = issued.issuerJwt.split('.');
      const signature = decodeBase64url(s!);
      for (let i = 0; i < signature.length; i++) {
        const flipped = signature.slice();
        flipped[i] = flipped[i]! ^ 0x80;
        await expectCode(presentation(`${h}.${p}.${encodeBase64url(flipped)}`, allDisclosures()), 'bad_signature');
      }
    });

    it('a truncated or padded signature → bad_signature', async () => {
      const [h, p, s] = issued.issuerJwt.split('.');
      const signature = decodeBase64url(s!);
      await expectCode(presentation(`${h}.${p}.${encodeBase64url(signature.subarray(0, 63))}`, allDisclosures()), 'bad_signature');
      await expectCode(presentation(`${h}.${p}.${encodeBase64url(new Uint8Array([...signature, 0]))}`, allDisclosures()), 'bad_signature');
    });

    it('typ other than dc+sd-jwt → wrong_typ', async () => {
      for (const typ of ['JWT', 'vc+sd-jwt', 'example+sd-jwt', undefined]) {
        const jwt = await resign(issuerPayload(), { ...issuerHeader(), typ });
        await expectCode(presentation(jwt, allDisclosures()), 'wrong_typ');
      }
    });

    it('crit header → unsupported_header', async () => {
      const jwt = await resign(issuerPayload(), { ...issuerHeader(), crit: ['exp'] });
      await expectCode(presentation(jwt, allDisclosures()), 'unsupported_header');
    });

    it('garbage → malformed', async () => {
      for (const token of ['', 'abc', 'a.b.c~', '~~', `${issued.issuerJwt}~~${allDisclosures()[0]}~`, 'eyJ.eyJ.sig~']) {
        await expectCode(token, 'malformed');
      }
    });

    it('missing vct → malformed', async () => {
      const { vct: _vct, ...payload } = issuerPayload();
      await expectCode(presentation(await resign(payload), allDisclosures()), 'malformed');
    });

    it('expired, not yet valid (nbf and iat) → expired / not_yet_valid, with skew honoured', async () => {
      await expectCode(presentation(await resign({ ...issuerPayload(), exp: NOW - 61 }), allDisclosures()), 'expired');
      await expectCode(presentation(await resign({ ...issuerPayload(), nbf: NOW + 61 }), allDisclosures()), 'not_yet_valid');
      await expectCode(presentation(await resign({ ...issuerPayload(), iat: NOW + 61 }), allDisclosures()), 'not_yet_valid');
      const withinSkew = await verify(await presentation(await resign({ ...issuerPayload(), nbf: NOW + 59 }), allDisclosures()));
      expect(withinSkew.ok).toBe(true);
      await expectCode(presentation(await resign({ ...issuerPayload(), nbf: NOW + 59 }), allDisclosures()), 'not_yet_valid', { skewSeconds: 0 });
    });
  });

  describe('disclosure attacks', () => {
    it('duplicated disclosure → disclosure_duplicate', async () => {
      const disclosures = allDisclosures();
      await expectCode(presentation(issued.issuerJwt, [...disclosures, disclosures[0]!]), 'disclosure_duplicate');
    });

    it('a digest listed twice by the issuer → disclosure_duplicate', async () => {
      const payload = issuerPayload();
      const sd = payload._sd as string[];
      await expectCode(presentation(await resign({ ...payload, _sd: [...sd, sd[0]!] }), allDisclosures()), 'disclosure_duplicate');
    });

    it('a disclosure whose digest is nowhere in the payload → disclosure_unreferenced', async () => {
      const extra = encodeDisclosure('c2FsdHNhbHRzYWx0', 'is_minister', true);
      await expectCode(presentation(issued.issuerJwt, [...allDisclosures(), extra]), 'disclosure_unreferenced');
    });

    it('a nested disclosure sent without its parent → disclosure_unreferenced', async () => {
      await expectCode(presentation(issued.issuerJwt, [disclosureAt('address', 'street')]), 'disclosure_unreferenced');
    });

    for (const name of ['_sd', '...']) {
      it(`${name} as a disclosed claim name → reserved_claim_name`, async () => {
        const evil = encodeDisclosure('c2FsdHNhbHRzYWx0', name, ['x']);
        const payload = issuerPayload();
        const signed = await resign({ ...payload, _sd: [...(payload._sd as string[]), await sdDigest(evil, crypto)] });
        await expectCode(presentation(signed, [...allDisclosures(), evil]), 'reserved_claim_name');
        await expectCode(presentation(issued.issuerJwt, [...allDisclosures(), evil]), 'reserved_claim_name');
      });
    }

    it('... as a plain claim name in the payload → reserved_claim_name', async () => {
      await expectCode(presentation(await resign({ ...issuerPayload(), address2: { '...': 'x' } }), allDisclosures()), 'reserved_claim_name');
    });

    it('array element disclosure used as an object property → disclosure_wrong_kind', async () => {
      const element = encodeDisclosure('c2FsdHNhbHRzYWx0', undefined, 'ID');
      const payload = issuerPayload();
      const signed = await resign({ ...payload, _sd: [...(payload._sd as string[]), await sdDigest(element, crypto)] });
      await expectCode(presentation(signed, [...allDisclosures(), element]), 'disclosure_wrong_kind');
    });

    it('object property disclosure used as an array element → disclosure_wrong_kind', async () => {
      const property = encodeDisclosure('c2FsdHNhbHRzYWx0', 'nationality', 'ID');
      const payload = issuerPayload();
      const nationalities = [...(payload.nationalities as unknown[]), { '...': await sdDigest(property, crypto) }];
      await expectCode(presentation(await resign({ ...payload, nationalities }), [...allDisclosures(), property]), 'disclosure_wrong_kind');
    });

    it('a disclosed claim that is also plain → claim_name_conflict', async () => {
      await expectCode(presentation(await resign({ ...issuerPayload(), given_name: 'Budi' }), allDisclosures()), 'claim_name_conflict');
    });

    it('a selectively disclosed exp/iss/cnf/status/vct → reserved_claim_name', async () => {
      for (const name of ['exp', 'iss', 'cnf', 'status', 'vct']) {
        const disclosure = encodeDisclosure('c2FsdHNhbHRzYWx0', name, 'x');
        const payload = issuerPayload();
        delete payload[name];
        payload._sd = [...(payload._sd as string[]), await sdDigest(disclosure, crypto)];
        const token = await presentation(await resign({ vct: VCT, ...payload }), [...allDisclosures(), disclosure]);
        const result = await verify(token);
        expect(result.ok ? 'ok' : result.code, name).toMatch(/^(reserved_claim_name|claim_name_conflict|malformed)$/);
      }
      const expDisclosure = encodeDisclosure('c2FsdHNhbHRzYWx0', 'exp', NOW + 10);
      const { exp: _exp, ...payload } = issuerPayload();
      const signed = await resign({ ...payload, _sd: [...(payload._sd as string[]), await sdDigest(expDisclosure, crypto)] });
      await expectCode(presentation(signed, [...allDisclosures(), expDisclosure]), 'reserved_claim_name');
    });

    it('undecodable disclosures → disclosure_malformed', async () => {
      for (const bad of ['!!!', encodeBase64urlJson({ salt: 'x' }), encodeBase64urlJson(['s']), encodeBase64urlJson([1, 'a', 2]), encodeBase64urlJson(['s', 2, 3])]) {
        await expectCode(presentation(issued.issuerJwt, [...allDisclosures(), bad]), 'disclosure_malformed');
      }
    });

    for (const alg of ['sha-512', 'SHA-256', 'sha-256-128', 'md5']) {
      it(`_sd_alg ${alg} → unsupported_sd_alg`, async () => {
        await expectCode(presentation(await resign({ ...issuerPayload(), _sd_alg: alg }), allDisclosures()), 'unsupported_sd_alg');
      });
    }
  });

  describe('key binding attacks', () => {
    it('KB-JWT missing → kb_missing', async () => {
      await expectCode(presentation(issued.issuerJwt, allDisclosures(), null), 'kb_missing');
    });

    it('KB-JWT with the wrong typ → kb_wrong_typ', async () => {
      for (const typ of ['JWT', 'dc+sd-jwt', undefined]) {
        await expectCode(presentation(issued.issuerJwt, allDisclosures(), { header: { typ } }), 'kb_wrong_typ');
      }
    });

    it('KB-JWT alg none → unsupported_alg', async () => {
      const prefix = await presentation(issued.issuerJwt, allDisclosures(), null);
      const kb = unsigned({ alg: 'none', typ: 'kb+jwt' }, { iat: NOW, aud: AUDIENCE, nonce: NONCE, sd_hash: await sdDigest(prefix, crypto) });
      await expectCode(prefix + kb, 'unsupported_alg');
    });

    it('wrong aud → kb_wrong_audience (also an aud array)', async () => {
      await expectCode(presentation(issued.issuerJwt, allDisclosures(), { payload: { aud: 'https://other.example' } }), 'kb_wrong_audience');
      await expectCode(presentation(issued.issuerJwt, allDisclosures(), { payload: { aud: [AUDIENCE] } }), 'kb_malformed');
    });

    it('wrong nonce → kb_wrong_nonce', async () => {
      await expectCode(presentation(issued.issuerJwt, allDisclosures(), { payload: { nonce: 'replayed' } }), 'kb_wrong_nonce');
    });

    it('too old → kb_stale; from the future → kb_not_yet_valid', async () => {
      await expectCode(presentation(issued.issuerJwt, allDisclosures(), { payload: { iat: NOW - 361 } }), 'kb_stale');
      await expectCode(presentation(issued.issuerJwt, allDisclosures(), { payload: { iat: NOW - 100 } }), 'kb_stale', { maxKbAgeSeconds: 30 });
      await expectCode(presentation(issued.issuerJwt, allDisclosures(), { payload: { iat: NOW + 61 } }), 'kb_not_yet_valid');
    });

    it('signed by another key → kb_bad_signature', async () => {
      await expectCode(presentation(issued.issuerJwt, allDisclosures(), { signer: stranger.signer }), 'kb_bad_signature');
      // A jwk in the KB-JWT header changes nothing: only cnf.jwk counts.
      await expectCode(
        presentation(issued.issuerJwt, allDisclosures(), { signer: stranger.signer, header: { jwk: stranger.publicJwk } }),
        'kb_bad_signature',
      );
    });

    it('each KB-JWT signature byte flipped → kb_bad_signature', async () => {
      const token = await presentation(issued.issuerJwt, allDisclosures());
      const cut = token.lastIndexOf('.') + 1;
      const signature = decodeBase64url(token.slice(cut));
      for (let i = 0; i < signature.length; i++) {
        const flipped = signature.slice();
        flipped[i] = flipped[i]! ^ 0x01;
        await expectCode(token.slice(0, cut) + encodeBase64url(flipped), 'kb_bad_signature');
      }
    });

    it('sd_hash over reordered disclosures → sd_hash_mismatch', async () => {
      const disclosures = allDisclosures();
      const reversed = [...disclosures].reverse();
      await expectCode(presentation(issued.issuerJwt, disclosures, { sdHashOver: reversed }), 'sd_hash_mismatch');
      const valid = await presentation(issued.issuerJwt, disclosures);
      const kb = valid.slice(valid.lastIndexOf('~') + 1);
      await expectCode(`${issued.issuerJwt}~${reversed.map((d) => d + '~').join('')}${kb}`, 'sd_hash_mismatch');
    });

    it('a disclosure added after key binding → sd_hash_mismatch', async () => {
      const some = allDisclosures().slice(0, 2);
      const valid = await presentation(issued.issuerJwt, some);
      const kb = valid.slice(valid.lastIndexOf('~') + 1);
      const widened = `${issued.issuerJwt}~${allDisclosures().map((d) => d + '~').join('')}${kb}`;
      await expectCode(widened, 'sd_hash_mismatch');
    });

    it('a KB-JWT on a credential without cnf → holder_key_invalid', async () => {
      const { cnf: _cnf, ...payload } = issuerPayload();
      await expectCode(presentation(await resign(payload), allDisclosures()), 'holder_key_invalid');
      await expectCode(presentation(await resign({ ...payload, cnf: { jwk: { kty: 'oct', k: 'AAAA' } } }), allDisclosures()), 'holder_key_invalid');
    });
  });

  describe('status attacks', () => {
    const checker = (fetch: (uri: string) => Promise<string>) =>
      createStatusChecker({ fetch, crypto, resolveKey: () => issuer.publicJwk, now: () => NOW });

    async function withStatusIdx(idx: number) {
      const payload = issuerPayload();
      return presentation(await resign({ ...payload, status: { status_list: { uri: LIST_URI, idx } } }), allDisclosures());
    }

    it('valid status passes', async () => {
      const result = await verify(await withStatusIdx(3), { statusChecker: checker(async () => statusListToken) });
      expect(result.ok ? 'ok' : result.code).toBe('ok');
    });

    it('revoked → revoked, suspended → suspended', async () => {
      await expectCode(withStatusIdx(5), 'revoked', { statusChecker: checker(async () => statusListToken) });
      await expectCode(withStatusIdx(6), 'suspended', { statusChecker: checker(async () => statusListToken) });
    });

    it('an unreachable list → status_unavailable', async () => {
      await expectCode(withStatusIdx(3), 'status_unavailable', {
        statusChecker: checker(() => Promise.reject(new Error('ECONNREFUSED'))),
      });
    });

    it('a list signed by someone else, or an index beyond the list → status_unavailable', async () => {
      const list = StatusList.create(16, 2);
      const forged = await signStatusListToken({ uri: LIST_URI, list, issuedAt: NOW, signer: stranger.signer });
      await expectCode(withStatusIdx(5), 'status_unavailable', { statusChecker: checker(async () => forged) });
      await expectCode(withStatusIdx(9999), 'status_unavailable', { statusChecker: checker(async () => statusListToken) });
    });

    it('a checker that throws → status_unavailable', async () => {
      await expectCode(withStatusIdx(3), 'status_unavailable', {
        statusChecker: {
          check() {
            throw new Error('boom');
          },
        },
      });
    });

    it('a malformed status reference → malformed', async () => {
      const payload = issuerPayload();
      const token = await presentation(await resign({ ...payload, status: { status_list: { uri: LIST_URI, idx: -1 } } }), allDisclosures());
      await expectCode(token, 'malformed', { statusChecker: checker(async () => statusListToken) });
    });
  });
  });
}
