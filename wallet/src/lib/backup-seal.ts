// The sealed backup format (sahih-backup/1): the content is gzip'd and encrypted (AES-GCM) under a random content key;
// the content key is wrapped once per way in — HKDF over a passkey's PRF output, or PBKDF2-SHA-256 over a recovery
// code. The service stores the result as an opaque blob; only these slots open it. WebCrypto only, no dependency.
import { decodeBase64url, encodeBase64url } from '../../../shared/encoding/base64url.js';

export const BACKUP_FORMAT = 'sahih-backup/1';
/**
 * PBKDF2 rounds for a recovery code (OWASP's 2023 figure for PBKDF2-HMAC-SHA-256). The code itself carries 100 random
 * bits, so the rounds only slow a guesser further; argon2 would add a WASM dependency for no real gain here.
 */
export const RECOVERY_CODE_ITERATIONS = 600_000;

const subtle = () => globalThis.crypto.subtle;
const text = new TextEncoder();
const CONTENT_AAD = text.encode(`${BACKUP_FORMAT} content`);
const WRAP_AAD = text.encode(`${BACKUP_FORMAT} key`);
const PRF_INFO = text.encode(`${BACKUP_FORMAT} passkey`);

export type BackupSlot =
  | { kind: 'passkey'; credentialId: string; salt: string; iv: string; wrapped: string }
  | { kind: 'code'; salt: string; iterations: number; iv: string; wrapped: string };

export interface SealedBackup {
  format: typeof BACKUP_FORMAT;
  sealedAt: string;
  slots: BackupSlot[];
  iv: string;
  ciphertext: string;
}

/** What a slot needs to open: the PRF output for its salt, or the recovery code. */
export type SlotSecret = { kind: 'passkey'; prf: ArrayBuffer } | { kind: 'code'; code: string };

/** Refusals a screen can explain: the blob is not a backup or was changed, or the code does not open it. */
export class BackupOpenError extends Error {
  constructor(readonly code: 'backup_damaged' | 'backup_wrong_code' | 'backup_wrong_passkey') {
    super(code);
    this.name = 'BackupOpenError';
  }
}

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const b64 = (bytes: ArrayBuffer | Uint8Array) => encodeBase64url(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
const unb64 = (value: string) => decodeBase64url(value) as Uint8Array<ArrayBuffer>;

// --- recovery codes: 20 characters of Crockford base32 (100 bits), shown in groups of four ---
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newRecoveryCode(): string {
  const chars = Array.from(random(20), (b) => ALPHABET[b & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** Canonical form of what the citizen typed: case, spaces and dashes ignored; O read as 0, I and L as 1. */
export function normalizeRecoveryCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function isRecoveryCodeShaped(input: string): boolean {
  const code = normalizeRecoveryCode(input);
  return code.length === 20 && [...code].every((c) => ALPHABET.includes(c));
}

// --- key derivation ---
async function slotKey(secret: SlotSecret, slot: { salt: Uint8Array<ArrayBuffer>; iterations?: number }): Promise<CryptoKey> {
  const usage: KeyUsage[] = ['encrypt', 'decrypt'];
  if (secret.kind === 'passkey') {
    const base = await subtle().importKey('raw', secret.prf, 'HKDF', false, ['deriveKey']);
    return subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: slot.salt, info: PRF_INFO }, base, { name: 'AES-GCM', length: 256 }, false, usage);
  }
  const base = await subtle().importKey('raw', text.encode(normalizeRecoveryCode(secret.code)), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: slot.salt, iterations: slot.iterations ?? RECOVERY_CODE_ITERATIONS },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    usage,
  );
}

/** The content key and the slots that open it, made once at set-up and kept (sealed) to reseal after every change. */
export interface BackupKeys {
  contentKey: CryptoKey;
  slots: BackupSlot[];
}

/**
 * Makes a fresh content key wrapped for each way in. `passkey.salt` is the PRF salt the passkey was evaluated with.
 * The content key comes back non-extractable: the raw bytes exist only inside this call.
 */
export async function createBackupKeys(ways: {
  passkey?: { credentialId: string; prf: ArrayBuffer; salt: Uint8Array<ArrayBuffer> };
  code?: string;
  iterations?: number;
}): Promise<BackupKeys> {
  const raw = random(32);
  const slots: BackupSlot[] = [];
  const wrap = async (key: CryptoKey) => {
    const iv = random(12);
    return { iv: b64(iv), wrapped: b64(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: WRAP_AAD }, key, raw)) };
  };
  if (ways.passkey) {
    const key = await slotKey({ kind: 'passkey', prf: ways.passkey.prf }, { salt: ways.passkey.salt });
    slots.push({ kind: 'passkey', credentialId: ways.passkey.credentialId, salt: b64(ways.passkey.salt), ...(await wrap(key)) });
  }
  if (ways.code !== undefined) {
    const salt = random(16);
    const iterations = ways.iterations ?? RECOVERY_CODE_ITERATIONS;
    const key = await slotKey({ kind: 'code', code: ways.code }, { salt, iterations });
    slots.push({ kind: 'code', salt: b64(salt), iterations, ...(await wrap(key)) });
  }
  const contentKey = await subtle().importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
  raw.fill(0);
  return { contentKey, slots };
}

