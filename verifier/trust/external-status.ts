// Credential status at an external issuer: its Token Status List, fetched over HTTP from the URI in the credential,
// verified with the key of the registered issuer the token names in `iss`, and cached as long as its `ttl`/`exp`
// allow. When a refetch fails the last good list keeps answering until it is older than the configured bound
// (EXTERNAL_STATUS_MAX_STALE_SECONDS) — then, or when no list was ever read, the answer is status_unavailable.
// Deviation: a token without `iss` cannot be tied to a registered issuer, so it is not accepted.
import type { CryptoProvider, PublicJwk } from '../../shared/crypto/types.js';
import { interpretStatus } from '../../shared/status/checker.js';
import type { StatusList } from '../../shared/status/status-list.js';
import { STATUS_LIST_TYP, verifyStatusListToken, type StatusListKeyQuery } from '../../shared/status/status-token.js';
import type { StatusCheckResult, StatusChecker, StatusReference } from '../../shared/status/types.js';
import { LruCache } from '../../shared/util/lru.js';
import { isFailure } from '../../shared/verification/result.js';
import type { RemoteFetch } from './remote-fetch.js';

export interface ExternalStatusOptions {
  fetch: RemoteFetch;
  crypto: CryptoProvider;
  /** The key of a registered, active external issuer for (iss, kid). */
  resolveKey(query: StatusListKeyQuery): Promise<PublicJwk | undefined>;
  /** Seconds since the epoch. */
  now(): number;
  /** How old the last good list may be when the issuer cannot be reached. */
  maxStaleSeconds: number;
  /** Cache lifetime when a token has no ttl (default 300 s), and the cap on any ttl (default 1 day). */
  defaultTtlSeconds?: number;
  maxTtlSeconds?: number;
  maxLists?: number;
}

interface CachedList {
  list: StatusList;
  /** When the list was read (seconds). */
  readAt: number;
  /** Used without refetching while now < freshUntil. */
  freshUntil: number;
  /** The token's exp: never used after it, stale or not. */
  expiresAt: number | undefined;
}

type Loaded = CachedList | Extract<StatusCheckResult, { ok: false }>;

const unavailable = (detail: string): Extract<StatusCheckResult, { ok: false }> => ({ ok: false, code: 'status_unavailable', detail });

export function createExternalStatusChecker(options: ExternalStatusOptions): StatusChecker {
  const cache = new LruCache<string, CachedList>(options.maxLists ?? 1000);
  const inFlight = new Map<string, Promise<Loaded>>();
  const defaultTtl = options.defaultTtlSeconds ?? 300;
  const maxTtl = options.maxTtlSeconds ?? 86_400;

  async function load(uri: string): Promise<Loaded> {
    const previous = cache.get(uri);
    const now = options.now();
    const stale = (detail: string): Loaded =>
      previous && now - previous.readAt <= options.maxStaleSeconds && (previous.expiresAt === undefined || now < previous.expiresAt)
        ? previous
        : unavailable(detail);
    let token: string;
    try {
      const response = await options.fetch(uri, `application/${STATUS_LIST_TYP}`);
      if (response.status !== 200) return stale(`the status list answered HTTP ${response.status}`);
      token = response.text.trim();
    } catch {
      return stale('the status list could not be fetched');
    }
    const verified = await verifyStatusListToken({
      token,
      uri,
      crypto: options.crypto,
      now: options.now,
      resolveKey: (query) => (query.iss === undefined ? undefined : options.resolveKey(query)),
    });
    // A list the issuer published but we cannot accept is not an outage: no stale answer for it.
    if (isFailure(verified)) return unavailable(`the status list token is not acceptable (${verified.code})`);
    let freshUntil = now + Math.min(verified.ttlSeconds ?? defaultTtl, maxTtl);
    if (verified.expiresAt !== undefined) freshUntil = Math.min(freshUntil, verified.expiresAt);
    const entry = { list: verified.list, readAt: now, freshUntil, expiresAt: verified.expiresAt };
    cache.set(uri, entry);
    return entry;
  }

  function listFor(uri: string): Promise<Loaded> | Loaded {
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
    async check(reference: StatusReference) {
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
  };
}
