// The wallet's own check of the access log, trusting nothing the service says without proof: the log key pinned on
// first use (followed through rotation statements its holder signed), the checkpoint's Ed25519 signature under it, consistency with the last checkpoint this wallet verified
// (no rollback, no split view), and, per event, that its text and salt hash to a leaf included under that checkpoint.
// Pure functions over injected proof sources, so tests feed them forged inputs; storage lives in the state layer.
import { decodeBase64url } from '../../../shared/encoding/base64url.js';
import { ed25519KeyId, openSignedCheckpoint, parseVerifierKey, type Checkpoint, type TrustedKey } from '../../../shared/merkle/checkpoint.js';
import { eventCommitment, type AccessEventBody } from '../../../shared/merkle/event.js';
import { followKeyRotations, predecessorOf } from '../../../shared/merkle/key-rotation.js';
import { bytesEqual, leafHash, type Sha256 } from '../../../shared/merkle/hash.js';
import { verifyConsistency, verifyInclusion } from '../../../shared/merkle/verify.js';

/** Why the wallet raises an alarm; stable codes, explained by the catalogue (`activity.alarm.<code>`). */
export type LogAlarmCode =
  /** The log is signed by a key other than the one this wallet pinned, and no rotation signed by it leads there. */
  | 'log_key_changed'
  /** The checkpoint's signature does not verify under the pinned key (or the note is malformed). */
  | 'log_signature_invalid'
  /** The checkpoint names another log. */
  | 'log_origin_mismatch'
  /** The log is smaller than a checkpoint this wallet already verified. */
  | 'log_rollback'
  /** The new checkpoint does not extend the last verified one (a rewritten history or a split view). */
  | 'log_inconsistent'
  /** The event's text or salt no longer hash to the leaf the log holds: it was changed after it was logged. */
  | 'event_altered'
  /** The inclusion proof does not lead to the signed root. */
  | 'event_not_included'
  /** The text is unreadable or disagrees with the listing (id, kind, time). */
  | 'event_mismatch';

export class LogVerifyError extends Error {
  constructor(
    readonly code: LogAlarmCode,
    detail: string,
  ) {
    super(detail);
    this.name = 'LogVerifyError';
  }
}

/** One event as `GET /v1/me/access-events` lists it. */
export interface ListedEvent {
  eventId: string;
  leafIndex: number;
  kind: string;
  occurredAt: number;
  body: string;
  salt: string;
}

/** What the wallet keeps (in clear, public data) after a checkpoint passed every check. */
export interface TrustedCheckpoint {
  origin: string;
  size: number;
  /** base64 root hash */
  root: string;
  note: string;
  /** ms since the epoch */
  verifiedAt: number;
}

/** Where proofs come from (the service's public log API); base64 strings as served. */
export interface ProofSource {
  inclusion(index: number, size: number): Promise<{ leafHash: string; proof: string[] }>;
  consistency(first: number, second: number): Promise<{ proof: string[] }>;
}

export type EventCheck =
  | { state: 'verified'; checkpointSize: number }
  /** Appended after the checkpoint; checked once a checkpoint covers it. */
  | { state: 'pending' }
  | { state: 'failed'; code: LogAlarmCode }
  /** Not checked (the log itself failed, or the proof could not be fetched). */
  | { state: 'unchecked'; reason: 'log' | 'network' };

export const sha256: Sha256 = async (data) => new Uint8Array(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));

const alarm = (code: LogAlarmCode, detail: string): never => {
  throw new LogVerifyError(code, detail);
};

