// Runs the store contract against a real PostgreSQL server started by the test setup.
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../test/support/postgres-db.js';
import { agencyRecord } from './contract/registry-fixtures.js';
import { LISTENER_APPLICATION_NAME } from './postgres-changes.js';
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

describe('postgres registry change feed', () => {
  it('serves nothing from the cache while its listening connection is down, and caches again once it is back', async () => {
    const db = await createTestDatabase(inject('pgUrl'));
    const store = await openPostgresStore({ url: db.url });
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    try {
      await store.agencies.create(agencyRecord('f1'));
      expect((await store.agencies.get('f1'))?.legalName).toBe('Agency f1');
      await sql.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = current_database()`,
        [LISTENER_APPLICATION_NAME],
      );
      // Give the client a moment to notice the cut; a change made meanwhile by "another instance" (plain SQL with
      // the triggers disabled, so no notification could tell us) must still be seen.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sql.query(`alter table agencies disable trigger agencies_notify`);
      await sql.query(`update agencies set legal_name = 'Renamed' where id = 'f1'`);
      expect((await store.agencies.get('f1'))?.legalName).toBe('Renamed');
      await sql.query(`alter table agencies enable trigger agencies_notify`);

      // Reconnected (retry within a second): a change now arrives as a notification.
      const deadline = Date.now() + 10_000;
      let listening = false;
      while (!listening && Date.now() < deadline) {
        const r = await sql.query(`select count(*)::int as n from pg_stat_activity where application_name = $1 and datname = current_database()`, [LISTENER_APPLICATION_NAME]);
        listening = r.rows[0].n > 0;
        if (!listening) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(listening).toBe(true);
      await sql.query(`update agencies set legal_name = 'Again' where id = 'f1'`);
      const seen = Date.now() + 5_000;
      while ((await store.agencies.get('f1'))?.legalName !== 'Again' && Date.now() < seen) await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await store.agencies.get('f1'))?.legalName).toBe('Again');
    } finally {
      await sql.end();
      await store.close();
      await db.drop();
    }
  });
});
