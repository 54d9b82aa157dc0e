// Witnessing the log: check each new checkpoint's signature and its consistency with the last one seen, and report
// a rollback (the log got smaller) or a split view (two different trees for what should be one history).
import { createHash, createPublicKey, verify } from 'node:crypto';
import { CheckpointFormatError, ed25519KeyId, openSignedCheckpoint, parseVerifierKey, type TrustedKey } from '../../shared/merkle/checkpoint.js';
import { followKeyRotations, predecessorOf } from '../../shared/merkle/key-rotation.js';
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

/** A verifier key as a signed-note key checked with node:crypto. */
export async function nodeTrustedKey(verifierKey: string): Promise<TrustedKey> {
  const key = parseVerifierKey(verifierKey);
  if ((await ed25519KeyId(sha256, key.keyName, key.publicKey)) !== key.keyId) throw new CheckpointFormatError('the key id does not match the key');
  return { keyName: key.keyName, keyId: key.keyId, verify: ed25519Verifier(key.publicKey) };
}

/**
 * The pinned key, or the key it has been rotated to through statements signed by old and new key (planned
 * rotation), and the keys whose checkpoint signatures count: the served key and the one it replaced (an instance not
 * yet restarted after a rotation signs with that alone). Undefined when the served key cannot be reached.
 */
export async function pinnedKeys(pinned: string, served: string, statements: readonly string[]): Promise<{ pinned: string; trusted: string[] } | undefined> {
  try {
    const origin = parseVerifierKey(pinned).keyName;
    await followKeyRotations({ origin, pinned, served, statements, keyOf: nodeTrustedKey });
    const before = await predecessorOf({ origin, served, statements, keyOf: nodeTrustedKey });
    return { pinned: served, trusted: before ? [before, served] : [served] };
  } catch {
    return undefined;
  }
}

export async function witnessOnce(options: WitnessOptions): Promise<{ outcome: WitnessOutcome; state?: WitnessState; rotatedFrom?: string }> {
  const fetchFn = options.fetch ?? ((u: string) => fetch(u));
  const base = options.baseUrl.replace(/\/+$/, '');
  const info = await getJson<{ checkpoint: string; verifierKey: string; keyRotations?: string[] }>(fetchFn, `${base}/v1/log`);
  const pinned = options.expectedKey ?? options.previous?.verifierKey ?? info.verifierKey;
  const keys = await pinnedKeys(pinned, info.verifierKey, info.keyRotations ?? []);
  if (!keys) return { outcome: { status: 'key_changed', expected: pinned, served: info.verifierKey } };
  let checkpoint;
  try {
    checkpoint = await openSignedCheckpoint(info.checkpoint, await Promise.all(keys.trusted.map(nodeTrustedKey)));
  } catch (error) {
    return { outcome: { status: 'bad_signature', detail: (error as Error).message } };
  }
  const root = Buffer.from(checkpoint.root).toString('base64');
  const rotation = keys.pinned === pinned ? {} : { rotatedFrom: pinned };
  const state: WitnessState = { verifierKey: keys.pinned, size: checkpoint.size, root, checkedAt: (options.now?.() ?? new Date()).toISOString() };
  const prev = options.previous;
  if (!prev) return { outcome: { status: 'first_seen', size: checkpoint.size, root }, state, ...rotation };
  if (checkpoint.size < prev.size) return { outcome: { status: 'rollback', from: prev.size, to: checkpoint.size } };
  if (checkpoint.size === prev.size) {
    if (root !== prev.root) return { outcome: { status: 'split_view', size: prev.size, detail: 'same size, different root' } };
    return { outcome: { status: 'unchanged', size: prev.size }, state: { ...state }, ...rotation };
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
  return { outcome: { status: 'consistent', from: prev.size, to: checkpoint.size }, state, ...rotation };
}
