// Holder-key bindings: RFC 7638 thumbprint of a credential's holder key -> the citizen account that received it.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface HolderBindingsRepository {
  /** Binds once; a key already bound keeps its first account (returns false). */
  bind(thumbprint: string, accountId: string, createdAt: number): Promise<boolean>;
  accountFor(thumbprint: string): Promise<string | undefined>;
}

export function holderBindingsRepository(db: Kysely<Database>): HolderBindingsRepository {
  return {
    async bind(thumbprint, accountId, createdAt) {
      const r = await db
        .insertInto('holder_bindings')
        .values({ thumbprint, account_id: accountId, created_at: createdAt })
        .onConflict((oc) => oc.column('thumbprint').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async accountFor(thumbprint) {
      const row = await db.selectFrom('holder_bindings').select('account_id').where('thumbprint', '=', thumbprint).executeTakeFirst();
      return row?.account_id;
    },
  };
}
