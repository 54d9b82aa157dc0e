import { describe, expect, it } from 'vitest';
import { linkFromUrl } from './launch-link.js';

const origin = 'https://sahih.example';
const offerJson = JSON.stringify({ credential_issuer: `${origin}/issuers/dukcapil`, credential_configuration_ids: ['ktp-el'] });
const at = (path: string) => linkFromUrl(new URL(path, origin));

describe('linkFromUrl', () => {
  it('reads a same-device offer link, inline or by reference', () => {
    const inline = at(`/receive?credential_offer=${encodeURIComponent(offerJson)}`);
    expect(inline).toEqual({ kind: 'offer', path: '/receive', text: `openid-credential-offer://?credential_offer=${encodeURIComponent(offerJson).replace(/%20/g, '+')}` });
    expect(new URL(inline!.text).searchParams.get('credential_offer')).toBe(offerJson);
    const byRef = at(`/receive?credential_offer_uri=${encodeURIComponent(`${origin}/offers/1`)}`);
    expect(byRef?.kind).toBe('offer');
    expect(new URL(byRef!.text).searchParams.get('credential_offer_uri')).toBe(`${origin}/offers/1`);
  });

  it('reads a same-device request link and keeps only its two parameters', () => {
    const link = at(`/present?client_id=${encodeURIComponent(`${origin}/agencies/rs`)}&request_uri=${encodeURIComponent(`${origin}/r/1`)}&extra=1`);
    expect(link?.kind).toBe('request');
    expect(link?.path).toBe('/present');
    const params = new URL(link!.text).searchParams;
    expect([...params.keys()]).toEqual(['client_id', 'request_uri']);
    expect(params.get('request_uri')).toBe(`${origin}/r/1`);
  });

  it('keeps request_uri_method and a request by value (OpenID4VP 1.0 §5, §5.10)', () => {
    const post = at(`/present?client_id=x509_san_dns%3Ashop.example&request_uri=${encodeURIComponent('https://shop.example/r/1')}&request_uri_method=post`);
    expect([...new URL(post!.text).searchParams.keys()]).toEqual(['client_id', 'request_uri', 'request_uri_method']);
    const byValue = at('/present?client_id=x509_san_dns%3Ashop.example&request=aaa.bbb.ccc');
    expect(new URL(byValue!.text).searchParams.get('request')).toBe('aaa.bbb.ccc');
    expect(at('/present?client_id=x')).toBeNull();
  });

  it('reads URIs the system hands over through /open', () => {
    const vp = `openid4vp://?client_id=x&request_uri=${encodeURIComponent(`${origin}/r/2`)}`;
    expect(at(`/open?uri=${encodeURIComponent(vp)}`)).toEqual({ kind: 'request', text: vp, path: '/present' });
    const vci = `openid-credential-offer://?credential_offer=${encodeURIComponent(offerJson)}`;
    expect(at(`/open?uri=${encodeURIComponent(vci)}`)).toEqual({ kind: 'offer', text: vci, path: '/receive' });
    expect(at(`/open?uri=${encodeURIComponent('HAIP-VP://?client_id=x&request_uri=y')}`)?.kind).toBe('request');
    // One of our own links passed through the system opens like the link itself.
    expect(at(`/open?uri=${encodeURIComponent(`${origin}/present?client_id=a&request_uri=b`)}`)?.kind).toBe('request');
    // Anything else reaches the receive screen, whose reader says in words that it is not an offer.
    expect(at(`/open?uri=${encodeURIComponent('hello')}`)).toEqual({ kind: 'offer', text: 'hello', path: '/receive' });
  });

  it('leaves ordinary navigations alone', () => {
    for (const path of ['/', '/receive', '/present?client_id=only', '/open', '/settings?credential_offer=x']) expect(at(path)).toBeNull();
  });
});
