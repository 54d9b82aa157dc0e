// The rate limiter: fixed windows per (class, key) over a RateCounters store. With shared (PostgreSQL) counters an
// instance leases a small share of a window's budget at a time (one upsert per lease, not per request) and spends it
// locally; once the shared total reaches the limit it answers 429 for the rest of the window without touching the
// database, so a flood costs no writes. A lease held but unspent by one instance is the only slack: other instances
// may be refused up to (instances - 1) x lease units early, a few percent of the budget by default.
//
// Written here rather than taken from hono-rate-limiter: that middleware counts one request per store call with no
// leases (a database write per request across instances), decides the key before the handler runs (our API-key and
// account limits apply only after authentication, so forged keys cannot create counters), and counts failures by
// incrementing then decrementing every success; none of that fits a shared PostgreSQL budget with per-class rules.
import { LruCache } from '../../shared/util/lru.js';
import type { RateCounters } from './counters.js';
import type { RateClass, RateRule, RateRules } from './rules.js';

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until the window ends (at least 1): the Retry-After value of a refusal. */
  retryAfterSeconds: number;
}

/** What one instance knows about one key's current window. */
interface LocalWindow {
  windowStart: number;
  /** Units leased from the counters in this window, and how many of them are spent. */
  granted: number;
  used: number;
  /** The shared total reached the limit: no further lease can succeed in this window. */
  final: boolean;
  pending: Promise<void> | undefined;
}

export interface RateLimiterOptions {
  counters: RateCounters;
  rules: RateRules;
  now?: () => number;
  /** Share of a window's budget one lease takes with shared counters (default 2%, at least 1 unit). */
  leaseShare?: number;
  /** Bound on the keys whose window this instance remembers. */
  maxLocalKeys?: number;
  /** Called when the counters fail; the limiter then lets the request through rather than fail the service. */
  onCounterError?: (error: unknown) => void;
}

export class RateLimiter {
  readonly rules: RateRules;
  readonly counters: RateCounters;
  readonly #now: () => number;
  readonly #leaseShare: number;
  readonly #local: LruCache<string, LocalWindow>;
  readonly #onCounterError: (error: unknown) => void;

  constructor(options: RateLimiterOptions) {
    this.rules = options.rules;
    this.counters = options.counters;
    this.#now = options.now ?? Date.now;
    this.#leaseShare = options.leaseShare ?? 0.02;
    this.#local = new LruCache(options.maxLocalKeys ?? 50_000);
    this.#onCounterError = options.onCounterError ?? (() => undefined);
  }

  /** Spends one unit of `cls`'s budget for `key`. */
  async hit(cls: RateClass, key: string): Promise<RateDecision> {
    const rule = this.rules[cls];
    const now = this.#now();
    const windowStart = now - (now % rule.windowMs);
    const allowed = { allowed: true, retryAfterSeconds: retryAfter(rule, windowStart, now) };
    const refused = { allowed: false, retryAfterSeconds: allowed.retryAfterSeconds };
    const id = `${cls}:${key}`;
    for (;;) {
      const local = this.#window(id, windowStart);
      if (local.used < local.granted) {
        local.used += 1;
        return allowed;
      }
      if (local.final) return refused;
      if (!local.pending) {
        local.pending = this.#lease(local, id, rule).finally(() => {
          local.pending = undefined;
        });
      }
      try {
        await local.pending;
      } catch (error) {
        this.#onCounterError(error);
        return allowed;
      }
    }
  }

  /** Whether `key`'s budget of `cls` is known to be spent in the current window (reads no counter). */
  exhausted(cls: RateClass, key: string): RateDecision | undefined {
    const rule = this.rules[cls];
    const now = this.#now();
    const windowStart = now - (now % rule.windowMs);
    const local = this.#local.get(`${cls}:${key}`);
    if (!local || local.windowStart !== windowStart || !local.final || local.used < local.granted) return undefined;
    return { allowed: false, retryAfterSeconds: retryAfter(rule, windowStart, now) };
  }

  #window(id: string, windowStart: number): LocalWindow {
    const existing = this.#local.get(id);
    if (existing && existing.windowStart === windowStart) return existing;
    const fresh: LocalWindow = { windowStart, granted: 0, used: 0, final: false, pending: undefined };
    this.#local.set(id, fresh);
    return fresh;
  }

  async #lease(local: LocalWindow, id: string, rule: RateRule): Promise<void> {
    const chunk = this.counters.shared ? Math.min(rule.limit, Math.max(1, Math.floor(rule.limit * this.#leaseShare))) : 1;
    const total = await this.counters.add(id, local.windowStart, rule.windowMs, chunk);
    // Of this chunk, only what still fits under the limit is ours.
    const grant = Math.max(0, Math.min(chunk, rule.limit - (total - chunk)));
    local.granted += grant;
    if (total >= rule.limit) local.final = true;
  }
}

function retryAfter(rule: RateRule, windowStart: number, now: number): number {
  return Math.max(1, Math.ceil((windowStart + rule.windowMs - now) / 1000));
}
