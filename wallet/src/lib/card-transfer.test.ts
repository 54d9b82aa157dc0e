// The card-transfer file and its key: only the expected shape is read, the key is imported non-extractable and must
// be the card's own.
import { describe, expect, it } from 'vitest';
import { importHolderKey, readTransfer } from './card-transfer.js';

const pair = async () => {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', keys.privateKey);
  return { jwk, publicJwk: { kty: 'EC' as const, crv: 'P-256' as const, x: jwk.x!, y: jwk.y! } };
};

const codeOf = async (run: () => unknown) => {
  try {
    await run();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'no error';
};

describe('readTransfer', () => {
  it('reads the card and keeps only the key members it needs', async () => {
    const { jwk } = await pair();
    const read = readTransfer(JSON.stringify({ credential: 'a.b.c~d~', key: { ...jwk, kid: 'k', extra: 1 } }));
    expect(read.credential).toBe('a.b.c~d~');
    expect(Object.keys(read.key).sort()).toEqual(['crv', 'd', 'kty', 'x', 'y']);
  });

  it('drops a key-binding tail the other wallet may have kept', async () => {
    const { jwk } = await pair();
    expect(readTransfer(JSON.stringify({ credential: 'a.b.c~d~kb.jwt.sig', key: jwk })).credential).toBe('a.b.c~d~');
  });

  it('refuses anything else as card_file_invalid', async () => {
    const { jwk, publicJwk } = await pair();
    for (const text of ['not json', 'null', '[]', JSON.stringify({ credential: 'a.b.c', key: jwk }), JSON.stringify({ credential: 'a~', key: publicJwk }), JSON.stringify({ credential: 'a~', key: { ...jwk, crv: 'P-384' } })]) {
      expect(await codeOf(() => readTransfer(text))).toBe('card_file_invalid');
    }
  });
});

describe('importHolderKey', () => {
  it('imports the card\u2019s key as a non-extractable signing key', async () => {
    const { jwk, publicJwk } = await pair();
    const key = await importHolderKey(readTransfer(JSON.stringify({ credential: 'a~', key: jwk })).key, publicJwk);
    expect([key.type, key.extractable, key.usages]).toEqual(['private', false, ['sign']]);
  });

  it('refuses another key, or a private scalar that does not match the named point, as card_key_mismatch', async () => {
    const mine = await pair();
    const other = await pair();
    expect(await codeOf(() => importHolderKey(other.jwk, mine.publicJwk))).toBe('card_key_mismatch');
    expect(await codeOf(() => importHolderKey({ ...other.jwk, x: mine.jwk.x, y: mine.jwk.y }, mine.publicJwk))).toBe('card_key_mismatch');
  });
});