function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** The log key as a signed-note verifier, checked with WebCrypto Ed25519; its key id must match the key. */
export async function trustedLogKey(verifierKey: string): Promise<TrustedKey> {
  let parsed: ReturnType<typeof parseVerifierKey>;
  try {
    parsed = parseVerifierKey(verifierKey);
  } catch {
    return alarm('log_signature_invalid', 'the log key is malformed');
  }
  if ((await ed25519KeyId(sha256, parsed.keyName, parsed.publicKey)) !== parsed.keyId) {
    alarm('log_signature_invalid', 'the log key id does not match the key');
  }
  const key = await crypto.subtle.importKey('raw', parsed.publicKey as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
  return {
    keyName: parsed.keyName,
    keyId: parsed.keyId,
    verify: (message, signature) =>
      crypto.subtle.verify('Ed25519', key, signature as Uint8Array<ArrayBuffer>, message as Uint8Array<ArrayBuffer>),
  };
}

/** The key to pin now and the keys whose checkpoint signatures count. */
export interface PinnedKeys {
  pinned: string;
  trusted: string[];
}

/**
 * Trust on first use: the key served now is pinned when none is. Afterwards the served key must be the pinned one,
 * or be reached from it through rotation statements each signed by its old and its new key (a planned rotation:
 * the wallet re-pins without asking the citizen). Checkpoints count when signed by the served key or by the key it
 * replaced (an instance not yet restarted after a rotation still signs with that alone).
 */
export async function resolvePinnedKey(pinned: string | undefined, served: string, statements: readonly string[] = []): Promise<PinnedKeys> {
  const origin = (() => {
    try {
      return parseVerifierKey(served).keyName;
    } catch {
      return alarm('log_signature_invalid', 'the log key is malformed');
    }
  })();
  const keyOf = trustedLogKey;
  if (pinned !== undefined && pinned !== served) {
    try {
      await followKeyRotations({ origin, pinned, served, statements, keyOf });
    } catch {
      alarm('log_key_changed', 'the log is signed by another key, and no rotation signed by the pinned key leads to it');
    }
  }
  const before = await predecessorOf({ origin, served, statements, keyOf });
  return { pinned: served, trusted: before ? [before, served] : [served] };
}

/** Opens a signed checkpoint under the pinned key (or any of the keys given). */
export async function openCheckpoint(note: string, pinnedKey: string | readonly string[], origin?: string): Promise<Checkpoint> {
  const keys = await Promise.all((typeof pinnedKey === 'string' ? [pinnedKey] : pinnedKey).map(trustedLogKey));
  let checkpoint: Checkpoint;
  try {
    checkpoint = await openSignedCheckpoint(note, keys);
  } catch (error) {
    return alarm('log_signature_invalid', (error as Error).message);
  }
  if (origin !== undefined && checkpoint.origin !== origin) alarm('log_origin_mismatch', `checkpoint of ${checkpoint.origin}`);
  return checkpoint;
}

/** The new checkpoint must extend the last one this wallet verified: never smaller, same history (RFC 9162 §2.1.4). */
export async function checkConsistency(previous: TrustedCheckpoint | undefined, next: Checkpoint, source: ProofSource): Promise<void> {
  if (!previous) return;
  if (next.origin !== previous.origin) alarm('log_origin_mismatch', `was ${previous.origin}, now ${next.origin}`);
  if (next.size < previous.size) alarm('log_rollback', `the log shrank from ${previous.size} to ${next.size}`);
  const previousRoot = fromBase64(previous.root);
  if (next.size === previous.size) {
    if (!bytesEqual(previousRoot, next.root)) alarm('log_inconsistent', `two roots for size ${next.size}`);
    return;
  }
  const { proof } = await source.consistency(previous.size, next.size);
  const result = await verifyConsistency(sha256, {
    first: previous.size,
    second: next.size,
    firstRoot: previousRoot,
    secondRoot: next.root,
    proof: decodeProof(proof),
  });
  if (!result.ok) alarm('log_inconsistent', `size ${next.size} does not extend size ${previous.size} (${result.reason})`);
}

export function trusted(checkpoint: Checkpoint, note: string, now: number): TrustedCheckpoint {
  return { origin: checkpoint.origin, size: checkpoint.size, root: toBase64(checkpoint.root), note, verifiedAt: now };
}

/** Leaf hash of an event: SHA-256(0x00 || SHA-256(salt || UTF-8 text)). */
export async function eventLeafHash(body: string, salt: string): Promise<Uint8Array> {
  let saltBytes: Uint8Array;
  try {
    saltBytes = decodeBase64url(salt);
  } catch {
    return alarm('event_altered', 'the salt is not base64url');
  }
  return leafHash(sha256, await eventCommitment(sha256, saltBytes, body));
}

/** The committed text, parsed; it must be the event the listing says it is. */
export function parseEventBody(event: ListedEvent): AccessEventBody {
  let body: AccessEventBody;
  try {
    body = JSON.parse(event.body) as AccessEventBody;
  } catch {
    return alarm('event_mismatch', 'the event text is not JSON');
  }
  if (body === null || typeof body !== 'object' || typeof body.agency?.name !== 'string') alarm('event_mismatch', 'the event text lacks its agency');
  if (body.eventId !== event.eventId || body.kind !== event.kind || body.occurredAt !== event.occurredAt) {
    alarm('event_mismatch', 'the event text disagrees with the listing');
  }
  return body;
}

/** One event against a verified checkpoint: its own leaf hash, then the inclusion proof to the signed root. */
export async function checkEvent(event: ListedEvent, checkpoint: Checkpoint, source: ProofSource): Promise<EventCheck> {
  parseEventBody(event);
  if (!Number.isSafeInteger(event.leafIndex) || event.leafIndex < 0) alarm('event_mismatch', 'bad leaf index');
  if (event.leafIndex >= checkpoint.size) return { state: 'pending' };
  const ours = await eventLeafHash(event.body, event.salt);
  const served = await source.inclusion(event.leafIndex, checkpoint.size);
  const result = await verifyInclusion(sha256, {
    leafHash: ours,
    index: event.leafIndex,
    size: checkpoint.size,
    proof: decodeProof(served.proof),
    root: checkpoint.root,
  });
  if (result.ok) return { state: 'verified', checkpointSize: checkpoint.size };
  // The service's own leaf hash only sharpens the explanation; the verdict never depends on it.
  const servedLeaf = safeBase64(served.leafHash);
  if (servedLeaf && !bytesEqual(servedLeaf, ours)) alarm('event_altered', 'the text or salt does not hash to the logged leaf');
  return alarm('event_not_included', `inclusion proof failed (${result.reason})`);
}

export interface ListingInput {
  events: ListedEvent[];
  checkpointNote: string;
  /** The key `GET /v1/log` serves, its rotation statements, and its origin. */
  servedKey: string;
  keyRotations?: readonly string[];
  origin?: string;
  pinnedKey: string | undefined;
  previous: TrustedCheckpoint | undefined;
  source: ProofSource;
  now: number;
}

export type ListingResult =
  | { ok: true; pinnedKey: string; checkpoint: TrustedCheckpoint; checks: Map<string, EventCheck> }
  | { ok: false; code: LogAlarmCode; checks: Map<string, EventCheck> };

/**
 * Everything the "verified" mark rests on, in order: pinned key, checkpoint signature, consistency with the last
 * verified checkpoint, then each event. A log-level failure leaves every event unchecked; a proof that cannot be
 * fetched leaves that event unchecked (network), never verified. Other errors (e.g. a network failure fetching the
 * consistency proof) propagate.
 */
export async function verifyListing(input: ListingInput): Promise<ListingResult> {
  const unchecked = () => new Map(input.events.map((e) => [e.eventId, { state: 'unchecked', reason: 'log' } as EventCheck]));
  let checkpoint: Checkpoint;
  let pinnedKey: string;
  try {
    const keys = await resolvePinnedKey(input.pinnedKey, input.servedKey, input.keyRotations);
    pinnedKey = keys.pinned;
    checkpoint = await openCheckpoint(input.checkpointNote, keys.trusted, input.origin);
    await checkConsistency(input.previous, checkpoint, input.source);
  } catch (error) {
    if (error instanceof LogVerifyError) return { ok: false, code: error.code, checks: unchecked() };
    throw error;
  }
  const checks = new Map<string, EventCheck>();
  await Promise.all(
    input.events.map(async (event) => {
      let check: EventCheck;
      try {
        check = await checkEvent(event, checkpoint, input.source);
      } catch (error) {
        check = error instanceof LogVerifyError ? { state: 'failed', code: error.code } : { state: 'unchecked', reason: 'network' };
      }
      checks.set(event.eventId, check);
    }),
  );
  return { ok: true, pinnedKey, checkpoint: trusted(checkpoint, input.checkpointNote, input.now), checks };
}

function decodeProof(proof: string[]): Uint8Array[] {
  return proof.map((p) => safeBase64(p) ?? new Uint8Array(0));
}

function safeBase64(text: string): Uint8Array | undefined {
  try {
    return fromBase64(text);
  } catch {
    return undefined;
  }
}
