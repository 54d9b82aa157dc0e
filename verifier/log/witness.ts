// Witnessing the log: check each new checkpoint's signature and its consistency with the last one seen, and report
// a rollback (the log got smaller) or a split view (two different trees for what should be one history).
import { createHash, createPublicKey, verify } from 'node:crypto';
import { openSignedCheckpoint, parseVerifierKey } from '../../shared/merkle/checkpoint.js';
import { verifyConsistency } from '../../shared/merkle/verify.js';

const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());

export interface WitnessState {
  verifierKey: string;
  size: number;
  /** base64 root hash */
  root: string;
  checkedAt: string;
}

export type WitnessOutcome =
  | { status: 'first_seen'; size: number; root: string }
  | { status: 'unchanged'; size: number }
  | { status: 'consistent'; from: number; to: number }
  | { status: 'rollback'; from: number; to: number }
  | { status: 'split_view'; size: number; detail: string }
  | { status: 'key_changed'; expected: string; served: string }
  | { status: 'bad_signature'; detail: string };

export interface WitnessOptions {
  baseUrl: string;
  /** The pinned verifier key; when absent the first key seen is pinned (trust on first use). */
  expectedKey?: string;
  previous?: WitnessState;
  fetch?: (url: string) => Promise<Response>;
  now?: () => Date;
}

function ed25519Verifier(publicKey: Uint8Array) {
  // SPKI prefix for a raw Ed25519 public key (RFC 8410).
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKey)]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return (message: Uint8Array, signature: Uint8Array) => verify(null, message, key, signature);
}

async function getJson<T>(fetchFn: (url: string) => Promise<Response>, url: string): Promise<T> {
  const res = await fetchFn(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as T;
}

export async function witnessOnce(options: WitnessOptions): Promise<{ outcome: WitnessOutcome; state?: WitnessState }> {
  const fetchFn = options.fetch ?? ((u: string) => fetch(u));
  const base = options.baseUrl.replace(/\/+$/, '');
  const info = await getJson<{ checkpoint: string; verifierKey: string }>(fetchFn, `${base}/v1/log`);
  const pinned = options.expectedKey ?? options.previous?.verifierKey ?? info.verifierKey;
  if (info.verifierKey !== pinned) return { outcome: { status: 'key_changed', expected: pinned, served: info.verifierKey } };
  const key = parseVerifierKey(pinned);
  let checkpoint;
  try {
    checkpoint = await openSignedCheckpoint(info.checkpoint, [{ keyName: key.keyName, keyId: key.keyId, verify: ed25519Verifier(key.publicKey) }]);
  } catch (error) {
    return { outcome: { status: 'bad_signature', detail: (error as Error).message } };
  }
  const root = Buffer.from(checkpoint.root).toString('base64');
  const state: WitnessState = { verifierKey: pinned, size: checkpoint.size, root, checkedAt: (options.now?.() ?? new Date()).toISOString() };
  const prev = options.previous;
  if (!prev) return { outcome: { status: 'first_seen', size: checkpoint.size, root }, state };
  if (checkpoint.size < prev.size) return { outcome: { status: 'rollback', from: prev.size, to: checkpoint.size } };
  if (checkpoint.size === prev.size) {
    if (root !== prev.root) return { outcome: { status: 'split_view', size: prev.size, detail: 'same size, different root' } };
    return { outcome: { status: 'unchanged', size: prev.size }, state: { ...state } };
  }
  const proof = await getJson<{ proof: string[] }>(fetchFn, `${base}/v1/log/proofs/consistency?first=${prev.size}&second=${checkpoint.size}`);
  const result = await verifyConsistency(sha256, {
    first: prev.size,
    second: checkpoint.size,
    firstRoot: new Uint8Array(Buffer.from(prev.root, 'base64')),
    secondRoot: checkpoint.root,
    proof: proof.proof.map((p) => new Uint8Array(Buffer.from(p, 'base64'))),
  });
  if (!result.ok) {
    return { outcome: { status: 'split_view', size: checkpoint.size, detail: `not consistent with size ${prev.size} (${result.reason})` } };
  }
  return { outcome: { status: 'consistent', from: prev.size, to: checkpoint.size }, state };
}
