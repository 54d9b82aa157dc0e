// The log's Ed25519 checkpoint key: created once, kept sealed under the KEK in settings, loaded at start.
// setIfAbsent makes creation safe when several instances start at once: they all end up with the first key written.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { ed25519KeyId, formatVerifierKey } from '../../shared/merkle/checkpoint.js';
import type { Sealer } from '../registry/sealer.js';
import type { Store } from '../store/types.js';
import type { CheckpointSigner } from './transparency-log.js';

const SETTING = 'log.signing_key';
const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());

export interface LogKey {
  signer: CheckpointSigner;
  publicKey: Uint8Array;
  /** name+hexid+base64 key string for witnesses and wallets (C2SP signed-note verifier key). */
  verifierKey: string;
}

export async function loadOrCreateLogKey(options: { store: Store; sealer: Sealer; keyName: string }): Promise<LogKey> {
  const { store, sealer, keyName } = options;
  // The row's identity is the AAD; the key name is not, so moving the service to another URL keeps its key.
  const aad = SETTING;
  if (!(await store.settings.get(SETTING))) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    await store.settings.setIfAbsent(SETTING, sealer.seal('log-key', aad, pkcs8));
  }
  const sealed = (await store.settings.get(SETTING))!;
  const privateKey = createPrivateKey({ key: Buffer.from(sealer.open('log-key', aad, sealed), 'base64'), format: 'der', type: 'pkcs8' });
  const publicKey = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32));
  const keyId = await ed25519KeyId(sha256, keyName, publicKey);
  return {
    signer: { keyName, keyId, sign: (message) => new Uint8Array(sign(null, message, privateKey)) },
    publicKey,
    verifierKey: await formatVerifierKey(sha256, keyName, publicKey),
  };
}

/** The log's origin line and key name: host and port of the public URL plus "/log", as C2SP recommends schema-less. */
export function logOrigin(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}/log`;
}
