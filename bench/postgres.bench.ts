// PostgreSQL: durable appends per second (POST access-declarations, one log append each) and POST /v1/verify per
// second through one and two service instances on one database, against plain `pg` single-row INSERTs (one per
// transaction, synchronous_commit on) from 64 clients in the same run; and the arithmetic of a national load.
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '../test/support/postgres-db.js';
import { startPostgres } from '../test/support/postgres-server.js';
import { freePort, startService, type RunningService } from '../test/support/service.js';
import { formatOps, markdownTable, peakRssMiB, type BenchSection } from './lib.js';
import { checkLog, plainInserts } from './postgres-reference.js';
import { testNik } from '../test/support/nik.js';
import {
  freshPresentation,
  CEREMONY_ORIGIN,
  demoKey,
  issueBoundKtp,
  machineLoad,
  processPeakRssMiB,
  runLoad,
  VERIFY_AGENCY,
  verifyCheck,
  type LoadResult,
} from './support/service-load.js';

const CLIENTS = 64;
const DURATION_MS = Number(process.env.BENCH_PG_MS ?? 8000);
const VERIFY_MS = Number(process.env.BENCH_PG_VERIFY_MS ?? 5000);

let declared = 0;
function declarations(services: RunningService[], key: string): Promise<LoadResult> {
  return runLoad({
    targets: services.map((s) => s.url),
    connections: CLIENTS,
    durationMs: DURATION_MS,
    // Clients are spread evenly: client w always talks to instance w mod n (a round-robin balancer).
    next: (_i, worker) => ({
      target: worker % services.length,
      method: 'POST',
      path: '/v1/agencies/bank-nusantara/access-declarations',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        subject: { nik: testNik(declared++) },
        legalBasis: 'legal_obligation',
        purposeDescription: { id: 'Uji beban', en: 'Load test' },
        dataCategories: ['name'],
      }),
    }),
    check: (status, body) => (status === 201 ? undefined : `HTTP ${status}: ${body.slice(0, 200)}`),
  });
}

