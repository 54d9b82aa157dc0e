// The limiter's arithmetic with a frozen clock: exact limits in one instance, Retry-After, new windows, the
// failure-budget check that writes nothing, and leases over shared counters that never let two instances exceed one limit.
import { describe, expect, it } from 'vitest';
import type { RateCounters } from './counters.js';
import { RateLimiter } from './limiter.js';
import { MemoryCounters } from './memory-counters.js';
import { unlimitedRateRules } from './rules.js';

const MINUTE = 60_000;
const rules = (limit: number) => ({ ...unlimitedRateRules, addressWrites: { limit, windowMs: MINUTE } });

/** Memory counters standing in for a shared store, counting how often the limiter writes to them. */
class SharedCounters implements RateCounters {
  readonly shared = true;
  readonly inner = new MemoryCounters();
  adds = 0;
  add(key: string, windowStart: number, windowMs: number, amount: number) {
    this.adds += 1;
    return this.inner.add(key, windowStart, windowMs, amount);
  }
  purge(now: number) {
    return this.inner.purge(now);
  }
  size() {
    return this.inner.size();
  }
  close() {
    return this.inner.close();
  }
}

async function hits(limiter: RateLimiter, n: number, key = 'k') {
  const decisions = await Promise.all(Array.from({ length: n }, () => limiter.hit('addressWrites', key)));
  return decisions.filter((d) => d.allowed).length;
}

describe('RateLimiter', () => {
  it('allows exactly the limit per window in one instance, then tells how long to wait', async () => {
    let now = 10 * MINUTE + 20_500;
    const limiter = new RateLimiter({ counters: new MemoryCounters(), rules: rules(5), now: () => now });
    expect(await hits(limiter, 8)).toBe(5);
    expect(await limiter.hit('addressWrites', 'k')).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect((await limiter.hit('addressWrites', 'other')).allowed).toBe(true);
    now = 11 * MINUTE;
    expect(await hits(limiter, 8)).toBe(5);
  });

  it('reports a spent budget without spending anything', async () => {
    const limiter = new RateLimiter({ counters: new MemoryCounters(), rules: { ...rules(1), authFailures: { limit: 2, windowMs: MINUTE } }, now: () => 0 });
    expect(limiter.exhausted('authFailures', 'a')).toBeUndefined();
    await limiter.hit('authFailures', 'a');
    expect(limiter.exhausted('authFailures', 'a')).toBeUndefined();
    await limiter.hit('authFailures', 'a');
    expect(limiter.exhausted('authFailures', 'a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('leases budget from shared counters: two instances together never pass the limit, with far fewer writes than requests', async () => {
    const counters = new SharedCounters();
    const a = new RateLimiter({ counters, rules: rules(1_000), now: () => 0 });
    const b = new RateLimiter({ counters, rules: rules(1_000), now: () => 0 });
    let allowed = 0;
    for (let round = 0; round < 30; round++) allowed += (await hits(a, 40)) + (await hits(b, 40));
    expect(allowed).toBe(1_000);
    // 20-unit leases: about 50 writes for 1,000 requests, and none at all for the 1,400 refused ones.
    expect(counters.adds).toBeLessThanOrEqual(60);
  });

  it('lets requests through and reports when the counters fail', async () => {
    const errors: unknown[] = [];
    const broken: RateCounters = { shared: true, add: () => Promise.reject(new Error('down')), purge: () => Promise.resolve(0), size: () => Promise.resolve(0), close: () => Promise.resolve() };
    const limiter = new RateLimiter({ counters: broken, rules: rules(1), now: () => 0, onCounterError: (e) => errors.push(e) });
    expect((await limiter.hit('addressWrites', 'k')).allowed).toBe(true);
    expect(errors).toHaveLength(1);
  });
});
