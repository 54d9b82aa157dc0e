// Random, collision-free status index allocation.

import { describe, expect, it } from 'vitest';
import { createWebCryptoProvider } from '../crypto/webcrypto.js';
import { StatusIndexAllocator } from './allocator.js';

const crypto = createWebCryptoProvider();

describe('StatusIndexAllocator', () => {
  it('hands out every index exactly once, then reports the list full', () => {
    const allocator = new StatusIndexAllocator({ size: 512, crypto });
    const seen = new Set<number>();
    for (let i = 0; i < 512; i++) seen.add(allocator.allocate());
    expect(seen.size).toBe(512);
    expect(Math.min(...seen)).toBe(0);
    expect(Math.max(...seen)).toBe(511);
    expect(allocator.available).toBe(0);
    expect(() => allocator.allocate()).toThrow(RangeError);
  });

  it('never returns an index already used', () => {
    const used = Array.from({ length: 1000 }, (_, i) => i * 2);
    const allocator = new StatusIndexAllocator({ size: 2000, crypto, used });
    for (let i = 0; i < 1000; i++) expect(allocator.allocate() % 2).toBe(1);
  });

  it('is not sequential: the first indices of a large list are spread out', () => {
    const allocator = new StatusIndexAllocator({ size: 1 << 20, crypto });
    const first = Array.from({ length: 20 }, () => allocator.allocate());
    const sequentialSteps = first.slice(1).filter((value, i) => value === first[i]! + 1).length;
    expect(sequentialSteps).toBeLessThan(3);
    expect(Math.max(...first)).toBeGreaterThan(1 << 16);
  });

  it('draws from the injected randomness', () => {
    let calls = 0;
    const fixed = { randomBytes: (n: number) => (calls++, new Uint8Array(n).fill(0)) };
    const allocator = new StatusIndexAllocator({ size: 16, crypto: fixed });
    expect(allocator.allocate()).toBe(0);
    expect(calls).toBeGreaterThan(0);
  });
});
