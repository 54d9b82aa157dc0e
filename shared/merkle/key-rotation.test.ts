// Log key rotation statements: a chain is followed only through statements signed by both the old and the new key
// and naming this log; forged, foreign and circular statements lead nowhere.
import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ed25519KeyId, formatVerifierKey, openSignedCheckpoint, parseVerifierKey, signNote, type NoteSigner, type TrustedKey } from './checkpoint.js';
import type { Sha256 } from './hash.js';
import { followKeyRotations, formatKeyRotation, parseKeyRotation, predecessorOf, signKeyRotation } from './key-rotation.js';

const sha256: Sha256 = (d) => new Uint8Array(createHash('sha256').update(d).digest());
const ORIGIN = 'sahih.example/log';

async function logKey(): Promise<{ signer: NoteSigner; vkey: string }> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));
  return {
    signer: { keyName: ORIGIN, keyId: await ed25519KeyId(sha256, ORIGIN, raw), sign: (m) => new Uint8Array(sign(null, m, privateKey)) },
    vkey: await formatVerifierKey(sha256, ORIGIN, raw),
  };
}

const keyOf = async (vkey: string): Promise<TrustedKey> => {
  const k = parseVerifierKey(vkey);
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(k.publicKey)]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return { keyName: k.keyName, keyId: k.keyId, verify: (m, s) => verify(null, m, key, s) };
};

describe('log key rotation', () => {
  it('follows statements from the pinned key to the served one, in any order', async () => {
    const [k0, k1, k2] = [await logKey(), await logKey(), await logKey()];
    const s01 = await signKeyRotation({ origin: ORIGIN, oldKey: k0.vkey, newKey: k1.vkey }, k0.signer, k1.signer);
    const s12 = await signKeyRotation({ origin: ORIGIN, oldKey: k1.vkey, newKey: k2.vkey }, k1.signer, k2.signer);
    expect(parseKeyRotation(s01.slice(0, s01.lastIndexOf('\n\n') + 1))).toEqual({ origin: ORIGIN, oldKey: k0.vkey, newKey: k1.vkey });
    expect(await followKeyRotations({ origin: ORIGIN, pinned: k0.vkey, served: k2.vkey, statements: [s12, s01], keyOf })).toEqual([k0.vkey, k1.vkey, k2.vkey]);
    expect(await followKeyRotations({ origin: ORIGIN, pinned: k1.vkey, served: k2.vkey, statements: [s01, s12], keyOf })).toEqual([k1.vkey, k2.vkey]);
    expect(await followKeyRotations({ origin: ORIGIN, pinned: k2.vkey, served: k2.vkey, statements: [], keyOf })).toEqual([k2.vkey]);
    // A checkpoint co-signed during the transition opens under either key.
    expect(await predecessorOf({ origin: ORIGIN, served: k2.vkey, statements: [s01, s12], keyOf })).toBe(k1.vkey);
    expect(await predecessorOf({ origin: ORIGIN, served: k0.vkey, statements: [s01, s12], keyOf })).toBeUndefined();
    expect(await predecessorOf({ origin: ORIGIN, served: k2.vkey, statements: [s12.replace(k1.vkey, k0.vkey)], keyOf })).toBeUndefined();
    const note = await signNote(`${ORIGIN}\n5\n${Buffer.alloc(32).toString('base64')}\n`, [k1.signer, k2.signer]);
    expect((await openSignedCheckpoint(note, [await keyOf(k1.vkey)])).size).toBe(5);
    expect((await openSignedCheckpoint(note, [await keyOf(k2.vkey)])).size).toBe(5);
  });

  it('refuses a statement the old key did not sign, one the new key did not sign, a tampered one, another log\'s, and circles', async () => {
    const [k0, k1, thief] = [await logKey(), await logKey(), await logKey()];
    const follow = (statements: string[], served = thief.vkey) => followKeyRotations({ origin: ORIGIN, pinned: k0.vkey, served, statements, keyOf });
    const text = formatKeyRotation({ origin: ORIGIN, oldKey: k0.vkey, newKey: thief.vkey });
    // Signed by the thief alone, under the old key's name and id: the old key's signature does not verify.
    const impostor = await signNote(text, [{ ...thief.signer, keyId: k0.signer.keyId }, thief.signer]);
    await expect(follow([impostor])).rejects.toThrow(/does not verify/);
    await expect(follow([await signNote(text, [thief.signer])])).rejects.toThrow(/no signature by/);
    // The old key vouching for a key that never signed (no proof of possession).
    await expect(follow([await signNote(text, [k0.signer])])).rejects.toThrow(/no signature by/);
    const genuine = await signKeyRotation({ origin: ORIGIN, oldKey: k0.vkey, newKey: k1.vkey }, k0.signer, k1.signer);
    await expect(follow([genuine.replace(k1.vkey, thief.vkey)])).rejects.toThrow();
    const foreign = await signKeyRotation({ origin: 'other.example/log', oldKey: k0.vkey, newKey: k1.vkey }, k0.signer, k1.signer);
    await expect(follow([foreign], k1.vkey)).rejects.toThrow(/no rotation statement/);
    const back = await signKeyRotation({ origin: ORIGIN, oldKey: k1.vkey, newKey: k0.vkey }, k1.signer, k0.signer);
    await expect(follow([genuine, back])).rejects.toThrow(/circle/);
    await expect(follow(['garbage', ''])).rejects.toThrow(/no rotation statement/);
  });
});
