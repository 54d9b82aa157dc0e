// In-process rate counters for a single instance (the SQLite deployment): a bounded map, so a flood of new client
// addresses evicts the least-used counters instead of growing memory. An evicted counter restarts from zero, which
// can only let a forgotten (quiet) client through, never block a busy one early.
import { LruCache } from '../../shared/util/lru.js';
import type { RateCounters } from './counters.js';

interface Entry {
  windowStart: number;
  windowEnd: number;
  count: number;
}

export const DEFAULT_MEMORY_COUNTER_KEYS = 50_000;

export class MemoryCounters implements RateCounters {
  readonly shared = false;
  readonly #entries: LruCache<string, Entry>;

  constructor(options: { maxKeys?: number } = {}) {
    this.#entries = new LruCache(options.maxKeys ?? DEFAULT_MEMORY_COUNTER_KEYS);
  }

  add(key: string, windowStart: number, windowMs: number, amount: number): Promise<number> {
    return Promise.resolve(this.addNow(key, windowStart, windowMs, amount));
  }

  /** The synchronous form, for the limiter's hot path. */
  addNow(key: string, windowStart: number, windowMs: number, amount: number): number {
    const entry = this.#entries.get(key);
    if (entry && entry.windowStart === windowStart) {
      entry.count += amount;
      return entry.count;
    }
    // A later instant than the stored window starts a new one; an older window (clock skew) is counted in the newer.
    if (entry && entry.windowStart > windowStart) {
      entry.count += amount;
      return entry.count;
    }
    this.#entries.set(key, { windowStart, windowEnd: windowStart + windowMs, count: amount });
    return amount;
  }

  purge(now: number): Promise<number> {
    let purged = 0;
    for (const [key, entry] of this.#entries.entries()) {
      if (entry.windowEnd <= now) {
        this.#entries.delete(key);
        purged += 1;
      }
    }
    return Promise.resolve(purged);
  }

  size(): Promise<number> {
    return Promise.resolve(this.#entries.size);
  }

  close(): Promise<void> {
    this.#entries.clear();
    return Promise.resolve();
  }
}
