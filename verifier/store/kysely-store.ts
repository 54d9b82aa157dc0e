// Builds the Store from a Kysely instance; the engine-specific files only create the connection.
import { sql, type Kysely } from 'kysely';
import { logRepository } from './repos/log.js';
import { settingsRepository } from './repos/settings.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

export interface KyselyStoreOptions {
  db: Kysely<Database>;
  engine: Store['engine'];
  now?: () => number;
  onClose?: () => Promise<void>;
}

function repositories(db: Kysely<Database>, now: () => number) {
  return {
    settings: settingsRepository(db, now),
    log: logRepository(db),
  };
}

export function createKyselyStore(options: KyselyStoreOptions): Store {
  const { db, engine } = options;
  const now = options.now ?? Date.now;
  let closed = false;
  return {
    engine,
    ...repositories(db, now),
    async transaction(fn) {
      return db.transaction().execute(async (trx) => fn({ engine, ping: async () => {}, ...repositories(trx, now) }));
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await options.onClose?.();
    },
  };
}
