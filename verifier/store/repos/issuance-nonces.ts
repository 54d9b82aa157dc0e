// OpenID4VCI c_nonce repository: hashed, single-use, short-lived.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { IssuanceNoncesRepository } from '../types.js';

export function issuanceNoncesRepository(db: Kysely<Database>): IssuanceNoncesRepository {
  return {
    async put(nonceHash, createdAt, expiresAt) {
      await db.insertInto('issuance_nonces').values({ nonce_hash: nonceHash, created_at: createdAt, expires_at: expiresAt, used_at: null }).execute();
    },
    async consume(nonceHash, now) {
      const result = await db
        .updateTable('issuance_nonces')
        .set({ used_at: now })
        .where('nonce_hash', '=', nonceHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async purgeExpired(now) {
      const result = await db.deleteFrom('issuance_nonces').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
