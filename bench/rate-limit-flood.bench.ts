// A flood beside normal traffic (issue 16): POST /v1/verify from an agency at full speed, first alone, then with a
// flood of unauthenticated writes (passkey registration options, issuance nonces) and wrong API keys from 32 other
// client addresses, against the real service at its DEFAULT rate limits, on SQLite and on PostgreSQL. Shows: the flood
// is answered 429, the verify throughput with the flood over the same load without it (same run), and that the rows
// the flood can create stay within the bound the limits set.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { createTestDatabase } from '../test/support/postgres-db.js';
import { startPostgres } from '../test/support/postgres-server.js';
import { startService, type RunningService } from '../test/support/service.js';
import { createTestApp } from '../test/support/test-app.js';
import { defaultRateRules } from '../verifier/rate-limit/rules.js';
import { formatOps, markdownTable, measure, peakRssMiB, type BenchSection, type Measurement } from './lib.js';
import {
  CEREMONY_ORIGIN,
  demoKey,
  freshPresentation,
  issueBoundKtps,
  machineLoad,
  processCpuSeconds,
  processPeakRssMiB,
  runLoad,
  VERIFY_AGENCY,
  verifyCheck,
  type BoundCredential,
  type LoadRequest,
  type LoadResult,
} from './support/service-load.js';

const DURATION_MS = Number(process.env.BENCH_FLOOD_MS ?? 6000);
const WARMUP_MS = 1500;
const VERIFY_CONNECTIONS = 16;
const FLOOD_CONNECTIONS = 32;
const HOLDERS = 32;
/** Client addresses the flood comes from (via X-Forwarded-For; the service runs with TRUST_PROXY=1). */
const WRITE_ADDRESSES = Array.from({ length: 4 }, (_, i) => `198.18.0.${i + 1}`);
const KEY_ADDRESSES = Array.from({ length: 4 }, (_, i) => `198.18.1.${i + 1}`);
/**
 * The flood runs this long before the verify load starts its own warm-up: long enough for the flood to spend its
 * addresses' write budgets (4 x 600 writes), so the timed span sees the steady state of a flood that lasts.
 */
const FLOOD_LEAD_MS = 5000;
/** Flood rates, requests/s (undefined: unpaced); 1,000/s sends ~670 writes/s at four addresses allowed 40/s together. */
const FLOOD_RATES = [1000, undefined];
/** Tables an unauthenticated flood could grow. */
const FLOOD_TABLES = ['webauthn_challenges', 'issuance_nonces'];

type Kind = 'registration options' | 'issuance nonce' | 'wrong API key';
const kinds: Kind[] = ['registration options', 'issuance nonce', 'wrong API key'];

interface Engine {
  name: 'SQLite' | 'PostgreSQL';
  env: Record<string, string>;
  count(svc: RunningService, table: string): Promise<number>;
  close(): Promise<void>;
}

