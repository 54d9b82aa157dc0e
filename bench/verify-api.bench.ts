// POST /v1/verify over HTTP against the real service (child process, SQLite, demo registry): 10-disclosure KTP-el
// presentations with KB-JWT from holders bound to a citizen account, 50 keep-alive connections, throughput and
// p50/p99 latency, each valid verdict durably logged. Reference (as issue 6 defines it): the credential core
// benchmark's in-process verify rate, measured in the same run; for context, the same presentations in-process.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { freePort, repoRoot, startService, type RunningService } from '../test/support/service.js';
import type { FloorConfig } from './support/floor-server.js';
import { coreVerifyRate } from './credential-core.bench.js';
import { formatOps, markdownTable, peakRssMiB, type BenchSection } from './lib.js';
import {
  CEREMONY_ORIGIN,
  demoKey,
  DISCLOSED_PATHS,
  freshPresentation,
  inProcessVerifyRate,
  issueBoundKtps,
  issuerKeys,
  type BoundCredential,
  type LoadResult,
  machineLoad,
  processCpuSeconds,
  processPeakRssMiB,
  runLoad,
  VERIFY_AUDIENCE,
  VERIFY_AGENCY,
  VERIFY_PURPOSE,
  verifyCheck,
} from './support/service-load.js';

const CONNECTIONS = 50;
const DURATION_MS = Number(process.env.BENCH_HTTP_MS ?? 10_000);
/** Presentations the in-process context figure cycles through. */
const NONCES = 300;
/** Distinct holder keys (credentials) the load presents from. */
const HOLDERS = 128;
const TARGET = 0.6;

/** Leaves and signed checkpoints in the service's database (read-only, alongside the running service in WAL). */
function logCounts(dataDir: string): { leaves: number; checkpoints: number } {
  const db = new BetterSqlite3(join(dataDir, 'sahih.db'), { readonly: true });
  try {
    const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return { leaves: count('log_leaves'), checkpoints: count('log_checkpoints') };
  } finally {
    db.close();
  }
}

/** For context: single-row INSERTs, one durable commit each (WAL, synchronous=FULL), on the same disk, 1 s. */
function durableCommitRate(dir: string): number {
  const db = new BetterSqlite3(join(dir, 'bench-commits.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table t (i integer primary key, b blob not null)');
    const insert = db.prepare('insert into t values (?, ?)');
    let i = 0;
    const start = performance.now();
    while (performance.now() - start < 1000) insert.run(i++, randomBytes(32));
    return (i / (performance.now() - start)) * 1000;
  } finally {
    db.close();
  }
}

