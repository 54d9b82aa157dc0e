// Inbox read marks: the items themselves are derived (breach reports, consents to review), only "read" is stored.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface InboxReadsRepository {
  markRead(accountId: string, itemId: string, at: number): Promise<void>;
  readItemIds(accountId: string): Promise<Set<string>>;
}

export function inboxReadsRepository(db: Kysely<Database>): InboxReadsRepository {
  return {
    async markRead(accountId, itemId, at) {
      await db
        .insertInto('inbox_reads')
        .values({ account_id: accountId, item_id: itemId, read_at: at })
        .onConflict((oc) => oc.columns(['account_id', 'item_id']).doNothing())
        .execute();
    },
    async readItemIds(accountId) {
      const rows = await db.selectFrom('inbox_reads').select('item_id').where('account_id', '=', accountId).execute();
      return new Set(rows.map((r) => r.item_id));
    },
  };
}
