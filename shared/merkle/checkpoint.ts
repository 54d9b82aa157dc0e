// Checkpoints in the C2SP tlog-checkpoint format, wrapped in a C2SP signed note (Ed25519, signature type 0x01).
// Written by hand: both formats are a few lines of text, and no isomorphic library implements them.
import { HASH_SIZE, type Sha256 } from './hash.js';

export interface Checkpoint {
  /** Log identity, e.g. "sahih.example.go.id/log"; must not contain newlines. */
  origin: string;
  size: number;
  root: Uint8Array;
  /** Optional extension lines (C2SP allows them after the root). */
  extensions?: string[];
}

export interface NoteSignature {
  keyName: string;
  keyId: number;
  signature: Uint8Array;
}

export interface SignedNote {
  text: string;
  signatures: NoteSignature[];
}

export type Ed25519Sign = (message: Uint8Array) => Uint8Array | Promise<Uint8Array>;
export type Ed25519Verify = (message: Uint8Array, signature: Uint8Array) => boolean | Promise<boolean>;

export class CheckpointFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointFormatError';
  }
}

const SIG_TYPE_ED25519 = 0x01;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new CheckpointFormatError('not standard base64');
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The checkpoint body: origin, decimal size, base64 root, then any extension lines; always ends in a newline. */
export function formatCheckpoint(c: Checkpoint): string {
  if (!c.origin || /[\n\r]/.test(c.origin)) throw new CheckpointFormatError('origin must be one non-empty line');
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new CheckpointFormatError('size must be a non-negative integer');
  if (c.root.length !== HASH_SIZE) throw new CheckpointFormatError('root must be 32 bytes');
  const ext = c.extensions ?? [];
  if (ext.some((l) => !l || /[\n\r]/.test(l))) throw new CheckpointFormatError('extension lines must be non-empty single lines');
  return [c.origin, String(c.size), toBase64(c.root), ...ext].join('\n') + '\n';
}

export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointFormatError('checkpoint must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (!origin || sizeText === undefined || rootText === undefined) throw new CheckpointFormatError('checkpoint needs origin, size and root');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new CheckpointFormatError('size must be decimal without leading zeros');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw new CheckpointFormatError('size too large');
  const root = fromBase64(rootText);
  if (root.length !== HASH_SIZE) throw new CheckpointFormatError('root must be 32 bytes');
  if (extensions.some((l) => l === '')) throw new CheckpointFormatError('empty line inside checkpoint');
  return { origin, size, root, ...(extensions.length ? { extensions } : {}) };
}

/** key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4], big-endian. */
export async function ed25519KeyId(sha256: Sha256, keyName: string, publicKey: Uint8Array): Promise<number> {
  const name = encoder.encode(keyName);
  const input = new Uint8Array(name.length + 2 + publicKey.length);
  input.set(name, 0);
  input[name.length] = 0x0a;
  input[name.length + 1] = SIG_TYPE_ED25519;
  input.set(publicKey, name.length + 2);
  const h = await sha256(input);
  return ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
}

/** The verifier key string used by Go's note package and witnesses: name+hex(keyId)+base64(0x01 || pubkey). */
export async function formatVerifierKey(sha256: Sha256, keyName: string, publicKey: Uint8Array): Promise<string> {
  const id = await ed25519KeyId(sha256, keyName, publicKey);
  const typed = new Uint8Array(1 + publicKey.length);
  typed[0] = SIG_TYPE_ED25519;
  typed.set(publicKey, 1);
  return `${keyName}+${id.toString(16).padStart(8, '0')}+${toBase64(typed)}`;
}

export function parseVerifierKey(vkey: string): { keyName: string; keyId: number; publicKey: Uint8Array } {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(vkey);
  if (!m) throw new CheckpointFormatError('verifier key must be name+hexid+base64');
  const typed = fromBase64(m[3]!);
  if (typed[0] !== SIG_TYPE_ED25519 || typed.length !== 33) throw new CheckpointFormatError('only Ed25519 verifier keys are supported');
  return { keyName: m[1]!, keyId: parseInt(m[2]!, 16), publicKey: typed.slice(1) };
}

