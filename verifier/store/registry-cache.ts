// Read-through cache for the trust registry rows every agency call reads (agency, API key, purpose, agency keys,
// allowed credential types, status list rows, holder-key bindings, external issuers, their types and trust anchors),
// so a verification does not re-read them per request. Correctness comes first: an entry is trusted only while nothing could have changed it.
//
// - Writes through this store (any method of a cached repository that is not a plain read) invalidate everything,
//   before the write and again after it (and after a transaction ends), so a read racing a write cannot keep
//   pre-write rows.
// - Writes by other processes (the admin CLI, other instances, an operator's SQL) move the engine's
//   `externalVersion()` (SQLite: PRAGMA data_version; PostgreSQL: a LISTEN/NOTIFY feed fed by triggers), and every
//   entry remembers the versions it was read under.
// - Entries are frozen: a caller that tried to modify a shared record would throw rather than corrupt the cache.
// Hand-written because the invalidation rules are the store's own (no general-purpose cache knows them).
import { LruCache } from '../../shared/util/lru.js';
import type { Store } from './types.js';

type Repo = Record<string, unknown>;
type Method = (...args: never[]) => Promise<unknown>;
type TxStore = Omit<Store, 'transaction' | 'close'>;

/**
 * Per cached repository: the reads served from the cache, and calls that cannot change a cached entry and pass
 * through (plain reads; holder bindings are bound once and never rebound, so binding a new key leaves others alone).
 */
const CACHED: Record<string, { cached: string[]; passThrough: string[] }> = {
  agencies: { cached: ['get', 'allowedCredentialTypes'], passThrough: ['list'] },
  agencyKeys: { cached: ['list', 'active'], passThrough: [] },
  apiKeys: { cached: ['get'], passThrough: ['list'] },
  purposes: { cached: ['get'], passThrough: ['list'] },
  statusLists: { cached: ['get'], passThrough: ['current'] },
  holderBindings: { cached: ['accountFor'], passThrough: ['accountForSubject', 'bind', 'bindSubject'] },
  // Erasing an account deletes holder bindings: `erase` is a write here, so it invalidates the cached accountFor.
  accountErasure: { cached: [], passThrough: ['keysOf'] },
  externalIssuers: { cached: ['get'], passThrough: ['list'] },
  externalCredentialTypes: { cached: ['get', 'getByVct'], passThrough: ['list'] },
  trustAnchors: { cached: ['list'], passThrough: [] },
};

export interface RegistryCacheOptions {
  /** Moves whenever another process may have changed rows (see the header). */
  externalVersion: () => number;
  maxEntries?: number;
}

interface Entry {
  local: number;
  external: number;
  value: unknown;
}

export function withRegistryCache<S extends TxStore & Partial<Pick<Store, 'transaction' | 'close'>>>(store: S, options: RegistryCacheOptions): S {
  const entries = new LruCache<string, Entry>(options.maxEntries ?? 10_000);
  let local = 0;
  const invalidate = () => {
    local++;
    entries.clear();
  };

  function cachedRead(repo: string, name: string, read: Method): Method {
    return (async (...args: never[]) => {
      const key = `${repo}.${name}\u0000${args.join('\u0000')}`;
      const external = options.externalVersion();
      const hit = entries.get(key);
      if (hit && hit.local === local && hit.external === external) return hit.value;
      // Versions are taken before the read: a write that lands during it leaves this entry already stale.
      const before = local;
      const value = deepFreeze(await read(...args));
      // Absent rows are not cached: the row may be created a moment later by this or another process.
      if (value !== undefined) entries.set(key, { local: before, external, value });
      return value;
    }) as Method;
  }

  function writeThrough(write: Method, tx: { wrote: boolean } | undefined): Method {
    return (async (...args: never[]) => {
      if (tx) tx.wrote = true;
      invalidate();
      try {
        return await write(...args);
      } finally {
        invalidate();
      }
    }) as Method;
  }

  // Inside a transaction reads go to the transaction (they may see its own uncommitted writes, which must never
  // reach the shared cache); its writes still invalidate.
  function wrapRepos(target: TxStore, tx?: { wrote: boolean }): TxStore {
    const inTransaction = tx !== undefined;
    const out: Record<string, unknown> = { ...target };
    for (const [repo, rules] of Object.entries(CACHED)) {
      const original = (target as unknown as Record<string, Repo>)[repo]!;
      const wrapped: Repo = {};
      for (const name of Object.keys(original)) {
        const fn = (original[name] as Method).bind(original) as Method;
        if (repo === 'apiKeys' && name === 'touch' && !inTransaction) wrapped[name] = touchThroughCache(fn);
        else if (rules.cached.includes(name)) wrapped[name] = inTransaction ? fn : cachedRead(repo, name, fn);
        else if (rules.passThrough.includes(name)) wrapped[name] = fn;
        else wrapped[name] = writeThrough(fn, tx);
      }
      out[repo] = wrapped;
    }
    return out as unknown as TxStore;
  }

  // last_used_at is advisory and written at most once per interval: when the cached key already shows a use at or
  // after notBefore, the UPDATE would change nothing, so it is skipped; otherwise the cached copy is refreshed.
  function touchThroughCache(touch: Method): Method {
    return (async (id: string, at: number, notBefore: number) => {
      const key = `apiKeys.get\u0000${id}`;
      const hit = entries.get(key);
      const lastUsedAt = (hit?.value as { lastUsedAt?: number | null } | undefined)?.lastUsedAt;
      if (typeof lastUsedAt === 'number' && lastUsedAt >= notBefore) return;
      await (touch as unknown as (id: string, at: number, notBefore: number) => Promise<void>)(id, at, notBefore);
      if (hit) entries.set(key, { ...hit, value: Object.freeze({ ...(hit.value as object), lastUsedAt: at }) });
    }) as unknown as Method;
  }

  const wrapped = wrapRepos(store) as S;
  if (store.transaction) {
    const transaction = store.transaction.bind(store);
    // A transaction that wrote a cached table invalidates again once it has ended (committed or rolled back), so
    // reads between its write and its commit cannot have refilled the cache with pre-commit rows.
    (wrapped as Store).transaction = async (fn) => {
      const state = { wrote: false };
      try {
        return await transaction((tx) => fn(wrapRepos(tx, state)));
      } finally {
        if (state.wrote) invalidate();
      }
    };
  }
  return wrapped;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