const fmtMs = (ms: number) => `${ms.toFixed(1)} ms`;
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function run(): Promise<BenchSection> {
  const server = await startPostgres();
  const services: RunningService[] = [];
  const dbs: { drop(): Promise<void> }[] = [];
  try {
    const refDb = await createTestDatabase(server.url);
    dbs.push(refDb);
    const reference = await plainInserts(refDb.url, { clients: CLIENTS, durationMs: DURATION_MS });

    const db = await createTestDatabase(server.url);
    dbs.push(db);
    const portA = await freePort();
    const env = {
      DATABASE_URL: db.url,
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
      ADMIN_TOKEN: randomBytes(24).toString('base64url'),
      PUBLIC_URL: `http://localhost:${portA}`,
      WEBAUTHN_ORIGINS: CEREMONY_ORIGIN,
    };
    const a = await startService({ port: portA, env });
    services.push(a);
    const key = demoKey(a.output(), 'bank-nusantara');

    const one = await declarations([a], key);
    const afterOne = await checkLog(db.url);
    const b = await startService({ env });
    services.push(b);
    if (demoKey(b.output(), 'bank-nusantara') !== key) throw new Error('the second instance seeded different demo keys');
    const two = await declarations([a, b], key);
    const afterTwo = await checkLog(db.url);

    // /v1/verify through one and two instances (a bound KTP-el, 10 disclosures, a fresh nonce per request).
    const cred = await issueBoundKtp(a);
    const verifyKey = demoKey(a.output(), VERIFY_AGENCY);
    const verifyLoad = (targets: RunningService[]) =>
      runLoad({
        targets: targets.map((s) => s.url),
        connections: CLIENTS,
        durationMs: VERIFY_MS,
        // A fresh nonce per request: the service verifies each nonce once.
        next: async (_i, worker) => ({
          target: worker % targets.length,
          method: 'POST',
          path: '/v1/verify',
          headers: { authorization: `Bearer ${verifyKey}`, 'content-type': 'application/json' },
          body: (await freshPresentation(cred)).body,
        }),
        check: verifyCheck,
      });
    const verifyOne = await verifyLoad([a]);
    const verifyTwo = await verifyLoad([a, b]);
    // Errors are reported, not thrown: with two instances they are a finding about the service, not the inputs.
    const failures = (
      [
        ['declarations, one instance', one],
        ['declarations, two instances', two],
        ['verify, one instance', verifyOne],
        ['verify, two instances', verifyTwo],
      ] as const
    ).filter(([, r]) => r.errors > 0);
    const final = await checkLog(db.url);
    const loadAvg = machineLoad();
    const rssA = processPeakRssMiB(a.process.pid);
    const rssB = processPeakRssMiB(b.process.pid);

    const ratio = (r: LoadResult) => `${(r.perSecond / reference.perSecond).toFixed(2)}x`;
    const row = (label: string, r: LoadResult, vs: string) => [label, formatOps(r.perSecond), fmtMs(r.p50Ms), fmtMs(r.p99Ms), String(r.errors), vs];

    // ---- national arithmetic, from the measured one-instance append rate ----
    const residents = 280e6;
    const perMonth = 20;
    const monthSeconds = 30 * 86_400;
    const mean = (residents * perMonth) / monthSeconds;
    const peakFactor = 5;
    const peak = mean * peakFactor;
    const perInstance = one.perSecond;
    const shards = 38;
    const perShardPeak = peak / shards;
    const events = residents * perMonth * 12;
    const bytesPerEvent = 1000;
    const storageTiB = (events * bytesPerEvent) / 2 ** 40;

    const markdown = [
      `A throwaway PostgreSQL ${'(`initdb`, fsync on, `synchronous_commit = on`, default WAL settings)'} on this machine, the service`,
      `started as child processes against one database (\`DATABASE_URL\`, same \`KEY_ENCRYPTION_KEY\`, \`ADMIN_TOKEN\` and`,
      `\`PUBLIC_URL\`, so both are one service behind a balancer). ${CLIENTS} concurrent keep-alive clients, spread evenly over the`,
      `instances, ${DURATION_MS / 1000} s after 1 s warm-up; every latency recorded. Each \`POST /v1/agencies/bank-nusantara/access-declarations\``,
      `is one durable log append (leaf, perfect nodes and the event row in one transaction; instances serialise appends`,
      `with an advisory lock) answered with a receipt.`,
      '',
      markdownTable(
        ['durable appends', 'per s', 'p50', 'p99', 'errors', 'vs reference'],
        [
          row(`reference: plain \`pg\` single-row INSERT, one per transaction, ${CLIENTS} clients`, reference, '1.00x'),
          row('ours: access declarations through one instance', one, ratio(one)),
          row('ours: access declarations through two instances', two, ratio(two)),
        ],
      ),
      '',
      markdownTable(
        [`POST /v1/verify, 10 disclosures, ${VERIFY_MS / 1000} s`, 'per s', 'p50', 'p99', 'errors', 'vs one instance'],
        [row('one instance', verifyOne, '1.00x'), row('two instances', verifyTwo, `${(verifyTwo.perSecond / verifyOne.perSecond).toFixed(2)}x`)],
      ),
      '',
      `After the runs the log held ${fmtInt(final.leaves)} leaves, indices exactly 0..${fmtInt(final.leaves - 1)} with one event each (checked after`,
      `each phase: ${fmtInt(afterOne.leaves)} after one instance, ${fmtInt(afterTwo.leaves)} after two), and ${fmtInt(final.checkpoints)} signed checkpoints.`,
      '',
      ...(failures.length === 0
        ? ['- No request failed in this run.']
        : failures.map(
            ([label, r]) =>
              `- **${label}: ${r.errors} of ${fmtInt(r.requests)} requests failed**; first: \`${(r.firstError ?? '').replace(/"requestId":"[^"]*",?/, '').slice(0, 260)}\``,
          )),
      `- Errors count every non-2xx answer. An earlier race (a receipt's inclusion proof refused with`,
      `  \`400 invalid_request\` when the other instance had signed a newer checkpoint) is fixed: the log checks a requested`,
      `  size against storage, not only against what this instance appended.`,
      `- This machine has 2 cores: the two instances, PostgreSQL and this load generator share them (1-minute load`,
      `  average at the end: ${loadAvg}, other work on the machine included), so the two-instance rows measure correctness`,
      `  and contention on the advisory lock, not scale-out.`,
      `- Peak RSS: instance A ${rssA.toFixed(0)} MiB, instance B ${rssB.toFixed(0)} MiB (VmHWM; the service limit is 256 MB = 244 MiB:`,
      `  ${[rssA, rssB].every((r) => r < 244.14) ? 'both within' : `**${[rssA, rssB].filter((r) => r >= 244.14).length} over**, with a log of only ${fmtInt(final.leaves)} entries`}); bench process ${peakRssMiB().toFixed(0)} MiB (high-water mark of`,
      '  the whole `npm run bench` process, including modules run before this one).',
      '',
      '### Scaling to a national load',
      '',
      `Assume all ${residents / 1e6} million residents, ${perMonth} recorded accesses per citizen per month (a clinic visit, a bank KYC,`,
      `a BPJS claim and their back-office reads), a peak hour at ${peakFactor}x the mean. Mean: ${residents / 1e6}M × ${perMonth} ÷ ${fmtInt(monthSeconds)} s`,
      `= **${fmtInt(mean)} appends/s**; peak: **${fmtInt(peak)} appends/s**. One instance on one database appended`,
      `${formatOps(perInstance)}/s here, so one tree would need ${(peak / perInstance).toFixed(0)}x this machine's measured rate — and a single log`,
      `is one serial order (the advisory lock), so adding instances does not add append throughput; it adds`,
      `verification and HTTP capacity. The same PostgreSQL took ${formatOps(reference.perSecond)} plain durable inserts/s in this run, so the`,
      `gap is in the service's append path (one serial order, receipts with a checkpoint and an inclusion proof), not`,
      `in the database's commit rate: closing it is the first lever before adding hardware.`,
      '',
      `- **Shard the log**: one tree per province (${shards} shards) gives ${fmtInt(perShardPeak)} appends/s at peak per shard if`,
      `  accesses were even; by population the largest (Jawa Barat, ~50M, 18%) needs about ${fmtInt(peak * 0.18)}/s, i.e.`,
      `  ${((peak * 0.18) / perInstance).toFixed(1)}x the one-instance rate measured here on 2 shared cores — in reach of one dedicated`,
      `  database server with group commit (the transparency-log section batches ~32 SQLite appends per fsync), or split further by`,
      `  agency within the province (one tree per (province, agency) pair). Each shard is a separate log origin with`,
      `  its own signing key and checkpoints; witnesses cosign every shard (${shards}+ checkpoints per interval, a few`,
      `  hundred bytes each), and the wallet checks the shard of its own province, plus the shard of an agency it used.`,
      `- **Reads**: a citizen's event list is one index range scan (\`account_id, leaf_index\`); at an assumed 1 view per`,
      `  citizen per week, ${residents / 1e6}M ÷ 604,800 s = ${fmtInt(residents / 604_800)} queries/s mean, served from read replicas per shard,`,
      `  which keeps them off the append path entirely; proofs read O(log n) nodes by primary key and replicate too.`,
      `- **Storage**: ${residents / 1e6}M × ${perMonth} × 12 = ${(events / 1e9).toFixed(1)} billion events a year. Per event: the event row`,
      `  (~490 bytes of committed JSON text, salt, ids, four indexes) and the leaf measured 887 bytes per event in SQLite`,
      `  (access-log-scale section); with on average one perfect node (a tree of n leaves has n-1 interior nodes) and`,
      `  PostgreSQL's row overhead, assume ~${bytesPerEvent.toLocaleString('en-US')} bytes: ~${storageTiB.toFixed(0)} TiB a year nationally, ~${(storageTiB / shards).toFixed(1)} TiB per province`,
      `  shard on average — partition by month and archive old partitions (the tree only needs nodes, not event text).`,
      `- **Conclusion**: the measured per-instance rate is the figure to plan with; the national peak needs ~${Math.ceil(peak / perInstance)}`,
      `  single-log equivalents of this measurement, so per-province shards (and per-agency trees inside the busiest`,
      `  provinces) on dedicated hardware are required, not optional; none of this needs the service to hold a table or`,
      `  tree in memory.`,
    ].join('\n');
    return { title: 'PostgreSQL: appends and verifies with one and two instances (issue 9)', markdown };
  } finally {
    for (const s of services.reverse()) {
      await s.stop();
      s.cleanup();
    }
    for (const d of dbs) await d.drop().catch(() => undefined);
    server.stop();
  }
}