export interface NoteSigner {
  keyName: string;
  keyId: number;
  sign: Ed25519Sign;
}

/** Signs a note with one key, or with several (one signature line each, in order: C2SP notes carry many). */
export async function signNote(text: string, signers: NoteSigner | readonly NoteSigner[]): Promise<string> {
  if (!text.endsWith('\n')) throw new CheckpointFormatError('note text must end with a newline');
  const list = Array.isArray(signers) ? (signers as readonly NoteSigner[]) : [signers as NoteSigner];
  if (list.length === 0) throw new CheckpointFormatError('a note needs at least one signature');
  const message = encoder.encode(text);
  const lines: string[] = [];
  for (const signer of list) {
    const sig = await signer.sign(message);
    const payload = new Uint8Array(4 + sig.length);
    new DataView(payload.buffer).setUint32(0, signer.keyId);
    payload.set(sig, 4);
    lines.push(`\u2014 ${signer.keyName} ${toBase64(payload)}\n`);
  }
  return `${text}\n${lines.join('')}`;
}

/** The note's text if every one of `required` signed it (and no listed key's signature fails); throws otherwise. */
export async function openNoteSignedByAll(note: string, required: TrustedKey[]): Promise<string> {
  const parsed = parseNote(note);
  const message = encoder.encode(parsed.text);
  for (const key of required) {
    const sig = parsed.signatures.find((s) => s.keyName === key.keyName && s.keyId === key.keyId);
    if (!sig) throw new CheckpointFormatError(`no signature by ${key.keyName}+${key.keyId.toString(16).padStart(8, '0')}`);
    if (!(await key.verify(message, sig.signature))) throw new CheckpointFormatError(`signature by ${key.keyName} does not verify`);
  }
  return parsed.text;
}

export function parseNote(note: string): SignedNote {
  // Validate UTF-8 and control characters as the spec requires.
  decoder.decode(encoder.encode(note));
  for (let i = 0; i < note.length; i++) {
    const code = note.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) throw new CheckpointFormatError('control characters in note');
  }
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new CheckpointFormatError('note has no signature block');
  const text = note.slice(0, split + 1);
  const sigLines = note.slice(split + 2, -1).split('\n');
  if (sigLines.length > 16) throw new CheckpointFormatError('too many signatures');
  const signatures = sigLines.map((line) => {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) throw new CheckpointFormatError('malformed signature line');
    const raw = fromBase64(m[2]!);
    if (raw.length < 5) throw new CheckpointFormatError('signature too short');
    return { keyName: m[1]!, keyId: new DataView(raw.buffer, raw.byteOffset).getUint32(0), signature: raw.slice(4) };
  });
  return { text, signatures };
}

export interface TrustedKey {
  keyName: string;
  keyId: number;
  verify: Ed25519Verify;
}

/**
 * Verifies a signed checkpoint against known keys (signatures from unknown keys are ignored, as the spec says) and
 * returns the checkpoint; throws when no known key's signature verifies or a known key's signature fails.
 */
export async function openSignedCheckpoint(note: string, keys: TrustedKey[]): Promise<Checkpoint> {
  const parsed = parseNote(note);
  const message = encoder.encode(parsed.text);
  let verified = 0;
  for (const sig of parsed.signatures) {
    const key = keys.find((k) => k.keyName === sig.keyName && k.keyId === sig.keyId);
    if (!key) continue;
    if (!(await key.verify(message, sig.signature))) throw new CheckpointFormatError(`signature by ${sig.keyName} does not verify`);
    verified++;
  }
  if (verified === 0) throw new CheckpointFormatError('no signature from a trusted key');
  return parseCheckpoint(parsed.text);
}