/** CONNECTIONS keep-alive clients posting to /v1/verify for DURATION_MS after a 1.5 s warm-up. */
function verifyLoad(baseUrl: string, apiKey: string, creds: BoundCredential[]): Promise<LoadResult> {
  return runLoad({
    targets: [baseUrl],
    connections: CONNECTIONS,
    durationMs: DURATION_MS,
    warmupMs: 1500,
    // Each nonce verifies once, so every request carries a presentation made for it, the holders in turn.
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

/** The same load against the bare floor server (bench/support/floor-server.ts) in a child process; its CPU cores. */
async function floorLoad(svc: RunningService, creds: BoundCredential[]): Promise<{ load: LoadResult; cores: number }> {
  const { iss, keys } = await issuerKeys(svc);
  const config: FloorConfig = { port: await freePort(), dbPath: join(svc.dataDir, 'floor.db'), issuer: iss, keys, audience: VERIFY_AUDIENCE };
  const child = spawn(process.execPath, ['--max-old-space-size=160', '--import', 'tsx', join(repoRoot, 'bench', 'support', 'floor-server.ts')], {
    cwd: repoRoot,
    env: { ...process.env, FLOOR_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise((resolve, reject) => {
      child.stdout.once('data', resolve);
      child.once('exit', (code) => reject(new Error(`floor server exited with ${code}`)));
    });
    const cpuBefore = processCpuSeconds(child.pid);
    const load = await verifyLoad(`http://localhost:${config.port}`, 'floor', creds);
    const cores = (processCpuSeconds(child.pid) - cpuBefore) / ((load.elapsedMs + 1500) / 1000);
    if (load.errors > 0) throw new Error(`floor: ${load.errors} errors of ${load.requests}; first: ${load.firstError}`);
    return { load, cores };
  } finally {
    child.removeAllListeners('exit');
    child.kill();
  }
}

export async function run(): Promise<BenchSection> {
  // The issue's yardstick: the credential core benchmark's in-process verify rate, measured in this run before the
  // service starts (so nothing else competes for the core).
  const coreReference = await coreVerifyRate({ durationMs: Math.min(DURATION_MS / 5, 2000) });
  const port = await freePort();
  const svc = await startService({
    port,
    env: { WEBAUTHN_ORIGINS: CEREMONY_ORIGIN, ADMIN_TOKEN: randomBytes(24).toString('base64url') },
  });
  try {
    const apiKey = demoKey(svc.output(), VERIFY_AGENCY);
    const creds = await issueBoundKtps(svc, HOLDERS);
    const presentations = await Promise.all(Array.from({ length: NONCES }, (_, i) => freshPresentation(creds[i % HOLDERS]!)));
    if (presentations[0]!.presentation.split('~').length - 2 !== DISCLOSED_PATHS.length) throw new Error('expected 10 disclosures');

    // For context, while the service is idle: the very presentations the load sends, verified in this process.
    const samePresentations = await inProcessVerifyRate(svc, presentations, Math.min(DURATION_MS / 2, 4000));

    const commitRate = durableCommitRate(svc.dataDir);
    const before = logCounts(svc.dataDir);
    const cpuBefore = processCpuSeconds(svc.process.pid);
    const load = await verifyLoad(svc.url, apiKey, creds);
    const cpuSeconds = processCpuSeconds(svc.process.pid) - cpuBefore;
    const loadAvg = machineLoad();
    const after = logCounts(svc.dataDir);
    const appended = after.leaves - before.leaves;
    const signed = after.checkpoints - before.checkpoints;
    // CPU the server used over warm-up + timed run, per second of wall time: its effective cores.
    const serverCores = cpuSeconds / ((load.elapsedMs + 1500) / 1000);
    const serverRss = processPeakRssMiB(svc.process.pid);
    if (load.errors > 0) throw new Error(`/v1/verify: ${load.errors} errors of ${load.requests}; first: ${load.firstError}`);
    // Run while the service idles: what the same load gets from the bare minimum of work, for the same durability.
    const floor = await floorLoad(svc, creds);

    const ratio = load.perSecond / (coreReference.opsPerSecond * 1);
    const perCoreUsed = load.perSecond / (coreReference.opsPerSecond * Math.max(serverCores, 1));
    const sameRatio = load.perSecond / samePresentations.opsPerSecond;
    const floorRatio = floor.load.perSecond / coreReference.opsPerSecond;
    const floorPerCore = floor.load.perSecond / (coreReference.opsPerSecond * floor.cores);
    const markdown = [
      `\`POST /v1/verify\` against the real service started as a child process (\`verifier/main.ts\`, SQLite in WAL`,
      `with each commit fdatasynced before it is acknowledged, demo registry), as agency \`${VERIFY_AGENCY}\` for purpose \`${VERIFY_PURPOSE}\`. The presentations`,
      `are of KTP-el credentials issued over OpenID4VCI by the demo Dukcapil to ${HOLDERS} holder keys bound to a citizen`,
      `account (one key per credential, as the wallet keeps them), each presenting ${DISCLOSED_PATHS.length} disclosures (\`nik\`, \`name\`,`,
      `\`birth_place\`, \`birth_date\`, \`address\` and five address members — all within \`${VERIFY_PURPOSE}\`, the widest demo`,
      `purpose) and a KB-JWT. The service spends each nonce once (a replay is refused with \`nonce_reused\`), so the load`,
      `generator makes a fresh presentation for every request, the holders in turn, outside the timed span.`,
      `Each valid verdict records an access event (one durable log append, group-committed) before answering, and`,
      `returns the claims with a receipt (inclusion proof against a signed checkpoint). ${CONNECTIONS} keep-alive connections`,
      `(node:http Agent, one request in flight each) for ${DURATION_MS / 1000} s after a 1.5 s warm-up; every latency recorded.`,
      '',
      markdownTable(
        ['', 'req/s', 'p50', 'p99', 'max', 'errors'],
        [
          [
            `HTTP, ${CONNECTIONS} connections, ${load.requests.toLocaleString('en-US')} requests`,
            formatOps(load.perSecond),
            `${load.p50Ms.toFixed(1)} ms`,
            `${load.p99Ms.toFixed(1)} ms`,
            `${load.maxMs.toFixed(1)} ms`,
            String(load.errors),
          ],
          [
            'reference: the credential core benchmark\'s in-process verify (its "holder keys in the LRU" row: 1,024 holders), one core, this run',
            formatOps(coreReference.opsPerSecond),
            `${coreReference.meanMicros.toFixed(0)} µs mean`,
            '—',
            '—',
            '0',
          ],
          [`for context: \`verifySdJwtVc\` in-process on ${NONCES} of the presentations the load sends, one core`, formatOps(samePresentations.opsPerSecond), `${samePresentations.meanMicros.toFixed(0)} µs mean`, '—', '—', '0'],
          [
            `floor: the same load against a bare node:http verifier with the same durable recording (\`bench/support/floor-server.ts\`), ${floor.load.requests.toLocaleString('en-US')} requests`,
            formatOps(floor.load.perSecond),
            `${floor.load.p50Ms.toFixed(1)} ms`,
            `${floor.load.p99Ms.toFixed(1)} ms`,
            `${floor.load.maxMs.toFixed(1)} ms`,
            String(floor.load.errors),
          ],
        ],
      ),
      '',
      `Ratio: ${formatOps(load.perSecond)} req/s ÷ (${formatOps(coreReference.opsPerSecond)} verifies/s × 1 core: the service is one Node`,
      `process) = **${ratio.toFixed(2)}x** — target at least ${TARGET}x per core, including the durable recording:`,
      `${ratio >= TARGET ? '**met**' : '**missed**'}. Per core the service actually used (below): ${perCoreUsed.toFixed(2)}x. Against the`,
      `presentations the load sends, verified in-process: ${sameRatio.toFixed(2)}x.`,
      '',
      `**The floor.** To know what the target asks of any implementation, the same load ran against the least a durable`,
      `verify endpoint can do in Node (\`bench/support/floor-server.ts\`: node:http without a framework, the API key hashed,`,
      `\`verifySdJwtVc\` as in the reference, the nonce checked and spent, the event, its leaf and a signed checkpoint`,
      `group-committed with prepared statements to SQLite with \`synchronous=FULL\` — no schema validation, headers,`,
      `registry or consent lookups, holder binding, Merkle nodes or inclusion proofs). It reached`,
      `${formatOps(floor.load.perSecond)} req/s on ${floor.cores.toFixed(2)} cores = **${floorRatio.toFixed(2)}x** of the reference (${floorPerCore.toFixed(2)}x per core it used). The service does`,
      `${((load.perSecond / floor.load.perSecond) * 100).toFixed(0)}% of the floor's throughput while doing everything the floor leaves out.`,
      floorPerCore < TARGET
        ? `The ${TARGET}x target is above what the floor itself reaches on this machine: an implementation on Node that does at least the floor's work (verify, then record durably) cannot meet it here.`
        : `The floor meets the ${TARGET}x target on this machine, so the gap is the service's own overhead.`,
      '',
      `- Server CPU during the load: ${cpuSeconds.toFixed(1)} s over ${((load.elapsedMs + 1500) / 1000).toFixed(1)} s, i.e. ${serverCores.toFixed(2)} cores`,
      `  (the main thread plus libuv/OpenSSL and SQLite work off it).`,
      `- Where the time goes: during warm-up and run the service appended ${appended.toLocaleString('en-US')} leaves in`,
      `  ${signed.toLocaleString('en-US')} commits, each also signing its checkpoint (${(appended / Math.max(signed, 1)).toFixed(1)} verifies per commit: group commit`,
      `  works, and a receipt needs no second durable write). For scale, this disk did ${formatOps(commitRate)} single-row durable`,
      `  commits/s on one thread in the same run. A CPU profile of the service under this load`,
      `  (\`SAHIH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" npm run bench verify-api\`, last read 2026-11-28) puts about`,
      '  a quarter of the main thread in the two ES256 verifications, about a tenth in SQLite itself (the consent-standing',
      '  read, the nonce check and claim, the event insert, each group commit\'s WAL write; the WAL\'s fdatasync runs on the',
      '  thread pool and no longer blocks the event loop), ~9% in garbage collection, and the rest spread thin: HTTP and',
      '  the framework (Hono, schema validation, headers, request id), SD-JWT parsing and disclosure hashing, the event',
      '  commitment, the Merkle extension and inclusion proof, the query builder. Registry reads (API key, agency,',
      '  purpose, issuer keys, status list, holder binding) come from the registry cache; the per-request statements are',
      '  compiled once. What separates the service from the floor is that spread, not one hot spot.',
      `- The machine has 2 cores shared by the service, this load generator (HTTP client, JSON, and an ES256 signature`,
      `  per request for the fresh KB-JWT) and other work on the machine (1-minute load average at the end of the run:`,
      `  ${loadAvg}); both references ran with the service idle.`,
      `- The references do no status-list fetch; the service checks status from its own cached list.`,
      `- Peak RSS: service ${serverRss.toFixed(0)} MiB (VmHWM of the child; limit 256 MB = 244 MiB: ${serverRss < 244.14 ? 'within' : '**over**'}); bench process ${peakRssMiB().toFixed(0)} MiB (the high-water mark of the whole`,
      '  `npm run bench` process, so it includes any module run before this one).',
    ].join('\n');
    return { title: 'Verify API over HTTP (issue 6)', markdown };
  } finally {
    await svc.stop();
    svc.cleanup();
  }
}
