// CryptoProvider and Signer over WebCrypto (globalThis.crypto.subtle): the binding used by the wallet in browsers,
// and usable in Node 20 as well.

import { LruCache } from '../util/lru.js';
import { asciiBytes, utf8Encode } from '../encoding/base64url.js';
import { es256KeyId } from './jwk.js';
import type { CryptoProvider, Es256PublicJwk, Signer } from './types.js';

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface WebCryptoProviderOptions {
  /** Defaults to globalThis.crypto. */
  crypto?: Crypto;
  /** How many imported public keys to keep (issuers plus recently seen holders). */
  keyCacheSize?: number;
}

/** WebCrypto returns ArrayBuffer-backed views only; copy when a caller hands us a view over a SharedArrayBuffer etc. */
function toBufferSource(data: Uint8Array | string): Uint8Array<ArrayBuffer> {
  if (typeof data === 'string') return utf8Encode(data) as Uint8Array<ArrayBuffer>;
  return data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(data);
}

export function createWebCryptoProvider(options: WebCryptoProviderOptions = {}): CryptoProvider {
  const webCrypto = options.crypto ?? globalThis.crypto;
  if (!webCrypto?.subtle) throw new TypeError('WebCrypto (crypto.subtle) is not available');
  const subtle = webCrypto.subtle;
  // Promises are cached so concurrent verifications with one key import it once.
  const keys = new LruCache<string, Promise<CryptoKey>>(options.keyCacheSize ?? 10_000);

  function importKey(jwk: Es256PublicJwk): Promise<CryptoKey> {
    const id = es256KeyId(jwk);
    let key = keys.get(id);
    if (!key) {
      key = subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, ECDSA_P256, false, ['verify']);
      // A key that fails to import must not poison the cache.
      key.catch(() => keys.delete(id));
      keys.set(id, key);
    }
    return key;
  }

  return {
    async sha256(data) {
      return new Uint8Array(await subtle.digest('SHA-256', toBufferSource(data)));
    },
    randomBytes(length) {
      const out = new Uint8Array(length);
      // getRandomValues is limited to 65536 bytes per call.
      for (let offset = 0; offset < length; offset += 65536) {
        webCrypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
      }
      return out;
    },
    async verifyEs256(jwk, signingInput, signature) {
      if (signature.length !== 64) return false;
      try {
        const key = await importKey(jwk);
        const data = typeof signingInput === 'string' ? asciiBytes(signingInput) : toBufferSource(signingInput);
        return await subtle.verify(ECDSA_SHA256, key, toBufferSource(signature), data as Uint8Array<ArrayBuffer>);
      } catch {
        return false;
      }
    },
  };
}

/** An ES256 signer over a (typically non-extractable) WebCrypto private key. WebCrypto already emits `r || s`. */
export function webCryptoSigner(privateKey: CryptoKey, options: { kid?: string; crypto?: Crypto } = {}): Signer {
  const subtle = (options.crypto ?? globalThis.crypto).subtle;
  const algorithm = privateKey.algorithm as EcKeyAlgorithm;
  if (privateKey.type !== 'private' || algorithm.name !== 'ECDSA' || algorithm.namedCurve !== 'P-256') {
    throw new TypeError('webCryptoSigner needs an ECDSA P-256 private key');
  }
  return {
    alg: 'ES256',
    ...(options.kid === undefined ? {} : { kid: options.kid }),
    async sign(signingInput) {
      return new Uint8Array(await subtle.sign(ECDSA_SHA256, privateKey, toBufferSource(signingInput)));
    },
  };
}

/** Generates an ES256 key pair with WebCrypto; the public half is returned as a JWK for `cnf.jwk` / JWKS. */
export async function generateEs256KeyPair(
  options: { extractable?: boolean; crypto?: Crypto } = {},
): Promise<{ privateKey: CryptoKey; publicJwk: Es256PublicJwk }> {
  const subtle = (options.crypto ?? globalThis.crypto).subtle;
  const pair = await subtle.generateKey(ECDSA_P256, options.extractable ?? false, ['sign', 'verify']);
  const exported = await subtle.exportKey('jwk', pair.publicKey);
  return {
    privateKey: pair.privateKey,
    publicJwk: { kty: 'EC', crv: 'P-256', x: exported.x!, y: exported.y! },
  };
}
