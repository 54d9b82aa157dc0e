// The wallet's log checks against a real little log built here (salted event leaves, RFC 9162 proofs, Ed25519-signed
// C2SP checkpoints), then against forgeries: altered text, wrong salts, tampered proofs, a rollback, a rewritten past,
// a forged signature and a changed key. Each failure is asserted by its code.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../../shared/encoding/base64url.js';
import { formatCheckpoint, formatVerifierKey, signNote, type NoteSigner } from '../../../shared/merkle/checkpoint.js';
import { signKeyRotation } from '../../../shared/merkle/key-rotation.js';
import { eventCommitment, type AccessEventBody } from '../../../shared/merkle/event.js';
import { leafHash, nodeHash, splitPoint } from '../../../shared/merkle/hash.js';
import { consistencyProof, inclusionProof } from '../../../shared/merkle/proof.js';
import {
  checkConsistency,
  eventLeafHash,
  openCheckpoint,
  sha256,
  trusted,
  verifyListing,
  type ListedEvent,
  type ProofSource,
  type TrustedCheckpoint,
} from './log-verify.js';

const ORIGIN = 'localhost:3000/log';
const NOW = Date.UTC(2025, 0, 15, 8, 0, 0);
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

interface Signer {
  name: string;
  verifierKey: string;
  keyId: number;
  sign(note: string): Promise<string>;
  noteSigner: NoteSigner;
}

async function makeSigner(name = 'sahih-log', forceKeyId?: number): Promise<Signer> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));
  const verifierKey = await formatVerifierKey(sha256, name, raw);
  const keyId = forceKeyId ?? parseInt(verifierKey.split('+')[1]!, 16);
  const noteSigner: NoteSigner = { keyName: name, keyId, sign: (m) => new Uint8Array(sign(null, m, privateKey)) };
  return { name, verifierKey, keyId, sign: (text) => signNote(text, noteSigner), noteSigner };
}

function eventBody(i: number, purpose = `Verifikasi ke-${i}`): AccessEventBody {
  return {
    v: 1,
    eventId: `ev-${i}`,
    kind: i % 2 ? 'backoffice_access' : 'presentation_shared',
    occurredAt: 1_736_900_000 + i,
    agency: { id: 'bpjs', name: 'BPJS Kesehatan' },
    subject: {},
    purpose: { code: 'eligibility', description: { id: purpose, en: `Check ${i}` } },
    legalBasis: 'public_task',
    dataItems: ['name', 'address.locality'],
  };
}

/** A log of `n` salted events; proofs and checkpoints at any size, like the service's. */
async function buildLog(n: number, signer: Signer) {
  const events: ListedEvent[] = [];
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const body = eventBody(i);
    const text = JSON.stringify(body);
    const salt = new Uint8Array(randomBytes(16));
    leaves.push(await leafHash(sha256, await eventCommitment(sha256, salt, text)));
    events.push({ eventId: body.eventId, leafIndex: i, kind: body.kind, occurredAt: body.occurredAt, body: text, salt: encodeBase64url(salt) });
  }
  return logOver(leaves, events, signer);
}

function logOver(leaves: Uint8Array[], events: ListedEvent[], signer: Signer) {
  const mth = async (start: number, end: number): Promise<Uint8Array> => {
    if (end - start === 1) return leaves[start]!;
    const k = splitPoint(end - start);
    return nodeHash(sha256, await mth(start, start + k), await mth(start + k, end));
  };
  const calls: string[] = [];
  const source: ProofSource = {
    async inclusion(index, size) {
      calls.push(`inclusion ${index} ${size}`);
      return { leafHash: b64(leaves[index]!), proof: (await inclusionProof(index, size, mth)).map(b64) };
    },
    async consistency(first, second) {
      calls.push(`consistency ${first} ${second}`);
      return { proof: (await consistencyProof(first, second, mth)).map(b64) };
    },
  };
  return {
    events,
    leaves,
    source,
    calls,
    root: (size: number) => mth(0, size),
    async note(size: number) {
      return signer.sign(formatCheckpoint({ origin: ORIGIN, size, root: await mth(0, size) }));
    },
    async trustedAt(size: number): Promise<TrustedCheckpoint> {
      const note = await this.note(size);
      return trusted(await openCheckpoint(note, signer.verifierKey), note, NOW);
    },
  };
}

