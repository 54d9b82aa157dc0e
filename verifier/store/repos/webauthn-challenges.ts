// Single-use WebAuthn challenges: consumed by one DELETE ... RETURNING, so a replay finds nothing.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { ChallengePurpose, WebauthnChallengesRepository } from '../types.js';

export function webauthnChallengesRepository(db: Kysely<Database>): WebauthnChallengesRepository {
  return {
    async put(record) {
      await db
        .insertInto('webauthn_challenges')
        .values({
          challenge: record.challenge,
          purpose: record.purpose,
          account_id: record.accountId,
          user_handle: record.userHandle,
          display_name: record.displayName,
          expires_at: record.expiresAt,
        })
        .execute();
    },
    async consume(challenge, purpose, now) {
      // DELETE ... RETURNING is supported by SQLite (3.35+) and PostgreSQL; only one concurrent caller gets the row.
      const row = await db.deleteFrom('webauthn_challenges').where('challenge', '=', challenge).returningAll().executeTakeFirst();
      if (!row || row.purpose !== purpose || Number(row.expires_at) <= now) return undefined;
      return {
        challenge: row.challenge,
        purpose: row.purpose as ChallengePurpose,
        accountId: row.account_id,
        userHandle: row.user_handle,
        displayName: row.display_name,
        expiresAt: Number(row.expires_at),
      };
    },
    async purgeExpired(now) {
      const result = await db.deleteFrom('webauthn_challenges').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
