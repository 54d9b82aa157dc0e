// The log engine on a real SQLite file and a real PostgreSQL database: total order without gaps under concurrency
// (also from two instances on one database), proofs that verify, recovery after reopening, all-or-nothing batches in
// which one failing write fails only its own append, and signed checkpoints.
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../test/support/postgres-db.js';
import { ed25519KeyId, openSignedCheckpoint } from '../../shared/merkle/checkpoint.js';
import { leafHash, type Sha256 } from '../../shared/merkle/hash.js';
import { verifyConsistency, verifyInclusion } from '../../shared/merkle/verify.js';
import { openPostgresStore } from '../store/postgres.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/types.js';
import { TransparencyLog } from './transparency-log.js';

const sha256: Sha256 = (d) => new Uint8Array(createHash('sha256').update(d).digest());
const enc = new TextEncoder();

async function signer() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));
  const keyName = 'localhost/log';
  const keyId = await ed25519KeyId(sha256, keyName, raw);
  return {
    signer: { keyName, keyId, sign: (m: Uint8Array) => new Uint8Array(sign(null, m, privateKey)) },
    trusted: [{ keyName, keyId, verify: (m: Uint8Array, s: Uint8Array) => verify(null, m, publicKey, s) }],
  };
}

interface Engine {
  name: string;
  /** A fresh empty database; `open` may be called again for a second store (another instance) on it. */
  create(): Promise<{ open(): Promise<Store>; drop(): Promise<void> }>;
}

const engines: Engine[] = [
  {
    name: 'SQLite',
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'sahih-log-'));
      return { open: () => openSqliteStore({ path: join(dir, 'sahih.db') }), drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    async create() {
      const db = await createTestDatabase(inject('pgUrl'));
      return { open: () => openPostgresStore({ url: db.url }), drop: () => db.drop() };
    },
  },
];

