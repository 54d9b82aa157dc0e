// Two service instances on one PostgreSQL: appends from many concurrent clients through both land exactly once in
// one gap-free order, checkpoints signed by either instance verify against each other, and killing one instance
// mid-burst loses no acknowledged event while the other keeps serving.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { witnessOnce } from '../../verifier/log/witness.js';
import { createTestDatabase } from '../support/postgres-db.js';
import { freePort, startService, type RunningService } from '../support/service.js';
import { demoKey } from '../support/demo-keys.js';
import { testNik } from '../support/nik.js';

describe('two instances on one PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: RunningService;
  let b: RunningService;
  let key: string;

  beforeAll(async () => {
    db = await createTestDatabase(inject('pgUrl'));
    const portA = await freePort();
    const env = {
      DATABASE_URL: db.url,
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
      ADMIN_TOKEN: randomBytes(24).toString('base64url'),
      // Both instances are one service behind a load balancer: one public URL, one log origin.
      PUBLIC_URL: `http://localhost:${portA}`,
    };
    a = await startService({ port: portA, env });
    b = await startService({ env });
    key = demoKey(a.output(), 'bank-nusantara');
    expect(demoKey(b.output(), 'bank-nusantara')).toBe(key);
  });

  afterAll(async () => {
    await a?.stop('SIGKILL');
    await b?.stop();
    a?.cleanup();
    b?.cleanup();
    await db?.drop();
  });

  const declare = (svc: RunningService, i: number) =>
    fetch(`${svc.url}/v1/agencies/bank-nusantara/access-declarations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        subject: { nik: testNik(i) },
        legalBasis: 'legal_obligation',
        purposeDescription: { id: 'Uji beban', en: 'Load test' },
        dataCategories: ['name'],
      }),
    });

  async function stored() {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const leaves = (await client.query<{ idx: string }>('select idx from log_leaves order by idx')).rows.map((r) => Number(r.idx));
    const events = (await client.query<{ id: string; leaf_index: string }>('select id, leaf_index from access_events')).rows;
    await client.end();
    return { leaves, events: new Map(events.map((e) => [e.id, Number(e.leaf_index)])) };
  }

  it('orders appends from both instances totally, exactly once, and their checkpoints agree', async () => {
    const acks: { eventId: string; leafIndex: number }[] = [];
    await Promise.all(
      Array.from({ length: 240 }, async (_, i) => {
        const res = await declare(i % 2 ? a : b, i);
        expect(res.status, await res.clone().text()).toBe(201);
        const body = (await res.json()) as { receipt: { eventId: string; leafIndex: number } };
        acks.push(body.receipt);
      }),
    );
    const { leaves, events } = await stored();
    expect(leaves).toEqual(leaves.map((_, i) => i));
    expect(leaves.length).toBe(240);
    expect(new Set(acks.map((x) => x.leafIndex)).size).toBe(240);
    for (const ack of acks) expect(events.get(ack.eventId)).toBe(ack.leafIndex);

    // A witness following instance A accepts instance B's newer checkpoint as a consistent extension, and back.
    const seenA = (await witnessOnce({ baseUrl: a.url })).state!;
    await declare(b, 9999);
    const fromB = await witnessOnce({ baseUrl: b.url, previous: seenA });
    expect(fromB.outcome).toEqual({ status: 'consistent', from: 240, to: 241 });
    await declare(a, 9998);
    const backToA = await witnessOnce({ baseUrl: a.url, previous: fromB.state! });
    expect(backToA.outcome.status).toBe('consistent');
  });

  it('loses no acknowledged event when one instance is killed mid-burst, and the other keeps serving', async () => {
    const acks: { eventId: string; leafIndex: number }[] = [];
    let killed = false;
    await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        const target = i % 2 ? a : b;
        try {
          const res = await declare(target, 10_000 + i);
          if (res.status === 201) {
            acks.push(((await res.json()) as { receipt: { eventId: string; leafIndex: number } }).receipt);
            if (acks.length === 50 && !killed) {
              killed = true;
              a.process.kill('SIGKILL');
            }
          }
        } catch {
          // requests to the killed instance fail; they were never acknowledged
        }
      }),
    );
    expect(killed).toBe(true);
    const after = await declare(b, 20_000);
    expect(after.status).toBe(201);
    const { leaves, events } = await stored();
    expect(leaves).toEqual(leaves.map((_, i) => i));
    for (const ack of acks) expect(events.get(ack.eventId)).toBe(ack.leafIndex);
    expect(events.size).toBe(leaves.length);
  });
});
