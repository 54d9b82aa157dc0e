// Chooses the rate counters for the configured database: PostgreSQL shares one budget across instances, SQLite (one
// process) counts in memory.
import { MemoryCounters } from './memory-counters.js';
import { PostgresCounters } from './postgres-counters.js';
import type { RateCounters } from './counters.js';

export function openRateCounters(databaseUrl: string): RateCounters {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? new PostgresCounters({ url: databaseUrl }) : new MemoryCounters();
}