describe.each(engines)('TransparencyLog on $name', (engine) => {
  let database: Awaited<ReturnType<Engine['create']>>;
  let store: Store;
  let keys: Awaited<ReturnType<typeof signer>>;
  const others: Store[] = [];

  const openLog = async (on: Store = store) => {
    const log = new TransparencyLog({ store: on, sha256, origin: 'localhost/log', signer: keys.signer });
    await log.init();
    return log;
  };

  beforeEach(async () => {
    database = await engine.create();
    store = await database.open();
    keys = await signer();
  });
  afterEach(async () => {
    await store.close();
    for (const other of others.splice(0)) await other.close();
    await database.drop();
  });

  it('returns with each append a signed checkpoint and an audit path to it, for batches starting anywhere', async () => {
    const log = await openLog();
    // Waves of different sizes, so batches start at odd, even and power-of-two sizes alike.
    for (const wave of [1, 3, 2, 7, 16, 5, 33, 1, 64]) {
      const results = await Promise.all(Array.from({ length: wave }, (_, i) => log.append({ leafData: enc.encode(`w${wave}-${i}-${log.size}`), withProof: i % 3 !== 1 })));
      for (const [i, r] of results.entries()) {
        const checkpoint = await openSignedCheckpoint(r.checkpoint.note, keys.trusted);
        // Proofs only for the appends that asked (receipts); the others skip the work.
        if (i % 3 === 1) {
          expect(r.inclusionProof).toBeUndefined();
          continue;
        }
        expect(checkpoint.size).toBeGreaterThan(r.index);
        expect(Buffer.from(await log.rootAt(checkpoint.size))).toEqual(Buffer.from(checkpoint.root));
        const ok = await verifyInclusion(sha256, { leafHash: r.leafHash, index: r.index, size: checkpoint.size, proof: r.inclusionProof!, root: checkpoint.root });
        expect(ok, `leaf ${r.index} of ${checkpoint.size}`).toEqual({ ok: true });
        // The same path storage would give: the in-memory computation agrees with the stored tree.
        expect((await log.inclusionProof(r.index, checkpoint.size)).map((h) => Buffer.from(h).toString('hex'))).toEqual(r.inclusionProof!.map((h) => Buffer.from(h).toString('hex')));
      }
    }
  });

  it('orders concurrent appends totally, without gaps, and proves each one', async () => {
    const log = await openLog();
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => log.append({ leafData: enc.encode(`e${i}`) })));
    const indices = results.map((r) => r.index).sort((a, b) => a - b);
    expect(indices).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(log.size).toBe(300);
    const root = await log.currentRoot();
    expect(Buffer.from(await log.rootAt(300))).toEqual(Buffer.from(root));
    for (const r of results.filter((_, i) => i % 17 === 0)) {
      const proof = await log.inclusionProof(r.index, 300);
      expect(await verifyInclusion(sha256, { leafHash: r.leafHash, index: r.index, size: 300, proof, root })).toEqual({ ok: true });
    }
  });

  it('recovers its state after reopening and stays consistent with an earlier checkpoint', async () => {
    let log = await openLog();
    for (let i = 0; i < 37; i++) await log.append({ leafData: enc.encode(`a${i}`) });
    const first = await log.checkpoint();
    const checkpoint = await openSignedCheckpoint(first.note, keys.trusted);
    expect(checkpoint.size).toBe(37);
    await store.close();

    store = await database.open();
    log = await openLog();
    expect(log.size).toBe(37);
    expect(Buffer.from(await log.currentRoot())).toEqual(Buffer.from(checkpoint.root));
    await Promise.all(Array.from({ length: 64 }, (_, i) => log.append({ leafData: enc.encode(`b${i}`) })));
    const second = await openSignedCheckpoint((await log.checkpoint()).note, keys.trusted);
    expect(second.size).toBe(101);
    const proof = await log.consistencyProof(37, 101);
    expect(
      await verifyConsistency(sha256, { first: 37, second: 101, firstRoot: checkpoint.root, secondRoot: second.root, proof }),
    ).toEqual({ ok: true });
  });

  it('commits a batch all or nothing: a failing event write leaves no leaf behind', async () => {
    const log = await openLog();
    await log.append({ leafData: enc.encode('ok-0') });
    const failing = log.append({
      leafData: enc.encode('bad'),
      write: async () => {
        throw new Error('event row rejected');
      },
    });
    await expect(failing).rejects.toThrow('event row rejected');
    expect(await store.log.size()).toBe(1);
    const next = await log.append({ leafData: enc.encode('ok-1') });
    expect(next.index).toBe(1);
    expect(Buffer.from(next.leafHash)).toEqual(Buffer.from(await leafHash(sha256, enc.encode('ok-1'))));
  });

  it('fails only the append whose write fails, not the others sharing its transaction', async () => {
    const log = await openLog();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        log.append({
          leafData: enc.encode(`g${i}`),
          write: async () => {
            if (i === 7) throw new Error('only this one');
          },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect((results[7] as PromiseRejectedResult).reason).toEqual(new Error('only this one'));
    const indices = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.index] : [])).sort((a, b) => a - b);
    expect(indices).toEqual(Array.from({ length: 19 }, (_, i) => i));
    expect(await store.log.size()).toBe(19);
  });

  it('writes the event rows in the same transaction with the leaf index', async () => {
    const log = await openLog();
    const seen: number[] = [];
    await Promise.all(
      [0, 1, 2].map((i) =>
        log.append({
          leafData: enc.encode(`w${i}`),
          write: async (tx, index) => {
            await tx.settings.set(`event-${index}`, String(i));
            seen.push(index);
          },
        }),
      ),
    );
    expect(seen.sort()).toEqual([0, 1, 2]);
    expect(await store.settings.get('event-2')).toBeDefined();
  });

  it('refuses proofs for sizes or indices the log does not have', async () => {
    const log = await openLog();
    await log.append({ leafData: enc.encode('x') });
    await expect(log.inclusionProof(1, 1)).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(log.inclusionProof(0, 2)).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(log.consistencyProof(2, 1)).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('signs a checkpoint once per size', async () => {
    const log = await openLog();
    await log.append({ leafData: enc.encode('x') });
    const a = await log.checkpoint();
    const b = await log.checkpoint();
    expect(b.note).toBe(a.note);
  });
  it('orders appends from two instances on one database in one gap-free order, with one consistent root', async () => {
    const second = await database.open();
    others.push(second);
    const [a, b] = [await openLog(), await openLog(second)];
    // Waves from both instances at once, so their batches interleave and each often starts behind the other.
    const results: { index: number; leafHash: Uint8Array; from: string }[] = [];
    for (let wave = 0; wave < 6; wave++) {
      const settled = await Promise.all([
        ...Array.from({ length: 40 }, (_, i) => a.append({ leafData: enc.encode(`a${wave}-${i}`) }).then((r) => ({ ...r, from: 'a' }))),
        ...Array.from({ length: 40 }, (_, i) => b.append({ leafData: enc.encode(`b${wave}-${i}`) }).then((r) => ({ ...r, from: 'b' }))),
      ]);
      results.push(...settled);
    }
    const indices = results.map((r) => r.index).sort((x, y) => x - y);
    expect(indices).toEqual(Array.from({ length: 480 }, (_, i) => i));
    expect(new Set(results.map((r) => r.from))).toEqual(new Set(['a', 'b']));
    expect(await store.log.size()).toBe(480);
    // Both instances agree on the tree, and every stored leaf is the one its append was told about.
    const checkpoint = await openSignedCheckpoint((await a.newestCheckpoint()).note, keys.trusted);
    expect(checkpoint.size).toBe(480);
    expect(Buffer.from(await b.rootAt(480))).toEqual(Buffer.from(checkpoint.root));
    const reopened = await openLog();
    expect(Buffer.from(await reopened.currentRoot())).toEqual(Buffer.from(checkpoint.root));
    for (const r of results.filter((_, i) => i % 23 === 0)) {
      expect(Buffer.from((await store.log.leafHash(r.index))!)).toEqual(Buffer.from(r.leafHash));
      const proof = await b.inclusionProof(r.index, 480);
      expect(await verifyInclusion(sha256, { leafHash: r.leafHash, index: r.index, size: 480, proof, root: checkpoint.root })).toEqual({ ok: true });
    }
  });

  it('stores each append\'s event row with its leaf index, a batch\'s events together', async () => {
    const log = await openLog();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        log.append({
          leafData: enc.encode(`ev${i}`),
          event: { id: `event-${i}`, accountId: i % 2 ? 'acct' : null, agencyId: 'agency', kind: 'access_declaration', purposeCode: null, occurredAt: 1_700_000_000 + i, salt: 's', body: `{"n":${i}}`, agencyRef: i % 3 ? null : `case-${i}` },
        }),
      ),
    );
    for (const [i, r] of results.entries()) {
      expect(await store.accessEvents.get(`event-${i}`)).toMatchObject({ leafIndex: r.index, body: `{"n":${i}}`, accountId: i % 2 ? 'acct' : null });
      expect((await store.accessEvents.get(`event-${i}`))?.agencyRef).toBe(i % 3 ? undefined : `case-${i}`);
    }
  });

  it('refuses only the append whose own write fails (a nonce spent twice in one batch), and commits the rest together', async () => {
    const log = await openLog();
    let transactions = 0;
    const transaction = store.transaction.bind(store);
    store.transaction = (fn) => {
      transactions++;
      return transaction(fn);
    };
    // 40 appends in one batch; two pairs present the same nonce: the second of each pair finds it spent.
    const nonces = Array.from({ length: 40 }, (_, i) => (i === 9 ? 'n3' : i === 31 ? 'n20' : `n${i}`));
    const results = await Promise.allSettled(
      nonces.map((nonce, i) =>
        log.append({
          leafData: enc.encode(`v${i}`),
          event: { id: `event-${i}`, accountId: null, agencyId: 'agency', kind: 'direct_verification', purposeCode: null, occurredAt: 1, salt: 's', body: '{}' },
          write: async (tx) => {
            if (!(await tx.verifyNonces.claim('agency', nonce, 1, 2))) throw new Error(`nonce ${nonce} already spent`);
          },
        }),
      ),
    );
    const refused = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
    expect(refused).toEqual([9, 31]);
    expect((results[9] as PromiseRejectedResult).reason).toEqual(new Error('nonce n3 already spent'));
    const indices = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.index] : [])).sort((a, b) => a - b);
    expect(indices).toEqual(Array.from({ length: 38 }, (_, i) => i));
    // The refused appends left nothing behind: no event row, no leaf, no claimed nonce beyond the first use.
    expect(await store.accessEvents.get('event-9')).toBeUndefined();
    expect(await store.accessEvents.get('event-31')).toBeUndefined();
    expect(await store.log.size()).toBe(38);
    // Each failure cost one rolled-back attempt, then the survivors committed as a batch, not one transaction each.
    expect(transactions).toBeLessThanOrEqual(4);
    const root = await log.currentRoot();
    expect(Buffer.from(await (await openLog()).currentRoot())).toEqual(Buffer.from(root));
  });
});
