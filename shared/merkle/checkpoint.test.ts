// Signed checkpoints: C2SP format round trip, key IDs, signature checks with Ed25519 from node:crypto.
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ed25519KeyId,
  formatCheckpoint,
  formatVerifierKey,
  openSignedCheckpoint,
  parseCheckpoint,
  parseVerifierKey,
  signNote,
} from './checkpoint.js';
import type { Sha256 } from './hash.js';

const sha256: Sha256 = (d) => new Uint8Array(createHash('sha256').update(d).digest());

function keyPair(name: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));
  return {
    name,
    raw,
    sign: (m: Uint8Array) => new Uint8Array(sign(null, m, privateKey)),
    verify: (m: Uint8Array, s: Uint8Array) => verify(null, m, publicKey, s),
  };
}

const root = sha256(new Uint8Array([1, 2, 3])) as Uint8Array;

describe('checkpoints', () => {
  it('formats and parses the C2SP body', () => {
    const text = formatCheckpoint({ origin: 'sahih.example/log', size: 42, root });
    const lines = text.split('\n');
    expect(lines[0]).toBe('sahih.example/log');
    expect(lines[1]).toBe('42');
    expect(Buffer.from(lines[2]!, 'base64')).toEqual(Buffer.from(root));
    expect(text.endsWith('\n')).toBe(true);
    expect(parseCheckpoint(text)).toEqual({ origin: 'sahih.example/log', size: 42, root });
  });

  it('rejects malformed bodies', () => {
    expect(() => parseCheckpoint('o\n042\nAAAA\n')).toThrow();
    expect(() => parseCheckpoint('o\n1\nAAAA\n')).toThrow(/32 bytes/);
    expect(() => parseCheckpoint('o\n1\n')).toThrow();
    expect(() => formatCheckpoint({ origin: 'a\nb', size: 1, root })).toThrow();
  });

  it('computes the key ID as SHA-256(name || 0x0A || 0x01 || key)[:4]', async () => {
    const k = keyPair('sahih.example/log');
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from('sahih.example/log\n'), Buffer.from([1]), Buffer.from(k.raw)]))
      .digest()
      .readUInt32BE(0);
    expect(await ed25519KeyId(sha256, k.name, k.raw)).toBe(expected);
    const vkey = await formatVerifierKey(sha256, k.name, k.raw);
    const parsed = parseVerifierKey(vkey);
    expect(parsed.keyId).toBe(expected);
    expect(Buffer.from(parsed.publicKey)).toEqual(Buffer.from(k.raw));
  });

  it('signs and opens a checkpoint note, ignoring unknown keys and refusing bad signatures', async () => {
    const log = keyPair('sahih.example/log');
    const other = keyPair('witness.example');
    const logId = await ed25519KeyId(sha256, log.name, log.raw);
    const otherId = await ed25519KeyId(sha256, other.name, other.raw);
    const text = formatCheckpoint({ origin: 'sahih.example/log', size: 7, root });
    const note = await signNote(text, { keyName: log.name, keyId: logId, sign: log.sign });
    expect(note).toContain('\n\n\u2014 sahih.example/log ');

    const trusted = [{ keyName: log.name, keyId: logId, verify: log.verify }];
    expect((await openSignedCheckpoint(note, trusted)).size).toBe(7);

    // A note signed only by a key we do not trust is rejected.
    const foreign = await signNote(text, { keyName: other.name, keyId: otherId, sign: other.sign });
    await expect(openSignedCheckpoint(foreign, trusted)).rejects.toThrow(/trusted key/);

    // Changing the size after signing breaks the signature.
    const tampered = note.replace('\n7\n', '\n8\n');
    await expect(openSignedCheckpoint(tampered, trusted)).rejects.toThrow(/does not verify/);
  });
});
