// Recording an access to a citizen's data: the event text is committed into the transparency log and stored with
// its salt in one durable transaction, and the caller gets a receipt it can check against a signed checkpoint.
import { createHash } from 'node:crypto';
import type { AccessEventBody } from '../../shared/merkle/event.js';
import { eventCommitment } from '../../shared/merkle/event.js';
import type { TransparencyLog } from '../log/transparency-log.js';
import { randomBytesFromPool } from '../crypto/random-pool.js';
import { eventId } from './event-id.js';
import type { Store } from '../store/types.js';

type TxStore = Parameters<Parameters<Store['transaction']>[0]>[0];

const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

export interface Receipt {
  eventId: string;
  leafIndex: number;
  /** base64 RFC 9162 leaf hash */
  leafHash: string;
  /** The signed checkpoint (C2SP note) the proof is against. */
  checkpoint: string;
  treeSize: number;
  /** base64 audit path, leaf side first */
  inclusionProof: string[];
}

export interface RecordedEvent {
  /** The exact committed text: the citizen and the agency get this, not a re-serialisation. */
  body: string;
  /** base64url */
  salt: string;
  receipt: Receipt;
}

export type NewAccessEvent = Omit<AccessEventBody, 'v' | 'eventId' | 'occurredAt'> & {
  /** The citizen the event is about (indexed for their view, never part of the committed text). */
  accountId: string | null;
  /** The agency's own case or customer number: kept beside the event for the agency's listings, never committed. */
  agencyRef?: string | null | undefined;
};

/** Fixed key order, so the text reads the same for every event and nothing depends on object construction. */
function serialise(body: AccessEventBody): string {
  const ordered: Record<string, unknown> = {
    v: body.v,
    eventId: body.eventId,
    kind: body.kind,
    occurredAt: body.occurredAt,
    agency: { id: body.agency.id, name: body.agency.name },
    subject: body.subject,
  };
  for (const key of ['purpose', 'legalBasis', 'dataItems', 'consentRecordId', 'requestId', 'details'] as const) {
    if (body[key] !== undefined) ordered[key] = body[key];
  }
  return JSON.stringify(ordered);
}

export async function recordAccessEvent(
  deps: { log: TransparencyLog; now: () => number },
  event: NewAccessEvent,
  options: { write?: (tx: TxStore, leafIndex: number, eventId: string) => Promise<void> } = {},
): Promise<RecordedEvent> {
  const { accountId, agencyRef, ...rest } = event;
  const now = deps.now();
  const body: AccessEventBody = { v: 1, eventId: eventId(now), occurredAt: Math.floor(now / 1000), ...rest };
  const text = serialise(body);
  const salt = randomBytesFromPool(16);
  const saltText = Buffer.from(salt.buffer, salt.byteOffset, salt.byteLength).toString('base64url');
  const leafData = await eventCommitment(sha256, salt, text);
  const appended = await deps.log.append({
    leafData,
    withProof: true,
    // The event row goes in with the batch's other events (one multi-row insert); the caller's own rows after it.
    event: {
      id: body.eventId,
      accountId,
      agencyId: body.agency.id,
      kind: body.kind,
      purposeCode: body.purpose?.code ?? null,
      occurredAt: body.occurredAt,
      salt: saltText,
      body: text,
      agencyRef: agencyRef ?? null,
    },
    ...(options.write ? { write: (tx: TxStore, leafIndex: number) => options.write!(tx, leafIndex, body.eventId) } : {}),
  });
  const receipt = receiptOf(body.eventId, appended.index, appended.leafHash, appended.checkpoint, appended.inclusionProof!);
  return { body: text, salt: saltText, receipt };
}

/** A receipt for an already-logged leaf against the newest checkpoint covering it. */
export async function receiptFor(log: TransparencyLog, eventId: string, index: number): Promise<Receipt> {
  const cp = await log.checkpoint(index + 1);
  return receiptOf(eventId, index, await log.leafHashAt(index), cp, await log.inclusionProof(index, cp.size));
}

function receiptOf(eventId: string, leafIndex: number, leafHash: Uint8Array, checkpoint: { note: string; size: number }, proof: Uint8Array[]): Receipt {
  return { eventId, leafIndex, leafHash: b64(leafHash), checkpoint: checkpoint.note, treeSize: checkpoint.size, inclusionProof: proof.map(b64) };
}
