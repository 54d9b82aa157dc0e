// Log key rotation statements: how a wallet or witness that pinned the log's Ed25519 key on first use moves to its
// successor without trusting anything new. A statement names the log, the old and the new verifier key, and is a
// C2SP signed note carrying two signatures: the old key vouches for its successor, the new key proves it is held.
// Following statements from the pinned key to the key the log now serves gives the chain of keys that have signed
// this log's checkpoints. This is for planned rotation; a stolen key could vouch for a thief's key, which only an
// out-of-band pin update can undo. Hand-written: a few lines of text on top of the signed-note code beside it.
import { openNoteSignedByAll, signNote, type NoteSigner, type TrustedKey } from './checkpoint.js';
import { CheckpointFormatError } from './checkpoint.js';

const HEADER = 'sahih log key rotation v1';

export interface KeyRotation {
  /** The log's origin line, as in its checkpoints. */
  origin: string;
  oldKey: string;
  newKey: string;
}

export function formatKeyRotation(r: KeyRotation): string {
  for (const v of [r.origin, r.oldKey, r.newKey]) {
    if (!v || /[\s]/.test(v)) throw new CheckpointFormatError('rotation fields must be single words');
  }
  return `${HEADER}\norigin ${r.origin}\nold ${r.oldKey}\nnew ${r.newKey}\n`;
}

export function parseKeyRotation(text: string): KeyRotation {
  const m = /^sahih log key rotation v1\norigin (\S+)\nold (\S+)\nnew (\S+)\n$/.exec(text);
  if (!m) throw new CheckpointFormatError('not a log key rotation statement');
  return { origin: m[1]!, oldKey: m[2]!, newKey: m[3]! };
}

/** The statement, signed by the old key and then the new one. */
export function signKeyRotation(r: KeyRotation, oldSigner: NoteSigner, newSigner: NoteSigner): Promise<string> {
  return signNote(formatKeyRotation(r), [oldSigner, newSigner]);
}

export type TrustedKeyOf = (verifierKey: string) => Promise<TrustedKey>;

/** Most rotations a client follows in one go (a log rotating more often than this is not one to follow blindly). */
const MAX_STEPS = 32;

/**
 * The keys from `pinned` to `served`, oldest first, each step a statement signed by both its keys and naming this
 * log. `[pinned]` when the key did not change. Throws CheckpointFormatError when no such chain exists.
 */
export async function followKeyRotations(options: {
  origin: string;
  pinned: string;
  served: string;
  statements: readonly string[];
  keyOf: TrustedKeyOf;
}): Promise<string[]> {
  const chain = [options.pinned];
  let current = options.pinned;
  for (let step = 0; current !== options.served; step++) {
    if (step >= MAX_STEPS) throw new CheckpointFormatError('too many key rotations');
    const next = await nextKey(options, current);
    if (chain.includes(next)) throw new CheckpointFormatError('key rotations go round in a circle');
    chain.push(next);
    current = next;
  }
  return chain;
}

/**
 * The key `served` replaced, when a statement signed by both says so: during a rotation an instance not yet
 * restarted still signs with it alone, so a client already on the new key keeps accepting its checkpoints.
 */
export async function predecessorOf(options: { origin: string; served: string; statements: readonly string[]; keyOf: TrustedKeyOf }): Promise<string | undefined> {
  for (const note of options.statements) {
    let claimed: KeyRotation;
    try {
      claimed = parseKeyRotation(note.slice(0, note.lastIndexOf('\n\n') + 1));
    } catch {
      continue;
    }
    if (claimed.newKey !== options.served || claimed.origin !== options.origin) continue;
    try {
      await openNoteSignedByAll(note, [await options.keyOf(claimed.oldKey), await options.keyOf(claimed.newKey)]);
      return claimed.oldKey;
    } catch {
      continue;
    }
  }
  return undefined;
}

async function nextKey(options: { origin: string; statements: readonly string[]; keyOf: TrustedKeyOf }, from: string): Promise<string> {
  for (const note of options.statements) {
    const text = note.slice(0, note.lastIndexOf('\n\n') + 1);
    let claimed: KeyRotation;
    try {
      claimed = parseKeyRotation(text);
    } catch {
      continue;
    }
    if (claimed.oldKey !== from || claimed.origin !== options.origin) continue;
    // Both signatures must verify: the old key vouches, the new key proves possession.
    await openNoteSignedByAll(note, [await options.keyOf(claimed.oldKey), await options.keyOf(claimed.newKey)]);
    return claimed.newKey;
  }
  throw new CheckpointFormatError(`no rotation statement signed by the pinned key ${from.split('+')[1] ?? from}`);
}
