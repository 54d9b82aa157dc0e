// Runs the CryptoProvider contract and the credential conformance suite against the node:crypto binding.

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadVector } from '../../test/support/vectors.js';
import { registerCryptoProviderContract } from '../../shared/crypto/provider.contract.js';
import type { Es256PublicJwk } from '../../shared/crypto/types.js';
import { registerConformanceSuite } from '../../shared/sdjwt/conformance.contract.js';
import { createNodeCryptoProvider, nodeSigner } from './node-crypto.js';

async function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const publicJwk: Es256PublicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! };
  return { signer: nodeSigner(privateKey), publicJwk };
}

registerCryptoProviderContract({
  name: 'node:crypto',
  provider: () => createNodeCryptoProvider(),
  keyPair,
  vectors: {
    jws: loadVector('jws/wycheproof-jws-es256.json') as never,
    p1363: loadVector('jws/wycheproof-ecdsa-p256-p1363.json') as never,
  },
});

registerConformanceSuite({ name: 'node:crypto', provider: () => createNodeCryptoProvider(), keyPair, loadVector });

describe('node:crypto binding specifics', () => {
  it('answers synchronously (no promise on the verifier hot path)', async () => {
    const provider = createNodeCryptoProvider();
    const { signer, publicJwk } = await keyPair();
    const signature = signer.sign(new Uint8Array([1, 2, 3]));
    expect(signature).toBeInstanceOf(Uint8Array);
    expect(provider.verifyEs256(publicJwk, new Uint8Array([1, 2, 3]), signature as Uint8Array)).toBe(true);
    expect(provider.sha256('abc')).toBeInstanceOf(Uint8Array);
  });

  it('keeps working past the key cache bound (evicted keys are re-imported)', async () => {
    const provider = createNodeCryptoProvider({ keyCacheSize: 2 });
    const pairs = await Promise.all([keyPair(), keyPair(), keyPair()]);
    const data = new Uint8Array([9]);
    for (let round = 0; round < 2; round++) {
      for (const { signer, publicJwk } of pairs) {
        expect(provider.verifyEs256(publicJwk, data, (await signer.sign(data)) as Uint8Array)).toBe(true);
      }
    }
  });

  it('nodeSigner accepts a private JWK and refuses other key types', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(nodeSigner(privateKey.export({ format: 'jwk' }), { kid: 'a' }).kid).toBe('a');
    const ed = generateKeyPairSync('ed25519');
    expect(() => nodeSigner(ed.privateKey)).toThrow(TypeError);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(() => nodeSigner(p384.privateKey)).toThrow(TypeError);
  });
});