async function sqliteEngine(): Promise<Engine> {
  return {
    name: 'SQLite',
    env: {},
    count: (svc, table) => {
      const db = new BetterSqlite3(join(svc.dataDir, 'sahih.db'), { readonly: true });
      try {
        return Promise.resolve((db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n);
      } finally {
        db.close();
      }
    },
    close: () => Promise.resolve(),
  };
}

async function postgresEngine(): Promise<Engine> {
  const server = await startPostgres();
  const db = await createTestDatabase(server.url);
  return {
    name: 'PostgreSQL',
    env: { DATABASE_URL: db.url },
    count: async (_svc, table) => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        return Number((await client.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
      } finally {
        await client.end();
      }
    },
    close: async () => {
      await db.drop();
      server.stop();
    },
  };
}

function verifyLoad(svc: RunningService, apiKey: string, creds: BoundCredential[]): Promise<LoadResult> {
  return runLoad({
    targets: [svc.url],
    connections: VERIFY_CONNECTIONS,
    durationMs: DURATION_MS,
    warmupMs: WARMUP_MS,
    next: async (i) => ({
      target: 0,
      method: 'POST',
      path: '/v1/verify',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: (await freshPresentation(creds[i % HOLDERS]!)).body,
    }),
    check: verifyCheck,
  });
}

/** The flood: the three kinds in turn, each from its own addresses, tallying every status per kind. */
function floodLoad(svc: RunningService, tally: Map<string, number>, rate: number | undefined): Promise<LoadResult> {
  const request = (i: number): LoadRequest => {
    const kind = kinds[i % kinds.length]!;
    const n = Math.floor(i / kinds.length);
    if (kind === 'wrong API key') {
      const key = `sahih_live_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
      return {
        target: 0,
        method: 'POST',
        path: '/v1/verify',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-forwarded-for': KEY_ADDRESSES[n % KEY_ADDRESSES.length]! },
        body: '{}',
      };
    }
    const address = WRITE_ADDRESSES[n % WRITE_ADDRESSES.length]!;
    if (kind === 'issuance nonce') return { target: 0, method: 'POST', path: '/issuers/dukcapil/nonce', headers: { 'x-forwarded-for': address } };
    return {
      target: 0,
      method: 'POST',
      path: '/v1/accounts/registration/options',
      headers: { 'content-type': 'application/json', origin: CEREMONY_ORIGIN, 'x-sahih-csrf': '1', 'x-forwarded-for': address },
      body: '{}',
    };
  };
  let sent = 0;
  const started = Date.now();
  return runLoad({
    targets: [svc.url],
    connections: FLOOD_CONNECTIONS,
    // The flood covers the verify load's warm-up and timed span, and half a second beyond.
    durationMs: DURATION_MS + 500,
    warmupMs: FLOOD_LEAD_MS + WARMUP_MS,
    next: async (i) => {
      // Paced: request i leaves no earlier than i / rate seconds after the start (unpaced: as fast as answers come).
      const wait = rate === undefined ? 0 : started + (i * 1000) / rate - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      sent++;
      return request(i);
    },
    check: (status, body) => {
      // Warm-up included: the tally and the row counts cover the whole flood. The kind is read from the answer.
      const kind: Kind = body.includes('"c_nonce"') || body.includes('/nonce"')
        ? 'issuance nonce'
        : body.includes('"options"') || body.includes('/registration/options"')
          ? 'registration options'
          : 'wrong API key';
      const timed = Date.now() - started >= FLOOD_LEAD_MS + WARMUP_MS;
      for (const key of [`${kind} ${status}`, ...(timed ? [`timed ${kind} ${status}`] : [])]) tally.set(key, (tally.get(key) ?? 0) + 1);
      return status === 429 || status === 200 || status === 401 ? undefined : `HTTP ${status}: ${body.slice(0, 200)}`;
    },
  }).then((result) => ({ ...result, requests: sent }));
}

/** One flood beside the verify load: paced at `rate` requests/s, or as fast as the service answers. */
interface FloodRun {
  rate: number | undefined;
  flooded: LoadResult;
  flood: LoadResult;
  tally: Map<string, number>;
  cpu: number;
}

interface EngineResult {
  engine: Engine['name'];
  alone: LoadResult;
  aloneCpu: number;
  floods: FloodRun[];
  grown: Record<string, number>;
  bound: number;
  counterRows?: { rows: number; bound: number };
  serverRss: number;
}

async function floodRun(svc: RunningService, apiKey: string, creds: BoundCredential[], rate: number | undefined): Promise<FloodRun> {
  const tally = new Map<string, number>();
  const cpu = processCpuSeconds(svc.process.pid);
  const [flooded, flood] = await Promise.all([
    new Promise((resolve) => setTimeout(resolve, FLOOD_LEAD_MS)).then(() => verifyLoad(svc, apiKey, creds)),
    floodLoad(svc, tally, rate),
  ]);
  if (flooded.errors > 0) throw new Error(`verify under flood: ${flooded.errors} errors; first: ${flooded.firstError}`);
  if (flood.errors > 0) throw new Error(`flood: unexpected statuses, first: ${flood.firstError}`);
  return { rate, flooded, flood, tally, cpu: processCpuSeconds(svc.process.pid) - cpu };
}

async function scenario(engine: Engine): Promise<EngineResult> {
  const svc = await startService({
    env: { ...engine.env, WEBAUTHN_ORIGINS: CEREMONY_ORIGIN, ADMIN_TOKEN: randomBytes(24).toString('base64url'), TRUST_PROXY: '1' },
  });
  try {
    const apiKey = demoKey(svc.output(), VERIFY_AGENCY);
    const creds = await issueBoundKtps(svc, HOLDERS);

    const cpu = processCpuSeconds(svc.process.pid);
    const alone = await verifyLoad(svc, apiKey, creds);
    const aloneCpu = processCpuSeconds(svc.process.pid) - cpu;
    if (alone.errors > 0) throw new Error(`verify alone: ${alone.errors} errors; first: ${alone.firstError}`);

    const count = async () => Object.fromEntries(await Promise.all(FLOOD_TABLES.map(async (t) => [t, await engine.count(svc, t)] as const)));
    const before = await count();
    const floodStarted = Date.now();
    const floods: FloodRun[] = [];
    for (const rate of FLOOD_RATES) floods.push(await floodRun(svc, apiKey, creds, rate));
    const floodEnded = Date.now();
    const after = await count();
    const grown = Object.fromEntries(FLOOD_TABLES.map((t) => [t, after[t]! - before[t]!]));

    // Every flood write address may create at most one window's budget of rows per window the floods touched.
    const rule = defaultRateRules.addressWrites;
    const windows = Math.floor(floodEnded / rule.windowMs) - Math.floor(floodStarted / rule.windowMs) + 1;
    const bound = WRITE_ADDRESSES.length * rule.limit * windows;
    const total = Object.values(grown).reduce((a, b) => a + b, 0);
    if (total > bound) throw new Error(`the flood created ${total} rows, past the bound ${bound}`);
    let counterRows: EngineResult['counterRows'];
    if (engine.name === 'PostgreSQL') {
      // One row per (class, key): the flood's addresses in two classes, plus the agency's key and this host's address.
      const rows = await engine.count(svc, 'rate_limit_counters');
      const rowBound = WRITE_ADDRESSES.length + KEY_ADDRESSES.length + 4;
      if (rows > rowBound) throw new Error(`rate_limit_counters has ${rows} rows, past ${rowBound}`);
      counterRows = { rows, bound: rowBound };
    }
    return { engine: engine.name, alone, aloneCpu, floods, grown, bound, counterRows, serverRss: processPeakRssMiB(svc.process.pid) };
  } finally {
    await svc.stop();
    svc.cleanup();
  }
}

const fmtMs = (ms: number) => `${ms.toFixed(1)} ms`;
const floodName = (rate: number | undefined) => (rate === undefined ? 'unpaced flood' : `flood paced at ${rate.toLocaleString('en-US')} req/s`);

function section(r: EngineResult): string {
  const floodSeconds = (DURATION_MS + 500 + WARMUP_MS + FLOOD_LEAD_MS) / 1000;
  const tallyRows = r.floods.flatMap((f) =>
    kinds.map((kind) => {
      const of = (status: number) => f.tally.get(`${kind} ${status}`) ?? 0;
      const timed = (status: number) => f.tally.get(`timed ${kind} ${status}`) ?? 0;
      const all = of(200) + of(401) + of(429);
      const timedAll = timed(200) + timed(401) + timed(429);
      return [
        `${floodName(f.rate)} (${(f.flood.requests / floodSeconds).toFixed(0)} req/s sent): ${kind}`,
        all.toLocaleString('en-US'),
        of(200).toLocaleString('en-US'),
        of(401).toLocaleString('en-US'),
        of(429).toLocaleString('en-US'),
        `${((of(429) / Math.max(all, 1)) * 100).toFixed(1)}%`,
        `${((timed(429) / Math.max(timedAll, 1)) * 100).toFixed(1)}%`,
      ];
    }),
  );
  return [
    `### ${r.engine}`,
    '',
    markdownTable(
      [`\`POST /v1/verify\`, ${VERIFY_CONNECTIONS} connections`, 'req/s', 'ratio to alone', 'p50', 'p99', 'errors', 'service CPU'],
      [
        ['alone (the reference, this run)', formatOps(r.alone.perSecond), '1.00x', fmtMs(r.alone.p50Ms), fmtMs(r.alone.p99Ms), String(r.alone.errors), `${r.aloneCpu.toFixed(1)} s`],
        ...r.floods.map((f) => [
          `beside the ${floodName(f.rate)}`,
          formatOps(f.flooded.perSecond),
          `**${(f.flooded.perSecond / r.alone.perSecond).toFixed(2)}x**`,
          fmtMs(f.flooded.p50Ms),
          fmtMs(f.flooded.p99Ms),
          String(f.flooded.errors),
          `${f.cpu.toFixed(1)} s (with the ${FLOOD_LEAD_MS / 1000} s lead)`,
        ]),
      ],
    ),
    '',
    markdownTable(['flood', 'requests', '200', '401', '429', 'refused, whole flood', 'refused, timed span'], tallyRows),
    '',
    `Rows the floods created: ${Object.entries(r.grown).map(([t, n]) => `\`${t}\` +${n.toLocaleString('en-US')}`).join(', ')}; bound ${r.bound.toLocaleString('en-US')}`,
    `(${WRITE_ADDRESSES.length} addresses × ${defaultRateRules.addressWrites.limit} writes per window × windows touched): **within**.` +
      (r.counterRows ? ` \`rate_limit_counters\`: ${r.counterRows.rows} rows (bound ${r.counterRows.bound}: one per class and key).` : ''),
    `Peak RSS of the service: ${r.serverRss.toFixed(0)} MiB (VmHWM; limit 256 MB = 244 MiB: ${r.serverRss < 244.14 ? 'within' : '**over**'}).`,
  ].join('\n');
}

