// The citizen's event list at 1,000,000 access events: `store.accessEvents.listForAccount` first page and a deep
// (keyset) page, on a SQLite file migrated by openSqliteStore and filled with realistic rows, against the same
// query as a raw better-sqlite3 prepared statement in the same run; with peak RSS. Appends and proofs at 1M leaves
// are in transparency-log.bench.ts.
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { ed25519KeyId } from '../shared/merkle/checkpoint.js';
import { eventCommitment } from '../shared/merkle/event.js';
import { TransparencyLog } from '../verifier/log/transparency-log.js';
import { openSqliteStore } from '../verifier/store/sqlite.js';
import { registerCitizen } from '../test/support/citizen.js';
import { startService } from '../test/support/service.js';
import { formatOps, markdownTable, peakRssMiB, type BenchSection } from './lib.js';
import { CEREMONY_ORIGIN, fetchRequester, machineLoad, processPeakRssMiB, runLoad } from './support/service-load.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ACCOUNTS = Math.max(10, Math.round(EVENTS / 10));
/** A few heavy accounts (a citizen whose data is read daily for years) to page deep into. */
const HEAVY = 5;
const HEAVY_SHARE = 0.05;
const PAGE = 50;
const SAMPLES = 1000;
const AGENCIES = [
  ['rsud-sehat-sentosa', 'RSUD Sehat Sentosa (demo)', 'patient_registration'],
  ['bank-nusantara', 'PT Bank Nusantara Sejahtera Tbk (demo)', 'account_opening'],
  ['bpjs-kesehatan', 'BPJS Kesehatan', 'membership_check'],
  ['dukcapil', 'Direktorat Jenderal Kependudukan dan Pencatatan Sipil', 'identity_check'],
] as const;

const accountId = (n: number) => `acct-${String(n).padStart(8, '0')}`;

const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());

/** Checkpoints are never signed during the fill (appends only), so this key signs nothing the service keeps. */
async function throwawaySigner() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));
  return { keyName: 'bench/events', keyId: await ed25519KeyId(sha256, 'bench/events', raw), sign: (m: Uint8Array) => new Uint8Array(sign(null, m, privateKey)) };
}

/**
 * Fills the log the way the service records events — `TransparencyLog.append` with the event row written in the
 * same transaction (leaf, perfect nodes, access_events row) — in group commits of 8,192. The first HEAVY accounts
 * (the first one is a real citizen account) take every 20th event; the rest go to random synthetic accounts.
 */
async function fill(path: string, heavyAccounts: string[]): Promise<{ seconds: number; bodyBytes: number }> {
  const store = await openSqliteStore({ path });
  try {
    const log = new TransparencyLog({ store, sha256, origin: 'bench/events', signer: await throwawaySigner(), maxBatch: 8192 });
    await log.init();
    const start = performance.now();
    const t0 = 1_760_000_000;
    let bodyBytes = 0;
    const every = Math.round(1 / HEAVY_SHARE);
    const chunk = 8192;
    for (let done = log.size; done < EVENTS; ) {
      const n = Math.min(chunk, EVENTS - done);
      await Promise.all(
        Array.from({ length: n }, async (_, k) => {
          const i = done + k;
          const account = i % every === 0 ? heavyAccounts[(i / every) % HEAVY]! : accountId(HEAVY + Math.floor(Math.random() * (ACCOUNTS - HEAVY)));
          const [agencyId, agencyName, purpose] = AGENCIES[i % AGENCIES.length]!;
          const id = randomUUID();
          const occurredAt = t0 + Math.floor(i / 10);
          const salt = randomBytes(16);
          const body = JSON.stringify({
            v: 1,
            eventId: id,
            kind: 'direct_verification',
            occurredAt,
            agency: { id: agencyId, name: agencyName },
            subject: { holderKeyThumbprint: randomBytes(32).toString('base64url') },
            purpose: { code: purpose, description: { id: 'Verifikasi identitas untuk layanan', en: 'Identity verification for the service' } },
            legalBasis: 'legal_obligation',
            dataItems: ['address', 'birth_date', 'name', 'nik'],
          });
          bodyBytes += body.length;
          await log.append({
            leafData: await eventCommitment(sha256, salt, body),
            write: (tx, leafIndex) =>
              tx.accessEvents.insert({ id, leafIndex, accountId: account, agencyId, kind: 'direct_verification', purposeCode: purpose, occurredAt, salt: salt.toString('base64url'), body }),
          });
        }),
      );
      done += n;
    }
    return { seconds: (performance.now() - start) / 1000, bodyBytes: bodyBytes / EVENTS };
  } finally {
    await store.close();
  }
}

interface Timing {
  meanMicros: number;
  p99Micros: number;
  rows: number;
}

