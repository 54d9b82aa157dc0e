// Unbiased random integers from injected randomness (CryptoProvider.randomBytes).

import type { CryptoProvider } from './types.js';

/** Uniform integer in [0, bound) for bound ≤ 2^32, by rejection sampling (no modulo bias). */
export function randomBelow(bound: number, crypto: Pick<CryptoProvider, 'randomBytes'>): number {
  if (!Number.isSafeInteger(bound) || bound < 1 || bound > 0x1_0000_0000) throw new RangeError('bound must be in [1, 2^32]');
  if (bound === 1) return 0;
  const limit = Math.floor(0x1_0000_0000 / bound) * bound;
  for (;;) {
    const bytes = crypto.randomBytes(4);
    const value = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    if (value < limit) return value % bound;
  }
}
