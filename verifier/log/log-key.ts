// The log's Ed25519 checkpoint key: created once, kept sealed under the KEK in settings, loaded at start; rotated on
// the operator's command with a statement signed by the old and the new key (shared/merkle/key-rotation.ts).
// setIfAbsent makes creation safe when several instances start at once: they all end up with the first key written.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { ed25519KeyId, formatVerifierKey } from '../../shared/merkle/checkpoint.js';
import { signKeyRotation } from '../../shared/merkle/key-rotation.js';
import type { Sealer } from '../registry/sealer.js';
import type { Store } from '../store/types.js';
import type { CheckpointSigner } from './transparency-log.js';

const SETTING = 'log.signing_key';
/** The key before the last rotation: it co-signs checkpoints until the operator finishes the rotation. */
const PREVIOUS = 'log.previous_signing_key';
/** Rotation statements, oldest first (JSON array of signed notes): public, served with GET /v1/log. */
const ROTATIONS = 'log.key_rotations';
const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());

export interface LogKey {
  /** The current key's signer. */
  signer: CheckpointSigner;
  /** Who signs each checkpoint: the current key, and during a rotation the previous one too. */
  signers: CheckpointSigner[];
  publicKey: Uint8Array;
  /** name+hexid+base64 key string for witnesses and wallets (C2SP signed-note verifier key). */
  verifierKey: string;
  /** Signed rotation statements, oldest first: how a client that pinned an older key reaches this one. */
  rotations: string[];
}

interface LoadedKey {
  signer: CheckpointSigner;
  publicKey: Uint8Array;
  verifierKey: string;
  pkcs8: string;
}

type Settings = Store['settings'];

// The row's identity is the AAD; the key name is not, so moving the service to another URL keeps its key.
async function loadKey(settings: Settings, sealer: Sealer, row: string, keyName: string): Promise<LoadedKey | undefined> {
  const sealed = await settings.get(row);
  if (!sealed) return undefined;
  const pkcs8 = sealer.open('log-key', row, sealed);
  const privateKey = createPrivateKey({ key: Buffer.from(pkcs8, 'base64'), format: 'der', type: 'pkcs8' });
  const publicKey = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32));
  const keyId = await ed25519KeyId(sha256, keyName, publicKey);
  return {
    signer: { keyName, keyId, sign: (message) => new Uint8Array(sign(null, message, privateKey)) },
    publicKey,
    verifierKey: await formatVerifierKey(sha256, keyName, publicKey),
    pkcs8,
  };
}

const newPkcs8 = () => generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');

async function rotations(settings: Settings): Promise<string[]> {
  const raw = await settings.get(ROTATIONS);
  return raw ? (JSON.parse(raw) as string[]) : [];
}

export async function loadOrCreateLogKey(options: { store: Store; sealer: Sealer; keyName: string }): Promise<LogKey> {
  const { store, sealer, keyName } = options;
  if (!(await store.settings.get(SETTING))) await store.settings.setIfAbsent(SETTING, sealer.seal('log-key', SETTING, newPkcs8()));
  const current = (await loadKey(store.settings, sealer, SETTING, keyName))!;
  const previous = await loadKey(store.settings, sealer, PREVIOUS, keyName);
  return {
    signer: current.signer,
    signers: previous ? [current.signer, previous.signer] : [current.signer],
    publicKey: current.publicKey,
    verifierKey: current.verifierKey,
    rotations: await rotations(store.settings),
  };
}

export interface RotatedLogKey {
  oldKey: string;
  newKey: string;
  statement: string;
}

/**
 * Planned rotation: a new current key, the old one kept as previous (it co-signs checkpoints, so clients that have
 * not yet followed the statement keep verifying), and a statement signed by both. Running instances pick the new
 * keys up when restarted. One rotation at a time: finish the last one first.
 */
export async function rotateLogKey(options: { store: Store; sealer: Sealer; keyName: string }): Promise<RotatedLogKey> {
  const { store, sealer, keyName } = options;
  return store.transaction(async (tx) => {
    if (await tx.settings.get(PREVIOUS)) throw new Error('a log key rotation is still in progress: finish it first (log finish-rotation)');
    const old = await loadKey(tx.settings, sealer, SETTING, keyName);
    if (!old) throw new Error('the log has no key yet: start the service once first');
    const pkcs8 = newPkcs8();
    await tx.settings.set(SETTING, sealer.seal('log-key', SETTING, pkcs8));
    await tx.settings.set(PREVIOUS, sealer.seal('log-key', PREVIOUS, old.pkcs8));
    const next = (await loadKey(tx.settings, sealer, SETTING, keyName))!;
    const statement = await signKeyRotation({ origin: keyName, oldKey: old.verifierKey, newKey: next.verifierKey }, old.signer, next.signer);
    await tx.settings.set(ROTATIONS, JSON.stringify([...(await rotations(tx.settings)), statement]));
    return { oldKey: old.verifierKey, newKey: next.verifierKey, statement };
  });
}

/** Ends the transition: the previous key stops co-signing (after a restart). False when no rotation was in progress. */
export async function finishLogKeyRotation(options: { store: Store }): Promise<boolean> {
  if (!(await options.store.settings.get(PREVIOUS))) return false;
  // Settings rows are never deleted; an empty value is "none".
  await options.store.settings.set(PREVIOUS, '');
  return true;
}

/** The log's origin line and key name: host and port of the public URL plus "/log", as C2SP recommends schema-less. */
export function logOrigin(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}/log`;
}
