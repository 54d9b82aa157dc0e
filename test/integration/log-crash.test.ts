// Crash durability of the access log: SIGKILL the real service in the middle of a burst of appends, restart it on the
// same data directory, and show every acknowledged event present, indices gap-free and unique, and the tree
// consistent with the checkpoint signed before the crash.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { witnessOnce } from '../../verifier/log/witness.js';
import { startService } from '../support/service.js';
import { demoKey } from '../support/demo-keys.js';
import { testNik } from '../support/nik.js';

const BURST = 400;

describe('access log crash durability', () => {
  it('keeps every acknowledged append across a SIGKILL, with no gap or duplicate', async () => {
    const first = await startService();
    const key = demoKey(first.output(), 'bank-nusantara');
    const declare = (i: number) =>
      fetch(`${first.url}/v1/agencies/bank-nusantara/access-declarations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          subject: { nik: testNik(i) },
          legalBasis: 'legal_obligation',
          purposeDescription: { id: 'Uji ketahanan', en: 'Durability test' },
          dataCategories: ['name'],
        }),
      });

    // Some appends, and a checkpoint a witness has seen, before the crash.
    for (let i = 0; i < 10; i++) expect((await declare(i)).status).toBe(201);
    const seen = (await witnessOnce({ baseUrl: first.url })).state!;
    expect(seen.size).toBe(10);

    const acknowledged: { eventId: string; leafIndex: number }[] = [];
    let killed = false;
    const burst = Array.from({ length: BURST }, async (_, i) => {
      try {
        const res = await declare(100 + i);
        if (res.status === 201) {
          const body = (await res.json()) as { receipt: { eventId: string; leafIndex: number } };
          acknowledged.push({ eventId: body.receipt.eventId, leafIndex: body.receipt.leafIndex });
          if (acknowledged.length === 60 && !killed) {
            killed = true;
            first.process.kill('SIGKILL');
          }
        }
      } catch {
        // connection reset by the crash: not acknowledged, so not promised
      }
    });
    await Promise.all(burst);
    await first.stop('SIGKILL');
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);

    const second = await startService({ dataDir: first.dataDir, port: first.port });
    const db = new BetterSqlite3(join(first.dataDir, 'sahih.db'), { readonly: true });
    const leaves = (db.prepare('select idx from log_leaves order by idx').all() as { idx: number }[]).map((r) => r.idx);
    const events = db.prepare('select id, leaf_index from access_events').all() as { id: string; leaf_index: number }[];
    db.close();
    // Gap-free and unique: indices are exactly 0..n-1, one event per leaf.
    expect(leaves).toEqual(leaves.map((_, i) => i));
    expect(events.length).toBe(leaves.length);
    expect(new Set(events.map((e) => e.leaf_index)).size).toBe(events.length);
    // Every acknowledged event survived, at the index it was acknowledged with.
    const byId = new Map(events.map((e) => [e.id, e.leaf_index]));
    for (const ack of acknowledged) expect(byId.get(ack.eventId)).toBe(ack.leafIndex);
    // The restarted log is consistent with what the witness saw before the crash.
    const after = await witnessOnce({ baseUrl: second.url, previous: seen });
    expect(after.outcome).toEqual({ status: 'consistent', from: 10, to: leaves.length });
    await second.stop();
    second.cleanup();
  });
});
