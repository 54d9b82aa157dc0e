// The pooled random bytes: never handed out twice, not overwritten by a refill, and not all zero.
import { describe, expect, it } from 'vitest';
import { randomBytesFromPool } from './random-pool.js';

describe('randomBytesFromPool', () => {
  it('hands out distinct views that survive refills', () => {
    const first = randomBytesFromPool(16);
    const copy = Uint8Array.from(first);
    const seen = new Set<string>([Buffer.from(first).toString('hex')]);
    // Several refills' worth.
    for (let i = 0; i < 2000; i++) seen.add(Buffer.from(randomBytesFromPool(16)).toString('hex'));
    expect(seen.size).toBe(2001);
    expect(first).toEqual(copy);
    expect(copy.some((b) => b !== 0)).toBe(true);
  });

  it('refuses more than a pool at once', () => {
    expect(() => randomBytesFromPool(4097)).toThrow(RangeError);
  });
});
