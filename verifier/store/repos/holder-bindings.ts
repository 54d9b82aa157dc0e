// Bindings to a citizen account: a credential's holder key (RFC 7638 thumbprint), and the keyed hash of the national
// ID number from an identity credential the account received.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface HolderBindingsRepository {
  /**
   * Binds once; a key already bound keeps its first account (returns false). `passkeyId`: the passkey of the session
   * it was bound under (the device holding the key), null when unknown.
   */
  bind(thumbprint: string, accountId: string, createdAt: number, passkeyId?: string | null): Promise<boolean>;
  accountFor(thumbprint: string): Promise<string | undefined>;
  /** Binds a subject reference (keyed hash of a national ID number) once; the first account keeps it. */
  bindSubject(subjectRef: string, accountId: string, createdAt: number): Promise<boolean>;
  accountForSubject(subjectRef: string): Promise<string | undefined>;
}

export function holderBindingsRepository(db: Kysely<Database>): HolderBindingsRepository {
  return {
    async bind(thumbprint, accountId, createdAt, passkeyId = null) {
      const r = await db
        .insertInto('holder_bindings')
        .values({ thumbprint, account_id: accountId, created_at: createdAt, passkey_id: passkeyId })
        .onConflict((oc) => oc.column('thumbprint').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async bindSubject(subjectRef, accountId, createdAt) {
      const r = await db
        .insertInto('subject_bindings')
        .values({ subject_ref: subjectRef, account_id: accountId, created_at: createdAt })
        .onConflict((oc) => oc.column('subject_ref').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async accountForSubject(subjectRef) {
      const row = await db.selectFrom('subject_bindings').select('account_id').where('subject_ref', '=', subjectRef).executeTakeFirst();
      return row?.account_id;
    },
    async accountFor(thumbprint) {
      const row = await db.selectFrom('holder_bindings').select('account_id').where('thumbprint', '=', thumbprint).executeTakeFirst();
      return row?.account_id;
    },
  };
}
