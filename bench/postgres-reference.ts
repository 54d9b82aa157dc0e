// The reference for the PostgreSQL benchmarks: plain single-row durable INSERTs through `pg`, one per transaction
// (autocommit, fsync and synchronous_commit on), from many concurrent connections — what a naive append-only table
// gets from this server, PostgreSQL's own group commit included; and the check that a log under load stayed gap-free.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { LoadResult } from './support/service-load.js';

export async function plainInserts(url: string, options: { clients: number; durationMs: number }): Promise<LoadResult> {
  const { clients: CLIENTS, durationMs: DURATION_MS } = options;
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query('create table bench_leaves (idx bigserial primary key, leaf_hash bytea not null, created_at bigint not null)');
  const sync = (await setup.query<{ synchronous_commit: string }>('show synchronous_commit')).rows[0]!.synchronous_commit;
  const fsync = (await setup.query<{ fsync: string }>('show fsync')).rows[0]!.fsync;
  if (sync !== 'on' || fsync !== 'on') throw new Error(`reference needs synchronous_commit and fsync on (got ${sync}, ${fsync})`);
  await setup.end();
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const latencies: number[] = [];
  const phase = async (ms: number, record: boolean) => {
    const stopAt = performance.now() + ms;
    const start = performance.now();
    await Promise.all(
      clients.map(async (c) => {
        while (performance.now() < stopAt) {
          const t = performance.now();
          await c.query('insert into bench_leaves (leaf_hash, created_at) values ($1, $2)', [randomBytes(32), Date.now()]);
          if (record) latencies.push(performance.now() - t);
        }
      }),
    );
    return performance.now() - start;
  };
  try {
    await phase(1000, false);
    const elapsedMs = await phase(DURATION_MS, true);
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
    return {
      requests: latencies.length,
      errors: 0,
      elapsedMs,
      perSecond: (latencies.length / elapsedMs) * 1000,
      p50Ms: pct(50),
      p99Ms: pct(99),
      maxMs: latencies[latencies.length - 1]!,
    };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

/** Leaves 0..n-1 exactly once, one event per leaf: the order stayed total and gap-free under the load. */
export async function checkLog(url: string): Promise<{ leaves: number; checkpoints: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = (
      await c.query<{ n: string; lo: string | null; hi: string | null; events: string; cps: string }>(
        `select (select count(*) from log_leaves) as n, (select min(idx) from log_leaves) as lo, (select max(idx) from log_leaves) as hi,
                (select count(distinct leaf_index) from access_events) as events, (select count(*) from log_checkpoints) as cps`,
      )
    ).rows[0]!;
    const n = Number(r.n);
    if (n > 0 && (Number(r.lo) !== 0 || Number(r.hi) !== n - 1)) throw new Error(`log has gaps: ${n} leaves, ${r.lo}..${r.hi}`);
    if (Number(r.events) !== n) throw new Error(`events ${r.events} != leaves ${n}`);
    return { leaves: n, checkpoints: Number(r.cps) };
  } finally {
    await c.end();
  }
}
