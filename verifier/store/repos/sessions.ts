// Signed-in sessions, stored by the hash of the cookie value.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { SessionsRepository } from '../types.js';

export function sessionsRepository(db: Kysely<Database>): SessionsRepository {
  return {
    async create(s) {
      await db
        .insertInto('sessions')
        .values({
          id_hash: s.idHash,
          account_id: s.accountId,
          csrf_token: s.csrfToken,
          created_at: s.createdAt,
          last_seen_at: s.lastSeenAt,
          expires_at: s.expiresAt,
          passkey_id: s.passkeyId,
        })
        .execute();
    },
    async get(idHash) {
      const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      return (
        row && {
          idHash: row.id_hash,
          accountId: row.account_id,
          csrfToken: row.csrf_token,
          createdAt: Number(row.created_at),
          lastSeenAt: Number(row.last_seen_at),
          expiresAt: Number(row.expires_at),
          passkeyId: row.passkey_id,
        }
      );
    },
    async touch(idHash, lastSeenAt) {
      await db.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id_hash', '=', idHash).execute();
    },
    async delete(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
    async deleteForAccount(accountId) {
      const result = await db.deleteFrom('sessions').where('account_id', '=', accountId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteForPasskey(accountId, passkeyId, options) {
      const result = await db
        .deleteFrom('sessions')
        .where('account_id', '=', accountId)
        .where('id_hash', '!=', options.keep)
        .where((eb) => (options.unknownDevice ? eb.or([eb('passkey_id', '=', passkeyId), eb('passkey_id', 'is', null)]) : eb('passkey_id', '=', passkeyId)))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async purgeExpired(t, idleMs) {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', t), eb('last_seen_at', '<=', t - idleMs)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
