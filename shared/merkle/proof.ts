// RFC 9162 §2.1.3.1 and §2.1.4.1: inclusion and consistency proofs computed over any source of subtree hashes,
// so the service can answer from stored nodes without loading the tree into memory.
import { isPowerOfTwo, nodeHash, splitPoint, type Sha256 } from './hash.js';

/** MTH(D[start:end]): the hash of the subtree over leaves [start, end). */
export type SubtreeHash = (start: number, end: number) => Promise<Uint8Array>;

/** Hash of a perfect, aligned subtree: level L, index i covers leaves [i*2^L, (i+1)*2^L). Level 0 is the leaf hash. */
export type PerfectNode = (level: number, index: number) => Promise<Uint8Array>;


/**
 * Builds MTH over any range from stored perfect subtrees: an aligned power-of-two range is one stored node,
 * anything else splits at the RFC's k. At most O(log n) node reads per range.
 */
export function subtreeHashFromNodes(sha256: Sha256, node: PerfectNode): SubtreeHash {
  const mth = async (start: number, end: number): Promise<Uint8Array> => {
    const size = end - start;
    if (size <= 0) throw new RangeError('empty range has no subtree hash');
    if (isPowerOfTwo(size) && start % size === 0) return node(Math.log2(size), start / size);
    const k = splitPoint(size);
    return nodeHash(sha256, await mth(start, start + k), await mth(start + k, end));
  };
  return mth;
}

/** PATH(m, D[n]) — the audit path for leaf `index` in the tree of `size` leaves, leaf side first. */
export async function inclusionProof(index: number, size: number, mth: SubtreeHash): Promise<Uint8Array[]> {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) {
    throw new RangeError(`leaf index ${index} is outside a tree of size ${size}`);
  }
  const path: Uint8Array[] = [];
  const walk = async (m: number, start: number, end: number): Promise<void> => {
    const n = end - start;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      await walk(m, start, start + k);
      path.push(await mth(start + k, end));
    } else {
      await walk(m - k, start + k, end);
      path.push(await mth(start, start + k));
    }
  };
  await walk(index, 0, size);
  return path;
}

/** PROOF(m, D[n]) — proves the tree of size `first` is a prefix of the tree of size `second`. */
export async function consistencyProof(first: number, second: number, mth: SubtreeHash): Promise<Uint8Array[]> {
  if (!Number.isInteger(first) || !Number.isInteger(second) || first < 0 || first > second) {
    throw new RangeError(`no consistency proof from size ${first} to size ${second}`);
  }
  if (first === 0 || first === second) return [];
  const proof: Uint8Array[] = [];
  const sub = async (m: number, start: number, end: number, complete: boolean): Promise<void> => {
    const n = end - start;
    if (m === n) {
      if (!complete) proof.push(await mth(start, end));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      await sub(m, start, start + k, complete);
      proof.push(await mth(start + k, end));
    } else {
      await sub(m - k, start + k, end, false);
      proof.push(await mth(start, start + k));
    }
  };
  await sub(first, 0, second, true);
  return proof;
}
