// Signing and verifying consent records as compact JWS (ES256) with the citizen's holder key, the same key the
// presentation's KB-JWT proves, so the agreement and the disclosure are bound to one holder.
import { jwkThumbprint } from '../crypto/jwk.js';
import type { CryptoProvider, Es256PublicJwk, Signer } from '../crypto/types.js';
import { decodeBase64urlJson, encodeBase64url } from '../encoding/base64url.js';
import { isJsonObject, signCompactJws, verifyCompactJws } from '../jose/jws.js';
import { CONSENT_JWT_TYP, type ConsentRecord } from './record.js';
import { validateConsentRecord } from './validate.js';

export async function signConsentRecord(record: ConsentRecord, signer: Signer): Promise<string> {
  return signCompactJws({ typ: CONSENT_JWT_TYP }, record as unknown as Record<string, unknown>, signer);
}

/** SHA-256 of the signed record, base64url: what the next record in the chain links to. */
export async function consentRecordHash(signed: string, crypto: CryptoProvider): Promise<string> {
  return encodeBase64url(await crypto.sha256(signed));
}

export type ConsentVerification =
  | { ok: true; record: ConsentRecord }
  | { ok: false; code: 'consent_malformed' | 'consent_bad_signature' | 'consent_wrong_subject'; detail: string };

export async function verifyConsentRecord(options: {
  token: string;
  holderJwk: Es256PublicJwk;
  crypto: CryptoProvider;
}): Promise<ConsentVerification> {
  const jws = await verifyCompactJws({ token: options.token, key: options.holderJwk, crypto: options.crypto, typ: CONSENT_JWT_TYP });
  if (!jws.ok) {
    const code = jws.code === 'bad_signature' ? 'consent_bad_signature' : 'consent_malformed';
    return { ok: false, code, detail: jws.detail };
  }
  let payload: unknown;
  try {
    payload = decodeBase64urlJson(jws.payloadSegment);
  } catch {
    return { ok: false, code: 'consent_malformed', detail: 'payload is not JSON' };
  }
  if (!isJsonObject(payload)) return { ok: false, code: 'consent_malformed', detail: 'payload must be an object' };
  const valid = validateConsentRecord(payload);
  if (!valid.ok) return { ok: false, code: 'consent_malformed', detail: `invalid field ${valid.field}` };
  const thumbprint = await jwkThumbprint(options.holderJwk, options.crypto);
  if (valid.record.subject.holderKeyThumbprint !== thumbprint) {
    return { ok: false, code: 'consent_wrong_subject', detail: 'the record names another holder key' };
  }
  return { ok: true, record: valid.record };
}
