// Strict base64url: one accepted spelling per byte string.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64url, decodeBase64urlText, encodeBase64url, utf8Encode } from './base64url.js';

describe('base64url', () => {
  it('round-trips any bytes and matches the platform encoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const encoded = encodeBase64url(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64url'));
        expect(decodeBase64url(encoded)).toEqual(bytes);
      }),
    );
  });

  it('decodes text, including non-ASCII, through the shared buffer', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 3000 }), (text) => {
        expect(decodeBase64urlText(encodeBase64url(utf8Encode(text)))).toBe(text);
      }),
    );
  });

  it('rejects padding, foreign characters, impossible lengths, non-canonical trailing bits and invalid UTF-8', () => {
    for (const bad of ['Zm9v=', 'Zm9v+', 'Zm9/', 'Z', 'Zm9vY', 'Zh', 'Zm9', 'Zm ', 'Zm\u00e9v']) {
      expect(() => decodeBase64url(bad), bad).toThrow(SyntaxError);
    }
    expect(decodeBase64url('Zg')).toEqual(new Uint8Array([0x66]));
    expect(() => decodeBase64urlText(encodeBase64url(new Uint8Array([0xc3, 0x28])))).toThrow(TypeError);
  });
});