type Log = Awaited<ReturnType<typeof buildLog>>;

async function verify(log: Log, signer: Signer, overrides: Partial<Parameters<typeof verifyListing>[0]> = {}) {
  return verifyListing({
    events: log.events,
    checkpointNote: await log.note(log.events.length),
    servedKey: signer.verifierKey,
    origin: ORIGIN,
    pinnedKey: signer.verifierKey,
    previous: undefined,
    source: log.source,
    now: NOW,
    ...overrides,
  });
}

const states = (result: Awaited<ReturnType<typeof verifyListing>>) => Object.fromEntries([...result.checks].map(([id, c]) => [id, c.state === 'failed' ? c.code : c.state]));

describe('verifyListing: an honest log', () => {
  it('verifies every event, pins the key on first use and returns the checkpoint to keep', async () => {
    const signer = await makeSigner();
    const log = await buildLog(13, signer);
    const result = await verify(log, signer, { pinnedKey: undefined });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.pinnedKey).toBe(signer.verifierKey);
    expect(result.checkpoint).toMatchObject({ origin: ORIGIN, size: 13, root: b64(await log.root(13)), verifiedAt: NOW });
    expect(new Set(Object.values(states(result)))).toEqual(new Set(['verified']));
  });

  it('checks consistency from the last verified checkpoint and accepts a log that only grew', async () => {
    const signer = await makeSigner();
    const log = await buildLog(21, signer);
    for (const first of [1, 2, 5, 8, 20, 21]) {
      const result = await verify(log, signer, { previous: await log.trustedAt(first) });
      expect(result.ok, `from ${first}`).toBe(true);
    }
    expect(log.calls).toContain('consistency 5 21');
  });

  it('leaves an event appended after the checkpoint pending, not verified', async () => {
    const signer = await makeSigner();
    const log = await buildLog(6, signer);
    const result = await verify(log, signer, { checkpointNote: await log.note(4) });
    expect(states(result)).toMatchObject({ 'ev-3': 'verified', 'ev-4': 'pending', 'ev-5': 'pending' });
  });

  it('marks an event unchecked, never verified, when its proof cannot be fetched', async () => {
    const signer = await makeSigner();
    const log = await buildLog(4, signer);
    const source: ProofSource = { ...log.source, inclusion: (i, s) => (i === 2 ? Promise.reject(new Error('offline')) : log.source.inclusion(i, s)) };
    const result = await verify(log, signer, { source });
    expect(result.checks.get('ev-2')).toEqual({ state: 'unchecked', reason: 'network' });
    expect(result.checks.get('ev-1')?.state).toBe('verified');
  });
});

