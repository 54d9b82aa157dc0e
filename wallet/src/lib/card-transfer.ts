// Reading a card moved from another wallet: a JSON file with the SD-JWT VC and its holder private key as a JWK,
// `{ "credential": "<SD-JWT VC>", "key": { "kty": "EC", "crv": "P-256", "x", "y", "d" } }`. No standard covers moving
// a credential together with its key between wallets, so this works only when the other wallet lets the citizen
// export the key (software wallets, developer tools built on libraries such as @openid4vc); wallets that keep keys in
// secure hardware cannot, and then the citizen asks the issuer for a new copy. The card is checked like a received one
// (issuer signature from the issuer's published keys, validity, key binding); the private key becomes a
// non-extractable CryptoKey at once and must sign for the card's own public key. The JWK is never stored or sent.
import type { Es256PublicJwk } from '../../../shared/crypto/types.js';
import { createWebCryptoProvider } from '../../../shared/crypto/webcrypto.js';
import type { JsonObject } from '../../../shared/jose/jws.js';
import { verifySdJwtVc } from '../../../shared/sdjwt/verify.js';
import { isFailure } from '../../../shared/verification/result.js';
import { ApiError } from './api.js';
import { fetchIssuerKeys, pickKey } from './issuer-metadata.js';

export interface CardTransfer {
  credential: string;
  key: JsonWebKey;
}

export interface CheckedCard {
  issuer: string;
  holderJwk: Es256PublicJwk;
  vct: string | undefined;
}

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const cryptoProvider = createWebCryptoProvider();

const fileInvalid = () => new ApiError('card_file_invalid', 0);

/** Parses the file's text; anything but the expected shape is `card_file_invalid` (its content is never echoed). */
export function readTransfer(text: string): CardTransfer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw fileInvalid();
  }
  const { credential, key } = (parsed ?? {}) as { credential?: unknown; key?: unknown };
  if (typeof credential !== 'string' || !credential.includes('~')) throw fileInvalid();
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw fileInvalid();
  const jwk = key as Record<string, unknown>;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') throw fileInvalid();
  // Only the card itself, whatever presentation tail the other wallet may have kept.
  return { credential: credential.endsWith('~') ? credential : credential.slice(0, credential.lastIndexOf('~') + 1), key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d } };
}

/** Checks the card as when receiving it: the issuer's signature under its published keys, validity, a holder key. */
export async function checkCard(credential: string): Promise<CheckedCard> {
  let keys: Awaited<ReturnType<typeof fetchIssuerKeys>> | undefined;
  const verified = await verifySdJwtVc({
    token: credential,
    crypto: cryptoProvider,
    resolveIssuerKey: async ({ iss, kid }) => {
      keys ??= await fetchIssuerKeys(iss);
      return pickKey(keys, kid);
    },
    now: () => Math.floor(Date.now() / 1000),
    requireKeyBinding: false,
  });
  if (isFailure(verified)) throw new ApiError(`credential_${verified.code}`, 0);
  if (!verified.holderJwk) throw new ApiError('card_not_key_bound', 0);
  const vct = (verified.payload as JsonObject).vct;
  return { issuer: verified.issuer, holderJwk: verified.holderJwk, vct: typeof vct === 'string' ? vct : undefined };
}

/**
 * Imports the private key as a non-extractable signing key and proves it belongs to the card: it must name the card's
 * public point and sign something the card's public key verifies.
 */
export async function importHolderKey(jwk: JsonWebKey, holder: Es256PublicJwk): Promise<CryptoKey> {
  if (jwk.x !== holder.x || jwk.y !== holder.y) throw new ApiError('card_key_mismatch', 0);
  const subtle = globalThis.crypto.subtle;
  let privateKey: CryptoKey;
  try {
    privateKey = await subtle.importKey('jwk', { ...jwk, ext: false, key_ops: ['sign'] }, ECDSA, false, ['sign']);
  } catch {
    throw new ApiError('card_key_mismatch', 0);
  }
  const publicKey = await subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: holder.x, y: holder.y }, ECDSA, false, ['verify']);
  const probe = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const signature = await subtle.sign(SIGN, privateKey, probe);
  if (!(await subtle.verify(SIGN, publicKey, signature, probe))) throw new ApiError('card_key_mismatch', 0);
  return privateKey;
}
