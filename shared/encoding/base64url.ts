// Strict base64url (RFC 4648 §5, no padding) and UTF-8 helpers, runtime-neutral (no Buffer, no node:*).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DECODE_TABLE = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

const textEncoder = new TextEncoder();
// fatal: invalid UTF-8 in a token is an error, never silently replaced with U+FFFD.
const textDecoder = new TextDecoder('utf-8', { fatal: true });

export function encodeBase64url(bytes: Uint8Array): string {
  let out = '';
  const len = bytes.length;
  let i = 0;
  for (; i + 2 < len; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[(n >>> 18) & 63]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = len - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[(n >>> 18) & 63]! + ALPHABET[(n >>> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[(n >>> 18) & 63]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]!;
  }
  return out;
}

/**
 * Decodes unpadded base64url. Rejects (SyntaxError) padding, characters outside the alphabet, impossible lengths and
 * non-zero trailing bits, so every byte string has exactly one accepted encoding (no signature malleability through
 * alternative spellings).
 */
export function decodeBase64url(input: string): Uint8Array {
  const out = new Uint8Array(decodedLength(input));
  decodeInto(input, out);
  return out;
}

function decodedLength(input: string): number {
  if (input.length % 4 === 1) throw new SyntaxError('invalid base64url length');
  return Math.floor((input.length * 3) / 4);
}

/** Decodes into `out` (at least decodedLength bytes) and returns the byte count. */
function decodeInto(input: string, out: Uint8Array): number {
  const len = input.length;
  let o = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const n = (sextet(input, i) << 18) | (sextet(input, i + 1) << 12) | (sextet(input, i + 2) << 6) | sextet(input, i + 3);
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 255;
    out[o++] = n & 255;
  }
  const rest = len - i;
  if (rest === 2) {
    const a = sextet(input, i);
    const b = sextet(input, i + 1);
    if ((b & 15) !== 0) throw new SyntaxError('non-canonical base64url');
    out[o++] = (a << 2) | (b >>> 4);
  } else if (rest === 3) {
    const a = sextet(input, i);
    const b = sextet(input, i + 1);
    const c = sextet(input, i + 2);
    if ((c & 3) !== 0) throw new SyntaxError('non-canonical base64url');
    out[o++] = (a << 2) | (b >>> 4);
    out[o++] = ((b & 15) << 4) | (c >>> 2);
  }
  return o;
}

// Token segments are decoded to text through one reused buffer: a fresh ArrayBuffer per segment showed up as
// garbage-collection time on the verifier's hot path. Safe because decoding and TextDecoder.decode are synchronous.
let scratch = new Uint8Array(4096);

/** base64url → UTF-8 text (fatal on invalid UTF-8), same strictness as decodeBase64url. */
export function decodeBase64urlText(input: string): string {
  const length = decodedLength(input);
  if (scratch.length < length) scratch = new Uint8Array(Math.max(length, scratch.length * 2));
  const n = decodeInto(input, scratch);
  return textDecoder.decode(scratch.subarray(0, n));
}

function sextet(input: string, index: number): number {
  const code = input.charCodeAt(index);
  const value = code < 128 ? DECODE_TABLE[code]! : -1;
  if (value < 0) throw new SyntaxError('invalid base64url character');
  return value;
}

export function utf8Encode(text: string): Uint8Array {
  return textEncoder.encode(text);
}

export function utf8Decode(bytes: Uint8Array): string {
  return textDecoder.decode(bytes);
}

/** base64url → UTF-8 text → JSON value; throws SyntaxError on any step. */
export function decodeBase64urlJson(input: string): unknown {
  return JSON.parse(decodeBase64urlText(input));
}

export function encodeBase64urlJson(value: unknown): string {
  return encodeBase64url(utf8Encode(JSON.stringify(value)));
}

/** Encodes a string whose characters are all < 0x80 (e.g. a JWS signing input) without going through TextEncoder. */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