describe('verifyListing: tampered events', () => {
  it('detects an event text edited after it was logged (the browser test edits the purpose in the database)', async () => {
    const signer = await makeSigner();
    const log = await buildLog(9, signer);
    const edited = log.events.map((e) =>
      e.leafIndex === 4 ? { ...e, body: e.body.replace('Verifikasi ke-4', 'Keperluan lain') } : e,
    );
    const result = await verify(log, signer, { events: edited });
    expect(result.ok).toBe(true);
    expect(states(result)).toMatchObject({ 'ev-4': 'event_altered', 'ev-3': 'verified', 'ev-5': 'verified' });
  });

  it('detects a wrong salt, and a salt that is not base64url', async () => {
    const signer = await makeSigner();
    const log = await buildLog(5, signer);
    const events = log.events.map((e) =>
      e.leafIndex === 1 ? { ...e, salt: encodeBase64url(new Uint8Array(randomBytes(16))) } : e.leafIndex === 2 ? { ...e, salt: 'not base64url!' } : e,
    );
    expect(states(await verify(log, signer, { events }))).toMatchObject({ 'ev-0': 'verified', 'ev-1': 'event_altered', 'ev-2': 'event_altered' });
  });

  it('still fails an edited event when the service lies about the leaf hash too', async () => {
    const signer = await makeSigner();
    const log = await buildLog(5, signer);
    const events = log.events.map((e) => (e.leafIndex === 3 ? { ...e, body: e.body.replace('BPJS Kesehatan', 'Instansi Lain') } : e));
    const source: ProofSource = {
      ...log.source,
      async inclusion(index, size) {
        const real = await log.source.inclusion(index, size);
        return index === 3 ? { ...real, leafHash: b64(await eventLeafHash(events[3]!.body, events[3]!.salt)) } : real;
      },
    };
    expect(states(await verify(log, signer, { events, source }))['ev-3']).toBe('event_not_included');
  });

  it('detects tampered inclusion proofs: a flipped byte, a dropped node, an extra node, another leaf\'s path', async () => {
    const signer = await makeSigner();
    const log = await buildLog(11, signer);
    const tamper: Record<number, (p: string[]) => string[]> = {
      2: (p) => p.map((n, i) => (i === 1 ? b64(Buffer.from(n, 'base64').map((b, j) => (j === 0 ? b ^ 1 : b))) : n)),
      5: (p) => p.slice(0, -1),
      7: (p) => [...p, p[0]!],
    };
    const source: ProofSource = {
      ...log.source,
      async inclusion(index, size) {
        const real = await log.source.inclusion(index, size);
        if (index === 9) return { ...real, proof: (await log.source.inclusion(8, size)).proof };
        return tamper[index] ? { ...real, proof: tamper[index](real.proof) } : real;
      },
    };
    expect(states(await verify(log, signer, { source }))).toMatchObject({
      'ev-1': 'verified',
      'ev-2': 'event_not_included',
      'ev-5': 'event_not_included',
      'ev-7': 'event_not_included',
      'ev-9': 'event_not_included',
    });
  });

  it('refuses an event whose text disagrees with the listing, or is not JSON', async () => {
    const signer = await makeSigner();
    const log = await buildLog(4, signer);
    const events = log.events.map((e) => (e.leafIndex === 0 ? { ...e, kind: 'consent_withdrawn' } : e.leafIndex === 1 ? { ...e, body: '{oops' } : e));
    expect(states(await verify(log, signer, { events }))).toMatchObject({ 'ev-0': 'event_mismatch', 'ev-1': 'event_mismatch', 'ev-2': 'verified' });
  });
});

describe('verifyListing: a dishonest log', () => {
  it('raises a rollback when the log is smaller than the last verified checkpoint', async () => {
    const signer = await makeSigner();
    const log = await buildLog(12, signer);
    const result = await verify(log, signer, { previous: await log.trustedAt(12), checkpointNote: await log.note(9) });
    expect(result).toMatchObject({ ok: false, code: 'log_rollback' });
    expect(new Set(Object.values(states(result)))).toEqual(new Set(['unchecked']));
  });

  it('raises an inconsistency when a past leaf was rewritten (split view), at the same size or a larger one', async () => {
    const signer = await makeSigner();
    const log = await buildLog(10, signer);
    // The wallet verified size 6 of the real log; the service now serves a tree whose leaf 3 was rewritten.
    const previous = await log.trustedAt(6);
    const leaves = [...log.leaves];
    leaves[3] = await leafHash(sha256, new Uint8Array(32).fill(7));
    const forked = logOver(leaves, log.events, signer);
    expect(await verify(forked, signer, { previous })).toMatchObject({ ok: false, code: 'log_inconsistent' });
    expect(await verify(forked, signer, { previous, checkpointNote: await forked.note(6) })).toMatchObject({ ok: false, code: 'log_inconsistent' });
  });

  it('raises an inconsistency on a tampered consistency proof', async () => {
    const signer = await makeSigner();
    const log = await buildLog(10, signer);
    const source: ProofSource = { ...log.source, consistency: async (a, b) => ({ proof: (await log.source.consistency(a, b)).proof.slice(1) }) };
    expect(await verify(log, signer, { previous: await log.trustedAt(3), source })).toMatchObject({ ok: false, code: 'log_inconsistent' });
  });

  it('rejects a forged signature: another key under the same name and key id, or an edited note', async () => {
    const signer = await makeSigner();
    const forger = await makeSigner(signer.name, signer.keyId);
    const log = await buildLog(5, signer);
    const forgedLog = logOver(log.leaves, log.events, forger);
    expect(await verify(forgedLog, signer)).toMatchObject({ ok: false, code: 'log_signature_invalid' });
    const note = await log.note(5);
    const edited = note.replace(`${ORIGIN}\n5\n`, `${ORIGIN}\n4\n`);
    expect(edited).not.toBe(note);
    expect(await verify(log, signer, { checkpointNote: edited })).toMatchObject({ ok: false, code: 'log_signature_invalid' });
    expect(await verify(log, signer, { checkpointNote: 'not a note' })).toMatchObject({ ok: false, code: 'log_signature_invalid' });
  });

  it('raises an alarm when the log key changed since it was pinned, even with a valid signature', async () => {
    const signer = await makeSigner();
    const other = await makeSigner();
    const honest = await buildLog(5, signer);
    const log = logOver(honest.leaves, honest.events, other);
    expect(await verify(log, other, { pinnedKey: signer.verifierKey })).toMatchObject({
      ok: false,
      code: 'log_key_changed',
    });
  });

  it('refuses a checkpoint of another log', async () => {
    const signer = await makeSigner();
    const log = await buildLog(3, signer);
    const note = await signer.sign(formatCheckpoint({ origin: 'elsewhere.example/log', size: 3, root: await log.root(3) }));
    expect(await verify(log, signer, { checkpointNote: note })).toMatchObject({ ok: false, code: 'log_origin_mismatch' });
    const previous = { ...(await log.trustedAt(2)), origin: 'elsewhere.example/log' };
    await expect(checkConsistency(previous, await openCheckpoint(await log.note(3), signer.verifierKey), log.source)).rejects.toMatchObject({
      code: 'log_origin_mismatch',
    });
  });
});

