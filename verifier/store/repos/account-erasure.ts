// Erasing a citizen account (UU PDP): every row that names the account, its passkeys or its holder keys, in every
// table that can hold one. Kept in one place so the list of tables is reviewed together; the route test enumerates
// the database's own table list and proves nothing is left.
//
// What stays, and why: the log's leaves, nodes and checkpoints (salted commitments that identify no one, and which
// witnesses and every other citizen's proofs depend on); issued_credentials rows (the issuer's status entries, which
// status lists encode) with the holder-key thumbprint replaced; presentation requests (the agency's, naming no one).
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** What names the account: found by keysOf, completed by the caller with keyed hashes only it can compute. */
export interface ErasurePlan {
  accountId: string;
  /** Holder-key thumbprints (RFC 7638) bound to the account or named by its consents. */
  thumbprints: string[];
  /** Keyed hashes of those keys (events and receipts of keys no account held yet), and those the account claimed. */
  holderRefs: string[];
}

export interface ErasureCounts {
  passkeys: number;
  sessions: number;
  consents: number;
  accessEvents: number;
  webhookDeliveries: number;
}

/** Written over issued_credentials.holder_jkt: the column is NOT NULL and the entry must stay for the status list. */
export const ERASED_HOLDER = 'erased';

export interface AccountErasureRepository {
  /** The holder keys and holder refs the account is known by. */
  keysOf(accountId: string): Promise<{ thumbprints: string[]; holderRefs: string[] }>;
  /** Deletes (or for issued credentials, unlinks) every row naming the plan's account, keys or refs. Call in a transaction. */
  erase(plan: ErasurePlan): Promise<ErasureCounts>;
}

const count = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
/** A `like` pattern matching the value anywhere in a text column (ids are base64url/uuid: no wildcard characters). */
const anywhere = (v: string) => `%${v}%`;

export function accountErasureRepository(db: Kysely<Database>): AccountErasureRepository {
  return {
    async keysOf(accountId) {
      const bound = await db.selectFrom('holder_bindings').select('thumbprint').where('account_id', '=', accountId).execute();
      const consented = await db.selectFrom('consents').select('holder_thumbprint').distinct().where('account_id', '=', accountId).execute();
      const claimed = await db.selectFrom('holder_key_claims').select('holder_ref').where('account_id', '=', accountId).execute();
      return {
        thumbprints: [...new Set([...bound.map((r) => r.thumbprint), ...consented.map((r) => r.holder_thumbprint)])],
        holderRefs: claimed.map((r) => r.holder_ref),
      };
    },

    async erase(plan) {
      const { accountId } = plan;
      const account = await db.selectFrom('accounts').select('user_handle').where('id', '=', accountId).executeTakeFirst();
      // `in ()` is not SQL: an empty list becomes one value no key or ref can be.
      const keys = plan.thumbprints.length ? plan.thumbprints : [''];
      const refs = plan.holderRefs.length ? plan.holderRefs : [''];

      // The access-event texts and salts (the rows); the leaves they committed to stay in log_leaves.
      const refEvents = db.selectFrom('holder_key_events').select('event_id').where('holder_ref', 'in', refs);
      const accessEvents = count(
        await db
          .deleteFrom('access_events')
          .where((eb) => eb.or([eb('account_id', '=', accountId), eb('id', 'in', refEvents)]))
          .executeTakeFirst(),
      );
      await db.deleteFrom('holder_key_events').where('holder_ref', 'in', refs).execute();
      await db.deleteFrom('consent_receipts').where('holder_ref', 'in', refs).execute();
      await db.deleteFrom('holder_key_claims').where((eb) => eb.or([eb('account_id', '=', accountId), eb('holder_ref', 'in', refs)])).execute();
      await db.deleteFrom('holder_key_challenges').where('account_id', '=', accountId).execute();

      const consentIds = db.selectFrom('consents').select('id').where('account_id', '=', accountId);
      await db.deleteFrom('consent_changes').where('consent_id', 'in', consentIds).execute();
      await db.deleteFrom('consent_pins').where('consent_id', 'in', consentIds).execute();
      const consents = count(await db.deleteFrom('consents').where('account_id', '=', accountId).executeTakeFirst());

      // Earlier notices carried a holder-key thumbprint (consent changes); the caller has queued account.deleted.
      let webhookDeliveries = 0;
      for (const key of plan.thumbprints) {
        webhookDeliveries += count(await db.deleteFrom('webhook_deliveries').where('payload', 'like', anywhere(key)).executeTakeFirst());
      }

      await db.updateTable('issued_credentials').set({ holder_jkt: ERASED_HOLDER }).where('holder_jkt', 'in', keys).execute();
      await db.deleteFrom('holder_bindings').where('account_id', '=', accountId).execute();
      await db.deleteFrom('subject_bindings').where('account_id', '=', accountId).execute();
      await db.deleteFrom('account_backups').where('account_id', '=', accountId).execute();
      await db.deleteFrom('reissue_requests').where('account_id', '=', accountId).execute();
      await db.deleteFrom('rights_requests').where('account_id', '=', accountId).execute();
      await db.deleteFrom('feedback').where('account_id', '=', accountId).execute();
      await db.deleteFrom('inbox_reads').where('account_id', '=', accountId).execute();
      const sessions = count(await db.deleteFrom('sessions').where('account_id', '=', accountId).executeTakeFirst());
      await db
        .deleteFrom('webauthn_challenges')
        .where((eb) => (account ? eb.or([eb('account_id', '=', accountId), eb('user_handle', '=', account.user_handle)]) : eb('account_id', '=', accountId)))
        .execute();
      const passkeys = count(await db.deleteFrom('passkeys').where('account_id', '=', accountId).executeTakeFirst());
      await db.deleteFrom('accounts').where('id', '=', accountId).execute();
      // PostgreSQL only (migration 0024): the account's write budget, keyed `<class>:<account id>`.
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await sql`delete from rate_limit_counters where key like ${`%:${accountId}`}`.execute(db);
      }
      return { passkeys, sessions, consents, accessEvents, webhookDeliveries };
    },
  };
}
