// Resolves a credential's status reference: fetches the Status List Token, verifies it, caches it as long as its
// `ttl`/`exp` allow, and maps the status value to a verification code. Anything that stops us reading a trustworthy
// status is `status_unavailable` — never "valid".

import type { CryptoProvider } from '../crypto/types.js';
import { LruCache } from '../util/lru.js';
import { isFailure } from '../verification/result.js';
import { STATUS_INVALID, STATUS_SUSPENDED, STATUS_VALID, type StatusList } from './status-list.js';
import { verifyStatusListToken, type VerifyStatusListTokenOptions } from './status-token.js';
import type { StatusCheckResult, StatusChecker, StatusReference } from './types.js';

export interface StatusCheckerOptions {
  /** Fetches the Status List Token (compact JWT text) at a URI; rejects when unreachable. */
  fetch(uri: string): Promise<string>;
  crypto: CryptoProvider;
  resolveKey: VerifyStatusListTokenOptions['resolveKey'];
  /** Seconds since the epoch. */
  now(): number;
  skewSeconds?: number;
  /** Cache lifetime when the token has no `ttl` (default 300 s). */
  defaultTtlSeconds?: number;
  /** Upper bound on any cache lifetime, whatever `ttl` says (default 1 day). */
  maxTtlSeconds?: number;
  /** Distinct list URIs kept (default 1000). */
  maxEntries?: number;
}

interface CachedList {
  readonly list: StatusList;
  /** Seconds; the entry is used while now < freshUntil. */
  readonly freshUntil: number;
}

type Loaded = CachedList | Extract<StatusCheckResult, { ok: false }>;

export interface CachingStatusChecker extends StatusChecker {
  check(reference: StatusReference): Promise<StatusCheckResult>;
  /** Drops every cached list (e.g. after an operator action). */
  clear(): void;
}

export function createStatusChecker(options: StatusCheckerOptions): CachingStatusChecker {
  const cache = new LruCache<string, CachedList>(options.maxEntries ?? 1000);
  // Concurrent checks against one list share a single fetch.
  const inFlight = new Map<string, Promise<Loaded>>();
  const defaultTtl = options.defaultTtlSeconds ?? 300;
  const maxTtl = options.maxTtlSeconds ?? 86_400;

  async function load(uri: string): Promise<Loaded> {
    let token: string;
    try {
      token = await options.fetch(uri);
    } catch {
      return unavailable('the status list could not be fetched');
    }
    if (typeof token !== 'string') return unavailable('the status list response is not a token');
    const verified = await verifyStatusListToken({
      token,
      uri,
      crypto: options.crypto,
      resolveKey: options.resolveKey,
      now: options.now,
      ...(options.skewSeconds === undefined ? {} : { skewSeconds: options.skewSeconds }),
    });
    if (isFailure(verified)) return unavailable(`the status list token is not acceptable (${verified.code})`);
    const now = options.now();
    let freshUntil = now + Math.min(verified.ttlSeconds ?? defaultTtl, maxTtl);
    if (verified.expiresAt !== undefined) freshUntil = Math.min(freshUntil, verified.expiresAt);
    const entry = { list: verified.list, freshUntil };
    cache.set(uri, entry);
    return entry;
  }

  async function listFor(uri: string): Promise<Loaded> {
    const cached = cache.get(uri);
    if (cached && options.now() < cached.freshUntil) return cached;
    let pending = inFlight.get(uri);
    if (!pending) {
      pending = load(uri).finally(() => inFlight.delete(uri));
      inFlight.set(uri, pending);
    }
    return pending;
  }

  return {
    async check(reference) {
      const loaded = await listFor(reference.uri);
      if ('ok' in loaded) return loaded;
      let status: number;
      try {
        status = loaded.list.get(reference.idx);
      } catch {
        return unavailable('the status index is outside the list');
      }
      return interpretStatus(status);
    },
    clear() {
      cache.clear();
    },
  };
}

/** §7.1: 0 VALID, 1 INVALID (revoked), 2 SUSPENDED; other values mean nothing to us, so they fail closed. */
export function interpretStatus(status: number): StatusCheckResult {
  switch (status) {
    case STATUS_VALID:
      return { ok: true, status: STATUS_VALID };
    case STATUS_INVALID:
      return { ok: false, code: 'revoked', detail: 'the credential has been revoked', status };
    case STATUS_SUSPENDED:
      return { ok: false, code: 'suspended', detail: 'the credential is suspended', status };
    default:
      return { ok: false, code: 'status_unknown', detail: `status value ${status} has no defined meaning here`, status };
  }
}

function unavailable(detail: string): Extract<StatusCheckResult, { ok: false }> {
  return { ok: false, code: 'status_unavailable', detail };
}