/** What a refusal costs the application itself: 429s through app.request() in this process, no HTTP (SQLite). */
async function inProcessRefusals(): Promise<Measurement[]> {
  const t = await createTestApp({
    rateLimits: { addressWrites: { limit: 1, windowMs: 3_600_000 }, authFailures: { limit: 1, windowMs: 3_600_000 } },
    config: { trustProxy: 1 },
  });
  try {
    const wrongKey = `sahih_live_0123456789abcdef_${'x'.repeat(43)}`;
    const refusals: [string, string, Record<string, string>][] = [
      ['unauthenticated write (issuance nonce)', '/issuers/dukcapil/nonce', {}],
      ['wrong API key (`/v1/verify`)', '/v1/verify', { authorization: `Bearer ${wrongKey}` }],
    ];
    const out: Measurement[] = [];
    for (const [name, path, headers] of refusals) {
      // The first request spends the budget of 1 (a nonce, or one failed key check); all measured ones are 429.
      await t.app.request(path, { method: 'POST', headers: { 'x-forwarded-for': '198.18.9.9', ...headers } });
      out.push(
        await measure(name, async () => {
          const res = await t.app.request(path, { method: 'POST', headers: { 'x-forwarded-for': '198.18.9.9', ...headers } });
          if (res.status !== 429) throw new Error(`expected a refusal, got ${res.status}`);
        }),
      );
    }
    return out;
  } finally {
    await t.close();
  }
}

