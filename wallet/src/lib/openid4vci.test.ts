// Reading credential offers the way citizens receive them, and forming the issuer's well-known URLs (OpenID4VCI 1.0).
import { describe, expect, it } from 'vitest';
import { ApiError } from './api.js';
import { displayFor, wellKnown } from './issuer-metadata.js';
import { readOffer } from './openid4vci.js';

const offer = {
  credential_issuer: 'https://sahih.example/issuers/dukcapil',
  credential_configuration_ids: ['ktp-el'],
  grants: { 'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': 'abc', tx_code: { length: 6 } } },
};

describe('readOffer', () => {
  it('reads an openid-credential-offer:// link, a wallet link and raw JSON', async () => {
    const encoded = encodeURIComponent(JSON.stringify(offer));
    expect(await readOffer(`openid-credential-offer://?credential_offer=${encoded}`)).toEqual(offer);
    expect(await readOffer(`https://sahih.example/receive?credential_offer=${encoded}`)).toEqual(offer);
    expect(await readOffer(`  ${JSON.stringify(offer)}\n`)).toEqual(offer);
  });

  it('refuses what is not an offer, by code', async () => {
    for (const input of ['hello', 'https://example.com/?x=1', 'openid-credential-offer://?credential_offer=%7Bnope', 'openid-credential-offer://?credential_offer=%7B%7D']) {
      const error = await readOffer(input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('offer_invalid');
    }
  });
});

describe('issuer metadata helpers', () => {
  it('inserts the well-known segment between host and path', () => {
    expect(wellKnown('https://sahih.example/issuers/dukcapil', 'openid-credential-issuer')).toBe(
      'https://sahih.example/.well-known/openid-credential-issuer/issuers/dukcapil',
    );
    expect(wellKnown('https://issuer.example', 'jwt-vc-issuer')).toBe('https://issuer.example/.well-known/jwt-vc-issuer');
  });

  it('picks the display for the locale, then the language, then the first', () => {
    const displays = [
      { name: 'KTP', locale: 'id-ID' },
      { name: 'ID card', locale: 'en-US' },
    ];
    expect(displayFor(displays, 'en')?.name).toBe('ID card');
    expect(displayFor(displays, 'id')?.name).toBe('KTP');
    expect(displayFor(displays, 'fr')?.name).toBe('KTP');
    expect(displayFor(undefined, 'id')).toBeUndefined();
  });
});
