// RFC 9162 proofs for every tree size up to 64 and every pair of sizes, checked against a reference written here
// from the RFC's own definitions (MTH, PATH, PROOF) and its verification pseudocode, independent of the module.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leafHash, type Sha256 } from './hash.js';
import { consistencyProof, inclusionProof, subtreeHashFromNodes } from './proof.js';
import { verifyConsistency, verifyInclusion } from './verify.js';

const sha256: Sha256 = (d) => new Uint8Array(createHash('sha256').update(d).digest());
const H = (...parts: (number[] | Uint8Array)[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(Uint8Array.from(p));
  return new Uint8Array(h.digest());
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const MAX = 64;
const data = Array.from({ length: MAX }, (_, i) => new TextEncoder().encode(`event-${i}`));

// ---- Reference, straight from RFC 9162 §2.1.1-§2.1.4 ----
function k(n: number) {
  let x = 1;
  while (x * 2 < n) x *= 2;
  return x;
}
function refMTH(d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return H([]);
  if (d.length === 1) return H([0], d[0]!);
  const s = k(d.length);
  return H([1], refMTH(d.slice(0, s)), refMTH(d.slice(s)));
}
function refPATH(m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length === 1) return [];
  const s = k(d.length);
  return m < s ? [...refPATH(m, d.slice(0, s)), refMTH(d.slice(s))] : [...refPATH(m - s, d.slice(s)), refMTH(d.slice(0, s))];
}
function refSUBPROOF(m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [refMTH(d)];
  const s = k(d.length);
  return m <= s
    ? [...refSUBPROOF(m, d.slice(0, s), b), refMTH(d.slice(s))]
    : [...refSUBPROOF(m - s, d.slice(s), false), refMTH(d.slice(0, s))];
}
// §2.1.3.2, with BigInt shifts as the RFC's "right-shift" reads.
function refVerifyInclusion(index: number, size: number, leaf: Uint8Array, path: Uint8Array[], root: Uint8Array): boolean {
  if (index >= size) return false;
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = H([1], p, r);
      if ((fn & 1n) === 0n) while (!((fn & 1n) === 1n || fn === 0n)) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = H([1], r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && hex(r) === hex(root);
}
// §2.1.4.2
function refVerifyConsistency(first: number, second: number, h1: Uint8Array, h2: Uint8Array, proof: Uint8Array[]): boolean {
  if (proof.length === 0) return false;
  const path = Number.isInteger(Math.log2(first)) ? [h1, ...proof] : [...proof];
  let fn = BigInt(first - 1);
  let sn = BigInt(second - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = H([1], c, fr);
      sr = H([1], c, sr);
      if ((fn & 1n) === 0n) while (!((fn & 1n) === 1n || fn === 0n)) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = H([1], sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return hex(fr) === hex(h1) && hex(sr) === hex(h2) && sn === 0n;
}

// ---- The module under test reads perfect nodes from a table, as the service reads them from storage ----
async function nodeTable(leaves: Uint8Array[]) {
  const levels: Uint8Array[][] = [await Promise.all(leaves.map((l) => leafHash(sha256, l)))];
  while (levels.at(-1)!.length > 1) {
    const prev = levels.at(-1)!;
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < prev.length; i += 2) next.push(H([1], prev[i]!, prev[i + 1]!));
    levels.push(next);
  }
  return subtreeHashFromNodes(sha256, async (level, index) => {
    const h = levels[level]?.[index];
    if (!h) throw new Error(`no node ${level}/${index}`);
    return h;
  });
}

const flip = (b: Uint8Array) => {
  const c = b.slice();
  c[0] = c[0]! ^ 0x01;
  return c;
};

describe('RFC 9162 Merkle tree', () => {
  it('hashes leaves and nodes with the 0x00 / 0x01 prefixes and matches MTH for every size 1..64', async () => {
    expect(hex(await leafHash(sha256, data[0]!))).toBe(hex(H([0], data[0]!)));
    for (let n = 1; n <= MAX; n++) {
      const mth = await nodeTable(data.slice(0, n));
      expect(hex(await mth(0, n)), `size ${n}`).toBe(hex(refMTH(data.slice(0, n))));
    }
  });

  it('produces PATH for every leaf of every size, accepted by both verifiers', async () => {
    for (let n = 1; n <= MAX; n++) {
      const d = data.slice(0, n);
      const mth = await nodeTable(d);
      const root = refMTH(d);
      for (let m = 0; m < n; m++) {
        const proof = await inclusionProof(m, n, mth);
        expect(proof.map(hex), `PATH(${m}, ${n})`).toEqual(refPATH(m, d).map(hex));
        const leaf = H([0], d[m]!);
        expect(refVerifyInclusion(m, n, leaf, proof, root)).toBe(true);
        expect(await verifyInclusion(sha256, { leafHash: leaf, index: m, size: n, proof, root })).toEqual({ ok: true });
      }
    }
  });

  it('produces PROOF for every pair of sizes, accepted by both verifiers', async () => {
    for (let n = 1; n <= MAX; n++) {
      const d = data.slice(0, n);
      const mth = await nodeTable(d);
      const h2 = refMTH(d);
      for (let m = 1; m <= n; m++) {
        const h1 = refMTH(data.slice(0, m));
        const proof = await consistencyProof(m, n, mth);
        const expected = m === n ? [] : refSUBPROOF(m, d, true);
        expect(proof.map(hex), `PROOF(${m}, ${n})`).toEqual(expected.map(hex));
        if (m < n) expect(refVerifyConsistency(m, n, h1, h2, proof)).toBe(true);
        expect(await verifyConsistency(sha256, { first: m, second: n, firstRoot: h1, secondRoot: h2, proof })).toEqual({ ok: true });
      }
    }
  });

  it('rejects tampered inclusion proofs, wrong indices and wrong sizes', async () => {
    for (const n of [2, 3, 7, 8, 13, 33, 64]) {
      const d = data.slice(0, n);
      const mth = await nodeTable(d);
      const root = refMTH(d);
      for (let m = 0; m < n; m++) {
        const proof = await inclusionProof(m, n, mth);
        const leaf = H([0], d[m]!);
        for (let i = 0; i < proof.length; i++) {
          const bad = proof.map((p, j) => (j === i ? flip(p) : p));
          expect((await verifyInclusion(sha256, { leafHash: leaf, index: m, size: n, proof: bad, root })).ok).toBe(false);
          expect(refVerifyInclusion(m, n, leaf, bad, root)).toBe(false);
        }
        expect((await verifyInclusion(sha256, { leafHash: flip(leaf), index: m, size: n, proof, root })).ok).toBe(false);
        expect((await verifyInclusion(sha256, { leafHash: leaf, index: (m + 1) % n, size: n, proof, root })).ok).toBe(m === (m + 1) % n);
        // A proof for size n does not prove inclusion in the tree of size n+1 (the size is bound through its root).
        if (n < MAX) {
          const nextRoot = refMTH(data.slice(0, n + 1));
          expect((await verifyInclusion(sha256, { leafHash: leaf, index: m, size: n + 1, proof, root: nextRoot })).ok).toBe(false);
        }
        expect((await verifyInclusion(sha256, { leafHash: leaf, index: n, size: n, proof, root })).ok).toBe(false);
        expect((await verifyInclusion(sha256, { leafHash: leaf, index: m, size: n, proof: [...proof, root], root })).ok).toBe(false);
      }
    }
  });

  it('rejects tampered consistency proofs, swapped sizes and a rewritten past leaf', async () => {
    for (const [m, n] of [
      [1, 2], [2, 3], [3, 7], [4, 8], [5, 13], [8, 33], [31, 63], [62, 63],
    ] as const) {
      const d = data.slice(0, n);
      const mth = await nodeTable(d);
      const h1 = refMTH(data.slice(0, m));
      const h2 = refMTH(d);
      const proof = await consistencyProof(m, n, mth);
      for (let i = 0; i < proof.length; i++) {
        const bad = proof.map((p, j) => (j === i ? flip(p) : p));
        expect((await verifyConsistency(sha256, { first: m, second: n, firstRoot: h1, secondRoot: h2, proof: bad })).ok).toBe(false);
      }
      expect((await verifyConsistency(sha256, { first: n, second: m, firstRoot: h2, secondRoot: h1, proof })).ok).toBe(false);
      const nextRoot = refMTH(data.slice(0, n + 1));
      expect((await verifyConsistency(sha256, { first: m, second: n + 1, firstRoot: h1, secondRoot: nextRoot, proof })).ok).toBe(false);
      expect((await verifyConsistency(sha256, { first: m, second: n, firstRoot: h1, secondRoot: h2, proof: [] })).ok).toBe(false);
      // The operator rewrites an old event: the new tree cannot be proven consistent with the old checkpoint.
      const rewritten = d.slice();
      rewritten[0] = new TextEncoder().encode('event-0 (edited)');
      const mthRewritten = await nodeTable(rewritten);
      const forged = await consistencyProof(m, n, mthRewritten);
      const r = await verifyConsistency(sha256, { first: m, second: n, firstRoot: h1, secondRoot: refMTH(rewritten), proof: forged });
      expect(r).toEqual({ ok: false, reason: 'root_mismatch' });
    }
  });

  it('refuses to build proofs for impossible positions', async () => {
    const mth = await nodeTable(data.slice(0, 4));
    await expect(inclusionProof(4, 4, mth)).rejects.toThrow(RangeError);
    await expect(consistencyProof(5, 4, mth)).rejects.toThrow(RangeError);
  });
});
