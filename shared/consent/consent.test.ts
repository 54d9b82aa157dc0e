// Consent records: signed by the holder key, verified against it, validated field by field, chained on change.
import { describe, expect, it } from 'vitest';
import { jwkThumbprint } from '../crypto/jwk.js';
import { createWebCryptoProvider, generateEs256KeyPair, webCryptoSigner } from '../crypto/webcrypto.js';
import { canTransition, nextConsentRecord, type ConsentRecord } from './record.js';
import { consentRecordHash, signConsentRecord, verifyConsentRecord } from './sign.js';
import { validateConsentRecord } from './validate.js';

const crypto = createWebCryptoProvider();

async function holder() {
  const pair = await generateEs256KeyPair();
  return { jwk: pair.publicJwk, signer: webCryptoSigner(pair.privateKey) };
}

async function record(thumbprint: string): Promise<ConsentRecord> {
  return {
    recordId: 'rec-1',
    schemaVersion: 'sahih-consent/1',
    createdAt: 1_800_000_000,
    jurisdiction: 'ID',
    language: 'id',
    subject: { holderKeyThumbprint: thumbprint },
    controller: { id: 'rs-sehat', name: 'RS Sehat Sentosa', contact: 'info@rs.example', dpoContact: 'dpo@rs.example' },
    privacyNotice: { url: 'https://rs.example/privasi', sha256: 'abc' },
    purpose: { code: 'admission', description: { id: 'Pendaftaran pasien rawat inap', en: 'Inpatient admission' } },
    legalBasis: 'consent',
    dataItems: [
      { name: 'name', required: true, shared: true },
      { name: 'address.city', required: false, shared: false },
    ],
    retentionDays: 365,
    recipients: [{ id: 'rs-sehat', name: 'RS Sehat Sentosa' }],
    withdrawal: { method: { id: 'Tarik di aplikasi Sahih', en: 'Withdraw in the Sahih app' }, url: 'https://sahih.example/consents' },
    rights: { id: 'Hak Anda menurut UU PDP Pasal 5-13', en: 'Your rights under UU PDP Articles 5-13' },
    supervisingAuthority: { name: 'Lembaga PDP', contact: 'aduan@pdp.example' },
    presentation: { requestId: 'req-1', nonce: 'n-1', audience: 'https://sahih.example/agencies/rs-sehat' },
    state: 'active',
    statusHistory: [{ state: 'active', at: 1_800_000_000 }],
  };
}

describe('consent records', () => {
  it('signs with the holder key and verifies against it', async () => {
    const h = await holder();
    const rec = await record(await jwkThumbprint(h.jwk, crypto));
    const token = await signConsentRecord(rec, h.signer);
    const result = await verifyConsentRecord({ token, holderJwk: h.jwk, crypto });
    expect(result).toEqual({ ok: true, record: rec });
  });

  it('refuses a record signed by another key, a record naming another holder, and a tampered one', async () => {
    const h = await holder();
    const other = await holder();
    const rec = await record(await jwkThumbprint(h.jwk, crypto));
    const token = await signConsentRecord(rec, h.signer);
    expect(await verifyConsentRecord({ token, holderJwk: other.jwk, crypto })).toMatchObject({ ok: false, code: 'consent_bad_signature' });

    const forOther = await signConsentRecord(rec, other.signer);
    expect(await verifyConsentRecord({ token: forOther, holderJwk: other.jwk, crypto })).toMatchObject({
      ok: false,
      code: 'consent_wrong_subject',
    });

    const [header, , sig] = token.split('.');
    const tamperedPayload = Buffer.from(JSON.stringify({ ...rec, retentionDays: 9999 })).toString('base64url');
    expect(await verifyConsentRecord({ token: `${header}.${tamperedPayload}.${sig}`, holderJwk: h.jwk, crypto })).toMatchObject({
      ok: false,
      code: 'consent_bad_signature',
    });
  });

  it('names the first invalid field', async () => {
    const rec = await record('t');
    expect(validateConsentRecord({ ...rec, legalBasis: 'because' })).toEqual({ ok: false, field: 'legalBasis' });
    expect(validateConsentRecord({ ...rec, dataItems: [{ name: 'x' }] })).toEqual({ ok: false, field: 'dataItems' });
    expect(validateConsentRecord({ ...rec, state: 'withdrawn' })).toEqual({ ok: false, field: 'statusHistory' });
    expect(validateConsentRecord('nope')).toEqual({ ok: false, field: '(root)' });
  });

  it('chains a state change to the previous signed record and refuses impossible transitions', async () => {
    const h = await holder();
    const rec = await record(await jwkThumbprint(h.jwk, crypto));
    const token = await signConsentRecord(rec, h.signer);
    const hash = await consentRecordHash(token, crypto);
    const withdrawn = nextConsentRecord({ previous: rec, previousSha256: hash, state: 'withdrawn', at: 1_800_000_100, recordId: 'rec-2' });
    expect(withdrawn.previous).toEqual({ recordId: 'rec-1', sha256: hash });
    expect(withdrawn.statusHistory.map((s) => s.state)).toEqual(['active', 'withdrawn']);
    expect((await verifyConsentRecord({ token: await signConsentRecord(withdrawn, h.signer), holderJwk: h.jwk, crypto })).ok).toBe(true);
    expect(() => nextConsentRecord({ previous: withdrawn, previousSha256: 'x', state: 'active', at: 1, recordId: 'r3' })).toThrow(RangeError);
    expect(canTransition('paused', 'active')).toBe(true);
    expect(canTransition('refused', 'active')).toBe(false);
  });
});
