// Runs the RateCounters contract against the in-memory counters and a real PostgreSQL database (migrated by the store).
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../test/support/postgres-db.js';
import { openPostgresStore } from '../store/postgres.js';
import { countersContract } from './counters.contract.js';
import { MemoryCounters } from './memory-counters.js';
import { PostgresCounters } from './postgres-counters.js';

countersContract('memory', () => ({ open: () => Promise.resolve(new MemoryCounters()) }));

countersContract('postgres (real server)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  return {
    open: async () => {
      db = await createTestDatabase(inject('pgUrl'));
      // Opening the store applies migration 0024, which creates the counters table.
      await (await openPostgresStore({ url: db.url })).close();
      return new PostgresCounters({ url: db.url });
    },
    cleanup: async () => db?.drop(),
  };
});

describe('memory counters', () => {
  it('hold at most maxKeys keys, forgetting the least used', async () => {
    const counters = new MemoryCounters({ maxKeys: 100 });
    for (let i = 0; i < 1_000; i += 1) await counters.add(`k${i}`, 0, 60_000, 1);
    expect(await counters.size()).toBe(100);
  });
});
