// CryptoProvider and Signer over node:crypto for the service: synchronous answers and cached KeyObjects keep the
// verification hot path free of promise hops and repeated key imports.

import {
  createHash,
  createPrivateKey,
  hash,
  createPublicKey,
  randomBytes,
  sign,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { es256KeyId } from '../../shared/crypto/jwk.js';
import type { CryptoProvider, Es256PublicJwk, Signer } from '../../shared/crypto/types.js';
import { LruCache } from '../../shared/util/lru.js';

export interface NodeCryptoProviderOptions {
  /** Imported public keys kept (issuers plus recently seen holders); bounded because holders are many. */
  keyCacheSize?: number;
}

const oneShotHash = typeof hash === 'function';

export function createNodeCryptoProvider(options: NodeCryptoProviderOptions = {}): CryptoProvider {
  const keys = new LruCache<string, KeyObject>(options.keyCacheSize ?? 10_000);

  function keyObject(jwk: Es256PublicJwk): KeyObject {
    const id = es256KeyId(jwk);
    let key = keys.get(id);
    if (!key) {
      // Only the curve point goes in: metadata (kid, use, alg) has been checked by the caller already.
      key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
      keys.set(id, key);
    }
    return key;
  }

  return {
    sha256(data) {
      // One-shot crypto.hash (Node ≥ 20.12) skips the Hash object that createHash allocates per call.
      return oneShotHash ? hash('sha256', data, 'buffer') : createHash('sha256').update(data).digest();
    },
    randomBytes(length) {
      return randomBytes(length);
    },
    verifyEs256(jwk, signingInput, signature) {
      if (signature.length !== 64) return false;
      try {
        const data = typeof signingInput === 'string' ? Buffer.from(signingInput, 'latin1') : signingInput;
        return verify('sha256', data, { key: keyObject(jwk), dsaEncoding: 'ieee-p1363' }, signature);
      } catch {
        return false;
      }
    },
  };
}

/** An ES256 signer over a private JWK or KeyObject held by the service (issuer and status list keys). */
export function nodeSigner(privateKey: JsonWebKey | KeyObject, options: { kid?: string } = {}): Signer {
  const key = isKeyObject(privateKey) ? privateKey : createPrivateKey({ key: privateKey, format: 'jwk' });
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new TypeError('nodeSigner needs an EC P-256 private key');
  }
  return {
    alg: 'ES256',
    ...(options.kid === undefined ? {} : { kid: options.kid }),
    sign(signingInput) {
      return sign('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' });
    },
  };
}

function isKeyObject(value: JsonWebKey | KeyObject): value is KeyObject {
  return typeof (value as KeyObject).export === 'function' && 'asymmetricKeyType' in value;
}
