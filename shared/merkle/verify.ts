// RFC 9162 §2.1.3.2 and §2.1.4.2: verifying inclusion and consistency proofs, step for step as the RFC writes them.
import { bytesEqual, isPowerOfTwo, nodeHash, type Sha256 } from './hash.js';

export type ProofFailure =
  | 'index_out_of_range'
  | 'proof_too_long'
  | 'proof_too_short'
  | 'root_mismatch'
  | 'sizes_out_of_order'
  | 'empty_proof'
  | 'proof_not_empty';

export type ProofResult = { ok: true } | { ok: false; reason: ProofFailure };

const fail = (reason: ProofFailure): ProofResult => ({ ok: false, reason });

export interface InclusionInput {
  /** The leaf hash (already 0x00-prefixed and hashed). */
  leafHash: Uint8Array;
  index: number;
  size: number;
  proof: Uint8Array[];
  root: Uint8Array;
}

export async function verifyInclusion(sha256: Sha256, input: InclusionInput): Promise<ProofResult> {
  const { index, size, proof } = input;
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return fail('index_out_of_range');
  let fn = index;
  let sn = size - 1;
  let r = input.leafHash;
  for (const p of proof) {
    if (sn === 0) return fail('proof_too_long');
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(sha256, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(sha256, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return fail('proof_too_short');
  return bytesEqual(r, input.root) ? { ok: true } : fail('root_mismatch');
}

export interface ConsistencyInput {
  first: number;
  second: number;
  firstRoot: Uint8Array;
  secondRoot: Uint8Array;
  proof: Uint8Array[];
}

export async function verifyConsistency(sha256: Sha256, input: ConsistencyInput): Promise<ProofResult> {
  const { first, second } = input;
  if (!Number.isInteger(first) || !Number.isInteger(second) || first < 0 || first > second) return fail('sizes_out_of_order');
  if (first === second) {
    if (input.proof.length !== 0) return fail('proof_not_empty');
    return bytesEqual(input.firstRoot, input.secondRoot) ? { ok: true } : fail('root_mismatch');
  }
  // Every tree extends the empty tree; there is nothing to prove.
  if (first === 0) return input.proof.length === 0 ? { ok: true } : fail('proof_not_empty');
  if (input.proof.length === 0) return fail('empty_proof');

  const path = isPowerOfTwo(first) ? [input.firstRoot, ...input.proof] : [...input.proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return fail('proof_too_long');
    if (fn % 2 === 1 || fn === sn) {
      fr = await nodeHash(sha256, c, fr);
      sr = await nodeHash(sha256, c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = await nodeHash(sha256, sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return fail('proof_too_short');
  if (!bytesEqual(fr, input.firstRoot) || !bytesEqual(sr, input.secondRoot)) return fail('root_mismatch');
  return { ok: true };
}