async function pipe(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array<ArrayBuffer>> {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** Seals any JSON value under the keys; the result is the bytes the service stores and the file the citizen downloads. */
export async function sealBackup(keys: BackupKeys, content: unknown, now = Date.now()): Promise<Uint8Array<ArrayBuffer>> {
  const plain = await pipe(text.encode(JSON.stringify(content)), new CompressionStream('gzip'));
  const iv = random(12);
  const ciphertext = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: CONTENT_AAD }, keys.contentKey, plain);
  const sealed: SealedBackup = { format: BACKUP_FORMAT, sealedAt: new Date(now).toISOString(), slots: keys.slots, iv: b64(iv), ciphertext: b64(ciphertext) };
  return text.encode(JSON.stringify(sealed));
}

/** Reads the outer layer without opening it: which ways in it has. Throws backup_damaged when it is no backup. */
export function readSealedBackup(bytes: Uint8Array): SealedBackup {
  try {
    const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as SealedBackup;
    if (parsed.format !== BACKUP_FORMAT || !Array.isArray(parsed.slots) || typeof parsed.iv !== 'string' || typeof parsed.ciphertext !== 'string') throw new Error();
    return parsed;
  } catch {
    throw new BackupOpenError('backup_damaged');
  }
}

/**
 * Opens a sealed backup with one secret. A secret that unwraps no slot is a wrong code (or passkey); a content that
 * fails authentication after a slot opened means the blob was changed: both refuse before anything is written.
 * Returns the content and the keys, so the new phone keeps sealing under the same ways in.
 */
export async function openBackup<T>(bytes: Uint8Array, secret: SlotSecret): Promise<{ content: T; keys: BackupKeys }> {
  const sealed = readSealedBackup(bytes);
  const wrongSecret = new BackupOpenError(secret.kind === 'code' ? 'backup_wrong_code' : 'backup_wrong_passkey');
  let raw: Uint8Array<ArrayBuffer> | undefined;
  for (const slot of sealed.slots.filter((s) => s.kind === secret.kind)) {
    try {
      const key = await slotKey(secret, { salt: unb64(slot.salt), ...(slot.kind === 'code' ? { iterations: slot.iterations } : {}) });
      raw = new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: unb64(slot.iv), additionalData: WRAP_AAD }, key, unb64(slot.wrapped)));
      break;
    } catch {
      // try the next slot of this kind
    }
  }
  if (!raw) throw wrongSecret;
  const contentKey = await subtle().importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
  raw.fill(0);
  try {
    const plain = await subtle().decrypt({ name: 'AES-GCM', iv: unb64(sealed.iv), additionalData: CONTENT_AAD }, contentKey, unb64(sealed.ciphertext));
    const content = JSON.parse(new TextDecoder().decode(await pipe(new Uint8Array(plain), new DecompressionStream('gzip')))) as T;
    return { content, keys: { contentKey, slots: sealed.slots } };
  } catch {
    throw new BackupOpenError('backup_damaged');
  }
}
