// The wallet's x5c check for x509 client identifiers: a chain to a published anchor, one to an unknown CA, a broken
// link, an expired leaf; what the leaf names and its hash.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../../shared/encoding/base64url.js';
import { checkChain } from './x509-chain.js';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const now = new Date('2026-12-01T00:00:00Z');
const b64 = (cert: x509.X509Certificate) => Buffer.from(cert.rawData).toString('base64');

async function ca(name: string) {
  const keys = (await crypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${name}`,
    notBefore: new Date('2026-01-01'),
    notAfter: new Date('2030-01-01'),
    keys,
    signingAlgorithm: ALG,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
  });
  return { cert, keys };
}

async function leaf(issuer: Awaited<ReturnType<typeof ca>>, notAfter = new Date('2028-01-01')) {
  const keys = (await crypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  return x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'CN=verifier',
    issuer: issuer.cert.subject,
    notBefore: new Date('2026-01-01'),
    notAfter,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'Verifier.Example' },
        { type: 'url', value: 'https://sahih.example/agencies/rsud' },
      ]),
    ],
  });
}

describe('checkChain', () => {
  it('accepts a chain to a published anchor and reads the leaf', async () => {
    const root = await ca('Operator CA');
    const cert = await leaf(root);
    const checked = await checkChain([b64(cert), b64(root.cert)], [b64(root.cert)], now);
    expect(checked.anchored).toBe(true);
    expect(checked.dnsNames).toEqual(['verifier.example']);
    expect(checked.uris).toEqual(['https://sahih.example/agencies/rsud']);
    expect(checked.leafHash).toBe(encodeBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', cert.rawData))));
    expect(checked.publicJwk.kty).toBe('EC');
    // The leaf alone, signed by the anchor, is enough too.
    expect((await checkChain([b64(cert)], [b64(root.cert)], now)).anchored).toBe(true);
  });

  it('marks a chain to another CA as not anchored, and refuses broken or expired chains', async () => {
    const root = await ca('Operator CA');
    const other = await ca('Somebody');
    expect((await checkChain([b64(await leaf(other)), b64(other.cert)], [b64(root.cert)], now)).anchored).toBe(false);
    await expect(checkChain([b64(await leaf(other)), b64(root.cert)], [b64(root.cert)], now)).rejects.toMatchObject({ code: 'request_signature_invalid' });
    await expect(checkChain([b64(await leaf(root, new Date('2026-06-01')))], [b64(root.cert)], now)).rejects.toMatchObject({ code: 'request_expired' });
    await expect(checkChain(['not a certificate'], [], now)).rejects.toMatchObject({ code: 'request_signature_invalid' });
    await expect(checkChain(undefined, [], now)).rejects.toMatchObject({ code: 'request_signature_invalid' });
  });
});