describe('verifyListing: the log key rotated', () => {
  const rotation = (from: Signer, to: Signer, signers: NoteSigner[] = [from.noteSigner, to.noteSigner]) =>
    signNote(`sahih log key rotation v1\norigin ${from.name}\nold ${from.verifierKey}\nnew ${to.verifierKey}\n`, signers);

  it('follows a rotation both keys signed, re-pins, and keeps checking consistency with what it verified before', async () => {
    const [k0, k1] = [await makeSigner(), await makeSigner()];
    const statement = await signKeyRotation({ origin: k0.name, oldKey: k0.verifierKey, newKey: k1.verifierKey }, k0.noteSigner, k1.noteSigner);
    expect(statement).toBe(await rotation(k0, k1));
    const before = await buildLog(6, k0);
    const log = logOver(before.leaves, before.events, k1);
    const result = await verify(log, k1, { pinnedKey: k0.verifierKey, keyRotations: [statement], previous: await before.trustedAt(4) });
    expect(result).toMatchObject({ ok: true, pinnedKey: k1.verifierKey });
    expect(new Set(Object.values(states(result)))).toEqual(new Set(['verified']));
    expect(log.calls).toContain('consistency 4 6');
    // Already on the new key, a checkpoint from an instance still signing with the old key alone is accepted.
    const stale = await verify(before, k1, { pinnedKey: k1.verifierKey, keyRotations: [statement], servedKey: k1.verifierKey });
    expect(stale).toMatchObject({ ok: true, pinnedKey: k1.verifierKey });
  });

  it('refuses a served key no rotation signed by the pinned key leads to', async () => {
    const [k0, k1, thief] = [await makeSigner(), await makeSigner(), await makeSigner()];
    const log = await buildLog(3, thief);
    const cases: [string, string[]][] = [
      ['no statement', []],
      ['signed by the new key alone', [await rotation(k0, thief, [thief.noteSigner])]],
      ['the pinned key vouching for another key', [await rotation(k0, k1)]],
      ['a statement for another log', [(await rotation(k0, thief)).replace(`origin ${k0.name}`, 'origin other-log')]],
    ];
    for (const [label, keyRotations] of cases) {
      const result = await verify(log, thief, { pinnedKey: k0.verifierKey, keyRotations });
      expect([label, result.ok ? 'ok' : result.code]).toEqual([label, 'log_key_changed']);
    }
  });
});
