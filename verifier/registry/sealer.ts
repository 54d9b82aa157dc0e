// Encryption at rest under the key-encryption key (KEK) from configuration: AES-256-GCM with a per-purpose subkey
// (HKDF-SHA-256) and the row's identity as associated data, so a sealed value cannot be moved to another row.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';

/** subject-ref: national ID numbers; holder-ref: holder key thumbprints no account holds; response-code: OpenID4VP response codes. */
export type KeyedHashPurpose = 'subject-ref' | 'holder-ref' | 'response-code';

export type SealPurpose = 'agency-key' | 'offer-claims' | 'log-key' | 'presentation-result' | 'webhook-secret' | 'webhook-result' | 'operator-ca-key' | 'response-key';

export interface Sealer {
  seal(purpose: SealPurpose, aad: string, plaintext: string): string;
  open(purpose: SealPurpose, aad: string, sealed: string): string;
  /**
   * A keyed hash (HMAC-SHA-256 under a KEK subkey), base64url: a stable pseudonym for a value the service must match
   * on but never store, such as a national ID number.
   */
  keyedHash(purpose: KeyedHashPurpose, value: string): string;
}

const VERSION = 'v1';

/** `kek` is 32 random bytes, base64url (KEY_ENCRYPTION_KEY). */
export function createSealer(kek: string): Sealer {
  const master = Buffer.from(kek, 'base64url');
  if (master.length !== 32) throw new TypeError('the key-encryption key must be 32 bytes (base64url)');
  const subkeys = new Map<SealPurpose | KeyedHashPurpose, Buffer>();
  const subkey = (purpose: SealPurpose | KeyedHashPurpose) => {
    let key = subkeys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `sahih ${purpose} ${VERSION}`, 32));
      subkeys.set(purpose, key);
    }
    return key;
  };
  return {
    keyedHash(purpose, value) {
      return createHmac('sha256', subkey(purpose)).update(value, 'utf8').digest('base64url');
    },
    seal(purpose, aad, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', subkey(purpose), iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(purpose, aad, sealed) {
      const [version, ivText, bodyText] = sealed.split('.');
      if (version !== VERSION || !ivText || !bodyText) throw new AppError('internal_error', { detail: 'unreadable sealed value' });
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', subkey(purpose), Buffer.from(ivText, 'base64url'));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - 16));
      try {
        return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
      } catch (cause) {
        // Wrong KEK or a tampered row: an operator problem, never the caller's.
        throw new AppError('internal_error', { detail: 'a sealed value does not open with this key-encryption key', cause });
      }
    },
  };
}
