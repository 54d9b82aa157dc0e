// Reading data request links, resolving the client id in this service's registry, the purpose check that refuses
// over-asking requests, and the consent record's data items (OpenID4VP 1.0 with DCQL claim_sets).
import { describe, expect, it } from 'vitest';
import { buildDcqlQuery } from '../../../shared/dcql/build.js';
import { ApiError } from './api.js';
import { consentDataItems as dataItemsFor } from '../../../shared/consent/data-items.js';
import { renderPath } from './consent-record.js';
import { claimsBeyondPurpose, isPresentationRequestText, readRequestLink, registeredAgencyId, type RegisteredPurpose } from './openid4vp.js';

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

  it('refuses text without client_id and request_uri with request_invalid', () => {
    for (const text of ['hello', `openid4vp://?client_id=${encodeURIComponent(clientId)}`]) {
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
