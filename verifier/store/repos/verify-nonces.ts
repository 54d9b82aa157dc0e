// Nonces used with POST /v1/verify, per agency and hashed: claimed in the same transaction as the access event, so a
// verification is logged exactly when its nonce is spent.
import type { Kysely } from 'kysely';
import { compiledOnce } from '../compiled-once.js';
import type { Database } from '../schema.js';

export interface VerifyNoncesRepository {
  /** Whether the agency has already spent this nonce. */
  used(agencyId: string, nonceHash: string): Promise<boolean>;
  /** Spends the nonce; false when it was already spent (nothing changes then). */
  claim(agencyId: string, nonceHash: string, createdAt: number, expiresAt: number): Promise<boolean>;
  /** Forgets up to `limit` nonces whose replay the KB-JWT age limit already refuses; returns how many. */
  purgeExpired(now: number, limit: number): Promise<number>;
}

// Every direct verification runs both: compiled once (see compiled-once.ts).
const selectUsed = compiledOnce((db: Kysely<Database>, agencyId: string, nonceHash: string) =>
  db.selectFrom('verify_nonces').select('created_at').where('agency_id', '=', agencyId).where('nonce_hash', '=', nonceHash),
);
const insertClaim = compiledOnce((db: Kysely<Database>, agencyId: string, nonceHash: string, createdAt: number, expiresAt: number) =>
  db
    .insertInto('verify_nonces')
    .values({ agency_id: agencyId, nonce_hash: nonceHash, created_at: createdAt, expires_at: expiresAt })
    .onConflict((oc) => oc.columns(['agency_id', 'nonce_hash']).doNothing()),
);

export function verifyNoncesRepository(db: Kysely<Database>): VerifyNoncesRepository {
  return {
    async used(agencyId, nonceHash) {
      return (await selectUsed(db, agencyId, nonceHash)).rows.length > 0;
    },
    async claim(agencyId, nonceHash, createdAt, expiresAt) {
      return Number((await insertClaim(db, agencyId, nonceHash, createdAt, expiresAt)).numAffectedRows ?? 0n) === 1;
    },
    async purgeExpired(now, limit) {
      // A bounded batch: at thousands of verifications a second a minute's worth is a six-figure row count, and one
      // DELETE of all of it would hold the writer (and, on SQLite, the event loop) for a long moment.
      const result = await db
        .deleteFrom('verify_nonces')
        .where((eb) =>
          eb(
            eb.refTuple('agency_id', 'nonce_hash'),
            'in',
            eb
              .selectFrom('verify_nonces')
              .select(['agency_id', 'nonce_hash'])
              .where('expires_at', '<=', now)
              .limit(limit)
              .$asTuple('agency_id', 'nonce_hash'),
          ),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
