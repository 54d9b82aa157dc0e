// Recording an access: the stored text and salt recompute the leaf, the receipt's proof verifies against its signed
// checkpoint, and a failing extra write leaves neither the event nor a leaf behind.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventCommitment } from '../../shared/merkle/event.js';
import { leafHash } from '../../shared/merkle/hash.js';
import { parseCheckpoint, parseNote } from '../../shared/merkle/checkpoint.js';
import { verifyInclusion } from '../../shared/merkle/verify.js';
import { createTestApp, type TestApp } from '../../test/support/test-app.js';
import { recordAccessEvent } from './record.js';

const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());
const fromB64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

describe('recordAccessEvent', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => t.close());

  const event = {
    kind: 'presentation_shared' as const,
    agency: { id: 'rsud-sehat-sentosa', name: 'RSUD Sehat Sentosa' },
    subject: { holderKeyThumbprint: 'tp-1' },
    accountId: 'acct-1',
    purpose: { code: 'patient_registration' },
    legalBasis: 'consent',
    dataItems: ['name', 'birth_date'],
  };

  it('commits the exact text, stores it with its salt, and returns a receipt that verifies', async () => {
    const deps = { log: t.transparency.log, now: () => 1_800_000_000_000 };
    const recorded = await Promise.all([recordAccessEvent(deps, event), recordAccessEvent(deps, event), recordAccessEvent(deps, event)]);
    for (const r of recorded) {
      const stored = (await t.store.accessEvents.get(r.receipt.eventId))!;
      expect(stored.body).toBe(r.body);
      expect(JSON.parse(r.body)).toMatchObject({ v: 1, kind: 'presentation_shared', occurredAt: 1_800_000_000, dataItems: ['name', 'birth_date'] });
      expect(r.body).not.toContain('acct-1');
      expect(stored.accountId).toBe('acct-1');
      const commitment = await eventCommitment(sha256, new Uint8Array(Buffer.from(stored.salt, 'base64url')), stored.body);
      const leaf = await leafHash(sha256, commitment);
      expect(Buffer.from(leaf).toString('base64')).toBe(r.receipt.leafHash);
      const cp = parseCheckpoint(parseNote(r.receipt.checkpoint).text);
      expect(cp.size).toBeGreaterThan(r.receipt.leafIndex);
      const ok = await verifyInclusion(sha256, {
        leafHash: leaf,
        index: r.receipt.leafIndex,
        size: cp.size,
        proof: r.receipt.inclusionProof.map(fromB64),
        root: cp.root,
      });
      expect(ok).toEqual({ ok: true });
    }
    expect(new Set(recorded.map((r) => r.receipt.leafIndex)).size).toBe(3);
  });

  it('never puts the same salt on two events, so equal events have different leaves', async () => {
    const deps = { log: t.transparency.log, now: Date.now };
    const a = await recordAccessEvent(deps, event);
    const b = await recordAccessEvent(deps, event);
    expect(a.salt).not.toBe(b.salt);
    expect(a.receipt.leafHash).not.toBe(b.receipt.leafHash);
  });

  it('rolls back the event when the caller\'s own write fails', async () => {
    const deps = { log: t.transparency.log, now: Date.now };
    await expect(
      recordAccessEvent(deps, event, {
        write: async () => {
          throw new Error('consent row rejected');
        },
      }),
    ).rejects.toThrow('consent row rejected');
    expect(await t.store.log.size()).toBe(0);
    expect(await t.store.accessEvents.listForAccount('acct-1', { limit: 10 })).toEqual([]);
  });
});
