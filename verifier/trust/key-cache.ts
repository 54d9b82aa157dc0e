// The keys of external issuers, held in memory: read once, re-read when older than the refresh interval, and re-read
// at once when a credential names a kid we do not know (the issuer rotated) — but at most once per issuer per
// UNKNOWN_KID_REFRESH_SECONDS, so a stream of made-up kids cannot turn the service into a request amplifier. When a
// re-read fails the keys already held stay in use: an issuer's brief outage does not untrust its credentials.
import { LruCache } from '../../shared/util/lru.js';
import type { IssuerKey } from './issuer-metadata.js';

export const UNKNOWN_KID_REFRESH_SECONDS = 30;

export interface KeyCacheOptions {
  /** Reads the issuer's current keys; rejects when they cannot be read. */
  load(issuer: string): Promise<IssuerKey[]>;
  /** Seconds since the epoch. */
  now(): number;
  /** Keys older than this are re-read on the next use. */
  refreshSeconds: number;
  /** Issuers held at once (least recently used go first). */
  maxIssuers?: number;
}

interface Entry {
  keys: IssuerKey[];
  /** When the keys were last read successfully. */
  readAt: number;
  /** When a read was last attempted (successfully or not). */
  triedAt: number;
}

export interface KeyCache {
  /** The key for (issuer, kid), refreshing as described above; undefined when the issuer has no such key. */
  find(issuer: string, kid: string | undefined): Promise<IssuerKey | undefined>;
  /** Reads the issuer's keys now (registration); rejects when they cannot be read. */
  refresh(issuer: string): Promise<IssuerKey[]>;
  forget(issuer: string): void;
}

export function createKeyCache(options: KeyCacheOptions): KeyCache {
  const entries = new LruCache<string, Entry>(options.maxIssuers ?? 1000);
  const inFlight = new Map<string, Promise<Entry>>();

  function reload(issuer: string): Promise<Entry> {
    let pending = inFlight.get(issuer);
    if (pending) return pending;
    const previous = entries.get(issuer);
    const now = options.now();
    pending = options
      .load(issuer)
      .then(
        (keys) => ({ keys, readAt: now, triedAt: now }),
        (error: unknown) => {
          if (!previous) throw error;
          return { ...previous, triedAt: now };
        },
      )
      .then((entry) => {
        entries.set(issuer, entry);
        return entry;
      })
      .finally(() => inFlight.delete(issuer));
    inFlight.set(issuer, pending);
    return pending;
  }

  const pick = (entry: Entry, kid: string | undefined) =>
    kid === undefined ? (entry.keys.length === 1 ? entry.keys[0] : undefined) : entry.keys.find((k) => k.kid === kid);

  return {
    async find(issuer, kid) {
      let entry = entries.get(issuer);
      const now = options.now();
      if (!entry || now - entry.readAt >= options.refreshSeconds) {
        try {
          entry = await reload(issuer);
        } catch {
          return undefined;
        }
      }
      const found = pick(entry, kid);
      if (found || now - entry.triedAt < UNKNOWN_KID_REFRESH_SECONDS) return found;
      try {
        return pick(await reload(issuer), kid);
      } catch {
        return undefined;
      }
    },
    async refresh(issuer) {
      // Not through reload(), which keeps old keys on failure: registration wants to know the read failed.
      const now = options.now();
      const keys = await options.load(issuer);
      entries.set(issuer, { keys, readAt: now, triedAt: now });
      return keys;
    },
    forget(issuer) {
      entries.delete(issuer);
    },
  };
}