async function time(samples: number, op: (s: number) => Promise<number> | number): Promise<Timing> {
  for (let s = 0; s < 50; s++) await op(s); // warm-up
  const times: number[] = [];
  let rows = 0;
  for (let s = 0; s < samples; s++) {
    const t = performance.now();
    rows += await op(s);
    times.push((performance.now() - t) * 1000);
  }
  times.sort((a, b) => a - b);
  return { meanMicros: times.reduce((a, b) => a + b, 0) / samples, p99Micros: times[Math.floor(samples * 0.99)]!, rows: rows / samples };
}

export async function run(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'sahih-bench-events-'));
  const path = join(dir, 'sahih.db');
  const env = { WEBAUTHN_ORIGINS: CEREMONY_ORIGIN };
  try {
    // The service creates and seeds the database; one real citizen account (passkey, session) is the first heavy one.
    const first = await startService({ dataDir: dir, env });
    let citizen: Awaited<ReturnType<typeof registerCitizen>>;
    try {
      citizen = await registerCitizen(fetchRequester(first.url), 'Bench');
    } finally {
      await first.stop();
    }
    const heavyAccounts = [citizen.accountId, ...Array.from({ length: HEAVY - 1 }, (_, h) => accountId(h + 1))];
    const filled = await fill(path, heavyAccounts);
    const fileMiB = statSync(path).size / 2 ** 20;

    const store = await openSqliteStore({ path });
    const raw = new BetterSqlite3(path, { readonly: true });
    let storeRows: string[][];
    let depth: number;
    let heavyRows: number;
    let plan: string;
    let deep: number[];
    try {
      // Inputs, untimed: random ordinary accounts; for the heavy accounts, the leaf index 100 pages deep.
      const ordinary = Array.from({ length: SAMPLES }, () => accountId(HEAVY + Math.floor(Math.random() * (ACCOUNTS - HEAVY))));
      const offsetOf = raw.prepare('select leaf_index from access_events where account_id = ? order by leaf_index desc limit 1 offset ?');
      heavyRows = (raw.prepare('select count(*) as n from access_events where account_id = ?').get(heavyAccounts[0]) as { n: number }).n;
      depth = Math.min(100 * PAGE, heavyRows - PAGE);
      deep = heavyAccounts.map((a) => Number((offsetOf.get(a, depth) as { leaf_index: number }).leaf_index));
      plan = (raw.prepare('explain query plan select * from access_events where account_id = ? and leaf_index < ? order by leaf_index desc limit ?').all(heavyAccounts[0], 1, PAGE) as { detail: string }[])
        .map((r) => r.detail)
        .join('; ');

      const list = store.accessEvents;
      const firstPage = await time(SAMPLES, async (s) => (await list.listForAccount(ordinary[s % SAMPLES]!, { limit: PAGE })).length);
      const heavyFirst = await time(SAMPLES, async (s) => (await list.listForAccount(heavyAccounts[s % HEAVY]!, { limit: PAGE })).length);
      const deepPage = await time(SAMPLES, async (s) => (await list.listForAccount(heavyAccounts[s % HEAVY]!, { limit: PAGE, beforeIndex: deep[s % HEAVY]! })).length);
      const agencyPage = await time(SAMPLES, async (s) => (await list.listForAgency(AGENCIES[s % AGENCIES.length]![0], { limit: PAGE, beforeIndex: Math.floor(Math.random() * EVENTS) })).length);

      // Floor: the same SQL as a prepared statement (no query building, no row mapping).
      const rawFirst = raw.prepare('select * from access_events where account_id = ? order by leaf_index desc limit ?');
      const rawDeep = raw.prepare('select * from access_events where account_id = ? and leaf_index < ? order by leaf_index desc limit ?');
      const floorFirst = await time(SAMPLES, (s) => rawFirst.all(ordinary[s % SAMPLES]!, PAGE).length);
      const floorDeep = await time(SAMPLES, (s) => rawDeep.all(heavyAccounts[s % HEAVY]!, deep[s % HEAVY]!, PAGE).length);

      const page = Math.floor(depth / PAGE) + 1;
      storeRows = [
        row('`listForAccount`, first page, random ordinary account', firstPage, floorFirst),
        row('`listForAccount`, first page, heavy account', heavyFirst),
        row(`\`listForAccount\`, page ${page} (\`beforeIndex\` ${depth.toLocaleString('en-US')} events back), heavy account`, deepPage, floorDeep),
        row('`listForAgency`, page at a random `beforeIndex`', agencyPage),
        row('raw statement, first page, ordinary account', floorFirst),
        row(`raw statement, page ${page}, heavy account`, floorDeep),
      ];
    } finally {
      raw.close();
      await store.close();
    }

    // The same listing over HTTP from the real service on this database, as the signed-in citizen.
    const svc = await startService({ dataDir: dir, env });
    let httpRows: string[][];
    let load;
    let serviceRss: number;
    try {
      const headers = { cookie: citizen.cookie, 'x-sahih-csrf': citizen.csrf, origin: CEREMONY_ORIGIN };
      const get = async (query: string) => {
        const res = await fetch(`${svc.url}/v1/me/access-events${query}`, { headers });
        if (res.status !== 200) throw new Error(`GET /v1/me/access-events${query}: ${res.status} ${await res.text()}`);
        const body = (await res.json()) as { events: unknown[]; checkpoint: { size: number } };
        if (body.checkpoint.size < EVENTS) throw new Error(`checkpoint covers ${body.checkpoint.size} < ${EVENTS}`);
        return body.events.length;
      };
      const httpSamples = Math.min(SAMPLES, 300);
      const httpFirst = await time(httpSamples, () => get(`?limit=${PAGE}`));
      const httpDeep = await time(httpSamples, () => get(`?limit=${PAGE}&before=${deep[0]}`));
      load = await runLoad({
        targets: [svc.url],
        connections: 20,
        durationMs: 3000,
        next: (i) => ({ target: 0, method: 'GET', path: `/v1/me/access-events?limit=${PAGE}${i % 2 ? `&before=${deep[0]}` : ''}`, headers }),
        check: (status, body) => (status === 200 ? undefined : `HTTP ${status}: ${body.slice(0, 200)}`),
      });
      serviceRss = processPeakRssMiB(svc.process.pid);
      if (load.errors > 0) throw new Error(`GET /v1/me/access-events under load: ${load.errors} errors; first: ${load.firstError}`);
      httpRows = [
        row('`GET /v1/me/access-events?limit=50`, heavy citizen, one at a time', httpFirst),
        row(`\`GET /v1/me/access-events?limit=50&before=…\`, page ${Math.floor(depth / PAGE) + 1}, one at a time`, httpDeep),
      ];
    } finally {
      await svc.stop();
    }

    const markdown = [
      `A SQLite database created by the service (\`npm start\`'s migrations and demo registry) holding`,
      `**${EVENTS.toLocaleString('en-US')} access events**, written the way the service records them: \`TransparencyLog.append\` with the`,
      `\`access_events\` row in the same transaction (leaf, perfect nodes, event row), in group commits of 8,192.`,
      `${ACCOUNTS.toLocaleString('en-US')} accounts: ${HEAVY} heavy accounts — the first a real citizen account with a passkey session — share`,
      `${(HEAVY_SHARE * 100).toFixed(0)}% of the events (${heavyRows.toLocaleString('en-US')} each), the rest spread at random over the others (~${((EVENTS * (1 - HEAVY_SHARE)) / (ACCOUNTS - HEAVY)).toFixed(1)} each);`,
      `${AGENCIES.length} agencies. Committed event text ${filled.bodyBytes.toFixed(0)} bytes on average; database file ${fileMiB.toFixed(0)} MiB`,
      `(${((fileMiB * 2 ** 20) / EVENTS).toFixed(0)} bytes per event: event row, leaf, nodes and indexes); fill took ${filled.seconds.toFixed(1)} s.`,
      '',
      `Each store query: ${SAMPLES.toLocaleString('en-US')} timed calls after 50 warm-up calls, page size ${PAGE}, through the store's own`,
      `repository (\`store.accessEvents\`, Kysely), against the same SQL as a raw better-sqlite3 prepared statement in the same run.`,
      '',
      markdownTable(['query', 'rows', 'mean', 'p99', 'raw statement ÷ ours'], storeRows),
      '',
      `Query plan: \`${plan}\` — a keyset range scan of the (account_id, leaf_index) index, so a deep page costs`,
      `the same as the first and nothing depends on the table's size.`,
      '',
      `Over HTTP, the real service restarted on this database (log of ${EVENTS.toLocaleString('en-US')} leaves loaded from its right edge),`,
      `as the signed-in heavy citizen (session cookie): the listing with the newest signed checkpoint.`,
      '',
      markdownTable(['request', 'events', 'mean', 'p99'], httpRows.map((r) => r.slice(0, 4))),
      '',
      `Under load (20 keep-alive connections, 3 s, first and deep pages alternating): ${formatOps(load.perSecond)} req/s, p50`,
      `${load.p50Ms.toFixed(1)} ms, p99 ${load.p99Ms.toFixed(1)} ms, ${load.errors} errors.`,
      '',
      `Peak RSS: the service with the ${EVENTS.toLocaleString('en-US')}-entry log under that load ${serviceRss.toFixed(0)} MiB (VmHWM; the limit is 256 MB = 244 MiB:`,
      `${serviceRss * 1.048576 < 256 ? 'within' : '**over**'}); the bench process ${peakRssMiB().toFixed(0)} MiB (its peak is the fill: 8,192 events in flight per group commit). 1-minute load average at the end: ${machineLoad()}`,
      `on 2 cores shared with other work.`,
    ].join('\n');
    return { title: "Citizen's event list at 1,000,000 events (issue 7)", markdown };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const row = (label: string, t: Timing, floor?: Timing) => [
  label,
  t.rows.toFixed(1),
  `${t.meanMicros.toFixed(0)} µs`,
  `${t.p99Micros.toFixed(0)} µs`,
  floor ? `${(floor.meanMicros / t.meanMicros).toFixed(2)}x` : '—',
];
