// Log routes and the witness, through app.request(): proofs by API, bad input refused, and a witness that notices
// a rollback, a split view (a forked history signed by the same key) and a changed key.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ed25519KeyId, formatVerifierKey } from '../../shared/merkle/checkpoint.js';
import { applyConventions } from '../app.js';
import { createRouter } from '../http/router.js';
import { logRoutes } from '../routes/log.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/types.js';
import { memoryLogger } from '../../test/support/test-app.js';
import { TransparencyLog, type CheckpointSigner } from './transparency-log.js';
import { witnessOnce, type WitnessState } from './witness.js';

const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());
const enc = new TextEncoder();

async function makeKey(keyName = 'localhost/log') {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));
  const signer: CheckpointSigner = { keyName, keyId: await ed25519KeyId(sha256, keyName, raw), sign: (m) => new Uint8Array(sign(null, m, privateKey)) };
  return { signer, verifierKey: await formatVerifierKey(sha256, keyName, raw), keyRotations: undefined as string[] | undefined };
}

interface Instance {
  store: Store;
  log: TransparencyLog;
  fetch: (url: string) => Promise<Response>;
}

const dirs: string[] = [];
async function instance(key: Awaited<ReturnType<typeof makeKey>>): Promise<Instance> {
  const dir = mkdtempSync(join(tmpdir(), 'sahih-witness-'));
  dirs.push(dir);
  const store = await openSqliteStore({ path: join(dir, 'sahih.db') });
  const log = new TransparencyLog({ store, sha256, origin: 'localhost/log', signer: key.signer });
  await log.init();
  const app = createRouter();
  applyConventions(app, { config: { publicUrl: 'http://localhost', bodyLimitBytes: 4096 }, logger: memoryLogger().logger });
  app.route('/', logRoutes({ log, verifierKey: key.verifierKey, keyRotations: key.keyRotations ?? [] }));
  return { store, log, fetch: (url: string) => Promise.resolve(app.request(url)) };
}

const appendMany = (log: TransparencyLog, prefix: string, n: number) =>
  Promise.all(Array.from({ length: n }, (_, i) => log.append({ leafData: enc.encode(`${prefix}${i}`) })));

describe('log routes and witness', () => {
  let key: Awaited<ReturnType<typeof makeKey>>;
  let honest: Instance;
  const base = 'http://localhost';

  beforeAll(async () => {
    key = await makeKey();
    honest = await instance(key);
  });
  afterAll(async () => {
    await honest.store.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('serves the checkpoint as JSON and as a text signed note', async () => {
    await appendMany(honest.log, 'e', 5);
    const info = (await (await honest.fetch(`${base}/v1/log`)).json()) as { size: number; verifierKey: string; checkpoint: string };
    expect(info.size).toBe(5);
    expect(info.verifierKey).toBe(key.verifierKey);
    const note = await honest.fetch(`${base}/v1/log/checkpoint`);
    expect(note.headers.get('content-type')).toContain('text/plain');
    expect(await note.text()).toBe(info.checkpoint);
  });

  it('refuses impossible proof requests with invalid_request', async () => {
    for (const q of ['index=5&size=5', 'index=0&size=6', 'index=-1&size=2', 'index=a&size=2', 'size=2']) {
      const res = await honest.fetch(`${base}/v1/log/proofs/inclusion?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('invalid_request');
    }
    const res = await honest.fetch(`${base}/v1/log/proofs/consistency?first=4&second=3`);
    expect(res.status).toBe(400);
  });

  it('pins the key on first sight, then follows consistent growth', async () => {
    let run = await witnessOnce({ baseUrl: base, fetch: honest.fetch });
    expect(run.outcome.status).toBe('first_seen');
    let state = run.state!;
    run = await witnessOnce({ baseUrl: base, fetch: honest.fetch, previous: state });
    expect(run.outcome).toEqual({ status: 'unchanged', size: 5 });
    await appendMany(honest.log, 'f', 11);
    run = await witnessOnce({ baseUrl: base, fetch: honest.fetch, previous: state });
    expect(run.outcome).toEqual({ status: 'consistent', from: 5, to: 16 });
    state = run.state!;
    expect(state.size).toBe(16);
  });

  it('raises a rollback and a split view when the operator serves another history under the same key', async () => {
    const seen: WitnessState = (await witnessOnce({ baseUrl: base, fetch: honest.fetch })).state!;
    // A forked log: the same key, but the first entry rewritten.
    const fork = await instance(key);
    await fork.log.append({ leafData: enc.encode('e0 (rewritten)') });
    await appendMany(fork.log, 'x', 3);
    expect((await witnessOnce({ baseUrl: base, fetch: fork.fetch, previous: seen })).outcome.status).toBe('rollback');

    await appendMany(fork.log, 'y', seen.size - 4);
    const same = await witnessOnce({ baseUrl: base, fetch: fork.fetch, previous: seen });
    expect(same.outcome).toMatchObject({ status: 'split_view', size: seen.size });

    await appendMany(fork.log, 'z', 10);
    const grown = await witnessOnce({ baseUrl: base, fetch: fork.fetch, previous: seen });
    expect(grown.outcome.status).toBe('split_view');
    expect(grown.state).toBeUndefined();
    await fork.store.close();
  });

  it('raises an alarm when the log is served under another key', async () => {
    const seen = (await witnessOnce({ baseUrl: base, fetch: honest.fetch })).state!;
    const impostor = await instance(await makeKey());
    const run = await witnessOnce({ baseUrl: base, fetch: impostor.fetch, previous: seen });
    expect(run.outcome.status).toBe('key_changed');
    await impostor.store.close();
  });
});
