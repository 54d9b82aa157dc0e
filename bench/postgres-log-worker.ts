// One log instance for bench/postgres-log.bench.ts, as its own process: opens the PostgreSQL store, then from START_AT
// runs WRITERS concurrent appenders (each append an access event row plus a receipt proof, as the service's) for
// DURATION_MS, and prints what it committed as one JSON line.
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ed25519KeyId } from '../shared/merkle/checkpoint.js';
import { TransparencyLog } from '../verifier/log/transparency-log.js';
import { openPostgresStore } from '../verifier/store/postgres.js';
import type { Store } from '../verifier/store/types.js';

const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());
const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const store = await openPostgresStore({ url: env('DATABASE_URL') });
const privateKey = createPrivateKey({ key: Buffer.from(env('LOG_KEY'), 'base64'), format: 'der', type: 'pkcs8' });
const raw = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32));
const signer = { keyName: 'bench/log', keyId: await ed25519KeyId(sha256, 'bench/log', raw), sign: (m: Uint8Array) => new Uint8Array(sign(null, m, privateKey)) };
const log = new TransparencyLog({ store, sha256, origin: 'bench/log', signer, maxBatch: 1024 });
await log.init();

let commits = 0;
const transaction = store.transaction.bind(store);
(store as { transaction: Store['transaction'] }).transaction = (fn) => {
  commits++;
  return transaction(fn);
};

const name = env('INSTANCE');
const writers = Number(env('WRITERS'));
let n = 0;
const appendOne = () => {
  const i = n++;
  return log.append({
    leafData: randomBytes(32),
    withProof: true,
    event: {
      id: `${name}-${i}-${randomBytes(6).toString('hex')}`,
      accountId: null,
      agencyId: 'bank-nusantara',
      kind: 'access_declaration',
      purposeCode: null,
      occurredAt: Math.floor(Date.now() / 1000),
      salt: randomBytes(16).toString('base64url'),
      body: `{"v":1,"bench":${i}}`,
      agencyRef: null,
    },
  });
};

const phase = async (until: number) => {
  let acked = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.timeOrigin + performance.now() < until) {
        await appendOne();
        acked++;
      }
    }),
  );
  return acked;
};

const startAt = Number(env('START_AT'));
await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
await phase(startAt + Number(env('WARMUP_MS')));
const commitsBefore = commits;
const start = performance.now();
const acked = await phase(startAt + Number(env('WARMUP_MS')) + Number(env('DURATION_MS')));
const elapsedMs = performance.now() - start;
await store.close();
console.log(JSON.stringify({ acked, elapsedMs, commits: commits - commitsBefore, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
