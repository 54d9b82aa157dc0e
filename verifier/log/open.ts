// Opens the service's transparency log: loads (or creates) its sealed signing key and recovers the tree state.
import { createHash } from 'node:crypto';
import type { Sealer } from '../registry/sealer.js';
import type { Store } from '../store/types.js';
import { loadOrCreateLogKey, logOrigin } from './log-key.js';
import { TransparencyLog } from './transparency-log.js';

export interface OpenedLog {
  log: TransparencyLog;
  verifierKey: string;
  /** Signed log key rotation statements, oldest first. */
  keyRotations: string[];
}

const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());

export async function openTransparencyLog(options: { store: Store; sealer: Sealer; publicUrl: string; now?: () => number }): Promise<OpenedLog> {
  const origin = logOrigin(options.publicUrl);
  const key = await loadOrCreateLogKey({ store: options.store, sealer: options.sealer, keyName: origin });
  const log = new TransparencyLog({ store: options.store, sha256, origin, signer: key.signers, ...(options.now ? { now: options.now } : {}) });
  await log.init();
  return { log, verifierKey: key.verifierKey, keyRotations: key.rotations };
}
