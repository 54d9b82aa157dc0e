// Runs the store contract against a real PostgreSQL server started by the test setup.
import { inject } from 'vitest';
import { createTestDatabase } from '../../test/support/postgres-db.js';
import { openPostgresStore } from './postgres.js';
import { storeContract } from './store.contract.js';

storeContract('postgres (real server)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  return {
    open: async () => {
      db = await createTestDatabase(inject('pgUrl'));
      return openPostgresStore({ url: db.url });
    },
    reopen: () => openPostgresStore({ url: db!.url }),
    cleanup: async () => db?.drop(),
  };
});
