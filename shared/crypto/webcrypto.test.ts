// Runs the CryptoProvider contract and the credential conformance suite against the WebCrypto binding.

import { describe, expect, it } from 'vitest';
import { loadVector } from '../../test/support/vectors.js';
import { registerCryptoProviderContract } from './provider.contract.js';
import { registerConformanceSuite } from '../sdjwt/conformance.contract.js';
import { createWebCryptoProvider, generateEs256KeyPair, webCryptoSigner } from './webcrypto.js';

async function keyPair() {
  const { privateKey, publicJwk } = await generateEs256KeyPair();
  return { signer: webCryptoSigner(privateKey), publicJwk };
}

registerCryptoProviderContract({
  name: 'WebCrypto',
  provider: () => createWebCryptoProvider(),
  keyPair,
  vectors: {
    jws: loadVector('jws/wycheproof-jws-es256.json') as never,
    p1363: loadVector('jws/wycheproof-ecdsa-p256-p1363.json') as never,
  },
});

registerConformanceSuite({ name: 'WebCrypto', provider: () => createWebCryptoProvider(), keyPair, loadVector });

describe('webCryptoSigner', () => {
  it('accepts a non-extractable key and refuses a public key', async () => {
    const { privateKey } = await generateEs256KeyPair({ extractable: false });
    expect(privateKey.extractable).toBe(false);
    expect(webCryptoSigner(privateKey, { kid: 'k1' }).kid).toBe('k1');
    const pair = await globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    expect(() => webCryptoSigner(pair.publicKey)).toThrow(TypeError);
  });
});
