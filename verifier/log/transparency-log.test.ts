// The log engine on a real SQLite file: total order without gaps under concurrency, proofs that verify, recovery
// after reopening, all-or-nothing batches, and signed checkpoints.
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ed25519KeyId, openSignedCheckpoint } from '../../shared/merkle/checkpoint.js';
import { leafHash, type Sha256 } from '../../shared/merkle/hash.js';
import { verifyConsistency, verifyInclusion } from '../../shared/merkle/verify.js';
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

describe('TransparencyLog', () => {
  let dir: string;
  let path: string;
  let store: Store;
  let keys: Awaited<ReturnType<typeof signer>>;

  const openLog = async () => {
    const log = new TransparencyLog({ store, sha256, origin: 'localhost/log', signer: keys.signer });
    await log.init();
    return log;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sahih-log-'));
    path = join(dir, 'sahih.db');
    store = await openSqliteStore({ path });
    keys = await signer();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
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

    store = await openSqliteStore({ path });
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
});