export async function run(): Promise<BenchSection> {
  const refusals = await inProcessRefusals();
  const results: EngineResult[] = [];
  for (const open of [sqliteEngine, postgresEngine]) {
    const engine = await open();
    try {
      results.push(await scenario(engine));
    } finally {
      await engine.close();
    }
  }
  const markdown = [
    `The real service (\`verifier/main.ts\` as a child process, demo registry) at its **default** rate limits`,
    `(${Object.entries(defaultRateRules).map(([c, r]) => `${c} ${r.limit}/${r.windowMs / 60_000}m`).join(', ')}) with \`TRUST_PROXY=1\`.`,
    `Normal traffic: \`POST /v1/verify\` as \`${VERIFY_AGENCY}\` (10-disclosure KTP-el presentations from ${HOLDERS} bound holders, a fresh`,
    `nonce each), ${VERIFY_CONNECTIONS} keep-alive connections for ${DURATION_MS / 1000} s after a ${WARMUP_MS / 1000} s warm-up: first alone, then beside`,
    `a flood on ${FLOOD_CONNECTIONS} more connections that starts ${FLOOD_LEAD_MS / 1000} s earlier (long enough to spend its budgets, so the timed span`,
    `sees a flood that lasts): \`POST /v1/accounts/registration/options\` and \`POST /issuers/dukcapil/nonce\` (each accepted`,
    `one writes a row) from ${WRITE_ADDRESSES.length} addresses, and \`POST /v1/verify\` with random API keys from ${KEY_ADDRESSES.length} other addresses;`,
    `once paced, once as fast as the answers come. One load generator process makes both loads (and signs a KB-JWT per`,
    `verify request) on the same 2-core machine as the service${' '}(and PostgreSQL), so every ratio also carries the cost of`,
    `generating the flood on the service's own cores: a flood from the network would not take that share.`,
    `Command: \`npm run bench rate-limit-flood\` (\`BENCH_FLOOD_MS\` sets the timed span).`,
    '',
    ...results.map(section),
    '',
    '### Reading the figures',
    '',
    `- The flood is refused: after the first seconds of each window every flood request is answered 429 without a`,
    `  database write (the limiter remembers a spent window in memory; on PostgreSQL no counter is touched either), and`,
    `  the rows it can create are bounded by the write budget of its addresses.`,
    `- What a refusal costs the application, in this process without HTTP: ${refusals.map((m) => `${m.name} ${formatOps(m.opsPerSecond)}/s (${m.meanMicros.toFixed(0)} µs)`).join(', ')}.`,
    `  Over HTTP the service spends several times that per request on Node's HTTP parsing and the socket, so a flood as`,
    `  fast as one client process can send saturates the service's one main thread with refusals alone. On SQLite`,
    `  (synchronous queries) verification then keeps a share of the thread; on PostgreSQL each verification waits for`,
    `  several database round trips, each queued behind the flood's requests in the event loop, so it keeps far less.`,
    `  A flood that fast is for the network edge (the proxy TRUST_PROXY names, connection limits) to absorb; the rate`,
    `  limits keep what gets through from writing rows or trying keys.`,
    `- Other work shares this 2-core machine, and ratios moved by up to 0.4 between three runs (a paced ratio above`,
    `  1.00x means the reference happened to run at a busier moment); compare the columns, not single digits.`,
    '',
    `- 1-minute load average at the end: ${machineLoad()}. Peak RSS of the bench process: ${peakRssMiB().toFixed(0)} MiB.`,
  ].join('\n');
  return { title: 'Rate limits under a flood (issue 16)', markdown };
}
