// Token Status List encoding against the draft's vectors (small and 2^20-entry lists), plus packing round trips.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadVector } from '../../test/support/vectors.js';
import { StatusList, type StatusBits } from './status-list.js';

interface StatusListVector {
  bits: StatusBits;
  lst: string;
  size: number;
  expected: Record<string, number>;
  uncompressed_hex?: string;
  compressed_hex?: string;
}

const load = (name: string) => loadVector(`status-list/${name}.json`) as StatusListVector;
/** Index of the first differing byte, or -1 (vitest's deep equality is slow on megabyte arrays). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

describe('status list vectors', () => {
  for (const name of ['small-1bit', 'small-2bit', 'long-1bit', 'long-2bit', 'long-4bit', 'long-8bit']) {
    it(`${name}: every listed index matches and every other index is 0`, () => {
      const vector = load(name);
      const list = StatusList.decode({ bits: vector.bits, lst: vector.lst });
      expect(list.bytes.length).toBe((vector.size * vector.bits) / 8);
      expect(list.size).toBe(vector.size);
      if (vector.uncompressed_hex) expect(toHex(list.bytes)).toBe(vector.uncompressed_hex);
      const expected = new Map(Object.entries(vector.expected).map(([index, status]) => [Number(index), status]));
      for (const [index, status] of expected) expect(list.get(index), `index ${index}`).toBe(status);
      // "Every other index is 0": the whole array equals one built from the listed entries alone.
      const model = StatusList.create(vector.size, vector.bits);
      for (const [index, status] of expected) model.set(index, status);
      expect(firstDifference(list.bytes, model.bytes)).toBe(-1);
      // Re-compressing may give other bytes; compare after inflating.
      expect(firstDifference(StatusList.decode(list.encode()).bytes, list.bytes)).toBe(-1);
    });
  }
});

describe('StatusList', () => {
  it('packs LSB first: set/get round-trips for every width and leaves neighbours alone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<StatusBits>(1, 2, 4, 8),
        fc.array(fc.tuple(fc.nat(255), fc.nat(255)), { maxLength: 50 }),
        (bits, writes) => {
          const list = StatusList.create(256, bits);
          const model = new Array<number>(256).fill(0);
          for (const [index, raw] of writes) {
            const status = raw & ((1 << bits) - 1);
            list.set(index, status);
            model[index] = status;
          }
          const decoded = StatusList.decode(list.encode());
          for (let i = 0; i < 256; i++) expect(decoded.get(i)).toBe(model[i]);
        },
      ),
    );
  });

  it('reproduces the draft example bytes for the 2-bit list', () => {
    const list = StatusList.create(12, 2);
    [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3].forEach((status, index) => list.set(index, status));
    expect(toHex(list.bytes)).toBe('c944f9');
  });

  it('refuses bad sizes, widths, indices, values and undecodable lst', () => {
    expect(() => StatusList.create(3, 1)).toThrow(TypeError);
    expect(() => StatusList.create(8, 3 as StatusBits)).toThrow(TypeError);
    const list = StatusList.create(8, 1);
    expect(() => list.get(8)).toThrow(RangeError);
    expect(() => list.get(-1)).toThrow(RangeError);
    expect(() => list.set(0, 2)).toThrow(RangeError);
    expect(() => StatusList.decode({ bits: 1, lst: 'not-zlib' })).toThrow(SyntaxError);
    expect(() => StatusList.decode({ bits: 1, lst: '!!' })).toThrow(SyntaxError);
  });
});
