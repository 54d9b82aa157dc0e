// The bounded cache: never above its size, keeps entries that are read, evicts the oldest unread one.
import { describe, expect, it } from 'vitest';
import { LruCache } from './lru.js';

describe('LruCache (second chance)', () => {
  it('stays within its bound and evicts the oldest entry nobody read', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1);
    cache.set('d', 4);
    expect(cache.size).toBe(3);
    // 'a' was read, so 'b' (the oldest unread) went.
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([1, 3, 4]);
  });

  it('evicts even when every entry was read (one pass clears the marks)', () => {
    const cache = new LruCache<number, number>(4);
    for (let i = 0; i < 4; i++) cache.set(i, i);
    for (let i = 0; i < 4; i++) cache.get(i);
    cache.set(99, 99);
    expect(cache.size).toBe(4);
    expect(cache.get(99)).toBe(99);
    expect([0, 1, 2, 3].filter((i) => cache.get(i) !== undefined)).toHaveLength(3);
  });

  it('keeps a hot key through a stream of one-off keys', () => {
    const cache = new LruCache<string, number>(100);
    cache.set('hot', 0);
    for (let i = 0; i < 10_000; i++) {
      expect(cache.get('hot')).toBe(0);
      cache.set(`cold-${i}`, i);
    }
    expect(cache.size).toBe(100);
  });

  it('updates in place, deletes, clears, and refuses a non-positive bound', () => {
    const cache = new LruCache<string, string>(2);
    cache.set('k', 'v1');
    cache.set('k', 'v2');
    expect(cache.size).toBe(1);
    expect(cache.get('k')).toBe('v2');
    cache.delete('k');
    expect(cache.get('k')).toBeUndefined();
    cache.set('x', 'y');
    cache.clear();
    expect(cache.size).toBe(0);
    expect(() => new LruCache(0)).toThrow(TypeError);
  });
});
