// RFC 9162 §2.1.1 hashing: leaves are SHA-256(0x00 || data), interior nodes SHA-256(0x01 || left || right).
// Written by hand: the two prefixes and a byte compare are all there is, and no maintained isomorphic library exists.

/** SHA-256, sync on the server (node:crypto), async in the browser (WebCrypto); both are awaited the same way. */
export type Sha256 = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

export const HASH_SIZE = 32;

export async function leafHash(sha256: Sha256, data: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array(data.length + 1);
  input[0] = 0x00;
  input.set(data, 1);
  return sha256(input);
}

export async function nodeHash(sha256: Sha256, left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

/** MTH({}) = SHA-256() — the root of the empty tree. */
export async function emptyRoot(sha256: Sha256): Promise<Uint8Array> {
  return sha256(new Uint8Array(0));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** The largest power of two strictly smaller than n (n >= 2), the split point k of RFC 9162 §2.1.1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Safe beyond 2^31, where JavaScript's bitwise operators would wrap. */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && Number.isInteger(Math.log2(n));
}
