// Reading data request links, resolving the client id in this service's registry, the purpose check that refuses
// over-asking requests, and the consent record's data items (OpenID4VP 1.0 with DCQL claim_sets).
import { describe, expect, it } from 'vitest';
import { buildDcqlQuery } from '../../../shared/dcql/build.js';
import { ApiError } from './api.js';
import { consentDataItems as dataItemsFor } from '../../../shared/consent/data-items.js';
import { renderPath } from './consent-record.js';
import { claimsBeyondPurpose, isPresentationRequestText, readRequestLink, registeredAgencyId, requestLinkKey, type RegisteredPurpose } from './openid4vp.js';

const origin = 'https://sahih.example';
const clientId = `${origin}/agencies/rsud-sehat-sentosa`;
const requestUri = `${origin}/v1/presentation-requests/9b7c/request-object`;
const params = `client_id=${encodeURIComponent(clientId)}&request_uri=${encodeURIComponent(requestUri)}`;

const purpose: RegisteredPurpose = {
  code: 'patient_registration',
  description: { id: 'Pendaftaran pasien', en: 'Patient registration' },
  legalBasis: 'consent',
  claims: [
    { credentialType: 'ktp-el', path: ['name'] },
    { credentialType: 'ktp-el', path: ['address'] },
  ],
  maxRetentionDays: 365,
};

const query = (paths: string[][], vct = `${origin}/vct/ktp-el`, optional: string[] = []) =>
  buildDcqlQuery({ credentialId: 'ktp-el', vct, claims: paths.map((p) => ({ id: p.join('-'), path: p, required: !optional.includes(p.join('-')) })) });

describe('readRequestLink', () => {
  it('reads an openid4vp:// link, the same-device wallet link and a bare query', () => {
    for (const text of [`openid4vp://?${params}`, `${origin}/present?${params}`, `?${params}`]) {
      expect(readRequestLink(text)).toEqual({ clientId, requestUri });
      expect(isPresentationRequestText(text)).toBe(true);
    }
    expect(isPresentationRequestText('openid-credential-offer://?credential_offer_uri=x')).toBe(false);
  });

  it('reads request_uri_method=post and a request by value, each with its one-time key', () => {
    const post = readRequestLink(`openid4vp://?${params}&request_uri_method=post`);
    expect(post).toEqual({ clientId, requestUri, requestUriMethod: 'post' });
    expect(requestLinkKey(post)).toBe(requestUri);
    expect(readRequestLink(`openid4vp://?${params}&request_uri_method=get`)).toEqual({ clientId, requestUri });
    const byValue = readRequestLink(`openid4vp://?client_id=${encodeURIComponent(clientId)}&request=h.p.sig`);
    expect(byValue).toEqual({ clientId, requestObject: 'h.p.sig' });
    expect(requestLinkKey(byValue)).toBe('request:sig');
    expect(isPresentationRequestText(`https://shop.example/?client_id=a&request=h.p.s`)).toBe(true);
  });

  it('refuses text without client_id and request_uri with request_invalid', () => {
    const both = `openid4vp://?${params}&request=h.p.s`;
    const method = `openid4vp://?${params}&request_uri_method=put`;
    const methodByValue = `openid4vp://?client_id=a&request=h.p.s&request_uri_method=post`;
    for (const text of ['hello', `openid4vp://?client_id=${encodeURIComponent(clientId)}`, both, method, methodByValue]) {
      expect(() => readRequestLink(text)).toThrow(ApiError);
      try {
        readRequestLink(text);
      } catch (error) {
        expect((error as ApiError).code).toBe('request_invalid');
      }
    }
  });
});

describe('registeredAgencyId', () => {
  it('accepts only pre-registered clients of this service', () => {
    expect(registeredAgencyId(clientId, origin)).toBe('rsud-sehat-sentosa');
    expect(registeredAgencyId('https://evil.example/agencies/rsud-sehat-sentosa', origin)).toBeUndefined();
    expect(registeredAgencyId(`${origin}/agencies/../admin`, origin)).toBeUndefined();
    expect(registeredAgencyId('x509_san_dns:rs.example', origin)).toBeUndefined();
  });
});

describe('claimsBeyondPurpose', () => {
  it('passes claims the purpose covers, including members of an allowed object', () => {
    expect(claimsBeyondPurpose(query([['name'], ['address', 'locality']]), purpose, origin)).toEqual([]);
  });

  it('names every claim beyond the purpose, another credential type, and a foreign vct', () => {
    expect(claimsBeyondPurpose(query([['name'], ['birth_place']]), purpose, origin)).toEqual([{ typeId: 'ktp-el', path: ['birth_place'] }]);
    expect(claimsBeyondPurpose(query([['name']], `${origin}/vct/kartu-jkn`), purpose, origin)).toEqual([{ typeId: 'kartu-jkn', path: ['name'] }]);
    expect(claimsBeyondPurpose(query([['name']], 'https://other.example/vct/ktp-el'), purpose, origin)).toEqual([{ typeId: undefined, path: ['name'] }]);
  });
});

describe('dataItemsFor', () => {
  it('lists every requested claim with required/optional and what the chosen claim set shares', () => {
    const q = query([['name'], ['birth_date'], ['address']], undefined, ['birth_date', 'address']);
    expect(dataItemsFor(q, { 'ktp-el': ['name', 'address'] })).toEqual([
      { name: 'name', required: true, shared: true },
      { name: 'birth_date', required: false, shared: false },
      { name: 'address', required: false, shared: true },
    ]);
    expect(dataItemsFor(q, {}).every((d) => !d.shared)).toBe(true);
    expect(renderPath(['degrees', null, 'type'])).toBe('degrees.*.type');
  });
});
