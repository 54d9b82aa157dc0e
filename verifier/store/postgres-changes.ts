// The PostgreSQL feed of registry changes made by any instance: one dedicated connection LISTENs on the channel
// migration 0021's triggers notify, and every notification moves a version the registry cache compares against.
// While the connection is down, version() moves on every call, so nothing is served from the cache until it is
// back (a notification missed during the outage cannot leave a stale entry).
import pg from 'pg';
import { REGISTRY_CHANNEL } from './migrations/0021_registry_notify.js';

export interface ChangeFeed {
  version(): number;
  close(): Promise<void>;
}

/** Names the listening connection in pg_stat_activity, for operators (and the test that cuts it). */
export const LISTENER_APPLICATION_NAME = 'sahih-registry-listener';
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

export async function listenForRegistryChanges(options: { url: string }): Promise<ChangeFeed> {
  let version = 0;
  let listening = false;
  let closed = false;
  let client: pg.Client | undefined;
  let retryMs = RETRY_MIN_MS;
  let retryTimer: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: options.url, application_name: LISTENER_APPLICATION_NAME, keepAlive: true });
    const lost = () => {
      if (client !== next) return;
      listening = false;
      version++;
      client = undefined;
      next.end().catch(() => undefined);
      scheduleRetry();
    };
    next.on('error', lost);
    next.on('end', lost);
    next.on('notification', () => {
      version++;
    });
    client = next;
    await next.connect();
    await next.query(`LISTEN ${REGISTRY_CHANNEL}`);
    // Anything may have changed while no one listened.
    version++;
    listening = true;
    retryMs = RETRY_MIN_MS;
  }

  function scheduleRetry(): void {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().catch(() => {
        client = undefined;
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        scheduleRetry();
      });
    }, retryMs);
    retryTimer.unref();
  }

  // Started, not awaited to completion: without the feed the store still works, it just does not cache.
  await connect().catch(() => {
    client = undefined;
    scheduleRetry();
  });
  return {
    version: () => (listening ? version : ++version),
    async close() {
      closed = true;
      listening = false;
      if (retryTimer) clearTimeout(retryTimer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
