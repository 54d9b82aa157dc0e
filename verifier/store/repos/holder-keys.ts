// Holder keys no account held when they were used: their access events under the key's holder_ref (a keyed hash of
// its thumbprint, so the table names no key), the citizen's proof of possession that later attaches those events to
// their account, the one-time challenges of that proof, and the consent receipts kept for such presentations.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface ConsentReceiptRecord {
  id: string;
  requestId: string;
  agencyId: string;
  kind: 'holder_signed' | 'verifier_receipt';
  holderRef: string;
  /** holder_signed: the compact JWS; verifier_receipt: the receipt's JSON. */
  record: string;
  createdAt: number;
}

export interface HolderKeysRepository {
  recordEvent(eventId: string, holderRef: string, at: number): Promise<void>;
  /** Claims the key for the account; false when another account already claimed it (nothing changes then). */
  claim(holderRef: string, accountId: string, proofJws: string, at: number): Promise<boolean>;
  claimantOf(holderRef: string): Promise<string | undefined>;
  /** Gives the account every unattributed event logged under the key; returns how many. */
  attachEvents(holderRef: string, accountId: string): Promise<number>;
  putChallenge(challenge: string, accountId: string, expiresAt: number): Promise<void>;
  /** Deletes the challenge and says whether it was the account's and unexpired; at most one caller wins. */
  consumeChallenge(challenge: string, accountId: string, now: number): Promise<boolean>;
  insertReceipt(receipt: ConsentReceiptRecord): Promise<void>;
  receipt(id: string): Promise<ConsentReceiptRecord | undefined>;
}

export function holderKeysRepository(db: Kysely<Database>): HolderKeysRepository {
  return {
    async recordEvent(eventId, holderRef, at) {
      await db.insertInto('holder_key_events').values({ event_id: eventId, holder_ref: holderRef, created_at: at }).execute();
    },
    async claim(holderRef, accountId, proofJws, at) {
      await db
        .insertInto('holder_key_claims')
        .values({ holder_ref: holderRef, account_id: accountId, proof_jws: proofJws, claimed_at: at })
        .onConflict((oc) => oc.column('holder_ref').doNothing())
        .execute();
      return (await this.claimantOf(holderRef)) === accountId;
    },
    async claimantOf(holderRef) {
      const row = await db.selectFrom('holder_key_claims').select('account_id').where('holder_ref', '=', holderRef).executeTakeFirst();
      return row?.account_id;
    },
    async attachEvents(holderRef, accountId) {
      const result = await db
        .updateTable('access_events')
        .set({ account_id: accountId })
        .where('account_id', 'is', null)
        .where('id', 'in', db.selectFrom('holder_key_events').select('event_id').where('holder_ref', '=', holderRef))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async putChallenge(challenge, accountId, expiresAt) {
      await db.insertInto('holder_key_challenges').values({ challenge, account_id: accountId, expires_at: expiresAt }).execute();
    },
    async consumeChallenge(challenge, accountId, now) {
      const row = await db.selectFrom('holder_key_challenges').selectAll().where('challenge', '=', challenge).executeTakeFirst();
      if (!row) return false;
      const deleted = await db.deleteFrom('holder_key_challenges').where('challenge', '=', challenge).executeTakeFirst();
      return Number(deleted.numDeletedRows) === 1 && row.account_id === accountId && Number(row.expires_at) > now;
    },
    async insertReceipt(r) {
      await db
        .insertInto('consent_receipts')
        .values({ id: r.id, request_id: r.requestId, agency_id: r.agencyId, kind: r.kind, holder_ref: r.holderRef, record: r.record, created_at: r.createdAt })
        .execute();
    },
    async receipt(id) {
      const row = await db.selectFrom('consent_receipts').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      return { id: row.id, requestId: row.request_id, agencyId: row.agency_id, kind: row.kind as ConsentReceiptRecord['kind'], holderRef: row.holder_ref, record: row.record, createdAt: Number(row.created_at) };
    },
  };
}
