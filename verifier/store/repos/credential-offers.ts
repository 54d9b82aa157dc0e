// Credential offers repository: single-use transitions are conditional UPDATEs whose affected-row count decides.
import type { Kysely, Selectable } from 'kysely';
import type { CredentialOffersTable, Database } from '../schema.js';
import type { CredentialOfferRecord, CredentialOffersRepository } from '../types.js';

const nullableNumber = (v: number | null) => (v === null ? null : Number(v));

function toRecord(row: Selectable<CredentialOffersTable>): CredentialOfferRecord {
  return {
    id: row.id,
    agencyId: row.agency_id,
    credentialTypeId: row.credential_type_id,
    preAuthCodeHash: row.pre_auth_code_hash,
    txCodeHash: row.tx_code_hash,
    txCodeAttempts: Number(row.tx_code_attempts),
    claimsSealed: row.claims_sealed,
    credentialExpiresAt: Number(row.credential_expires_at),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    cancelledAt: nullableNumber(row.cancelled_at),
    redeemedAt: nullableNumber(row.redeemed_at),
    accessTokenHash: row.access_token_hash,
    accessTokenExpiresAt: nullableNumber(row.access_token_expires_at),
    issuedAt: nullableNumber(row.issued_at),
    ...(row.agency_ref === null ? {} : { agencyRef: row.agency_ref }),
  };
}

export function credentialOffersRepository(db: Kysely<Database>): CredentialOffersRepository {
  return {
    async create(o) {
      await db
        .insertInto('credential_offers')
        .values({
          id: o.id,
          agency_id: o.agencyId,
          credential_type_id: o.credentialTypeId,
          pre_auth_code_hash: o.preAuthCodeHash,
          tx_code_hash: o.txCodeHash,
          tx_code_attempts: o.txCodeAttempts,
          claims_sealed: o.claimsSealed,
          credential_expires_at: o.credentialExpiresAt,
          created_at: o.createdAt,
          expires_at: o.expiresAt,
          cancelled_at: o.cancelledAt,
          redeemed_at: o.redeemedAt,
          access_token_hash: o.accessTokenHash,
          access_token_expires_at: o.accessTokenExpiresAt,
          issued_at: o.issuedAt,
          agency_ref: o.agencyRef ?? null,
        })
        .execute();
    },
    async get(agencyId, id) {
      const row = await db
        .selectFrom('credential_offers')
        .selectAll()
        .where('id', '=', id)
        .where('agency_id', '=', agencyId)
        .executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async byPreAuthCodeHash(hash) {
      const row = await db.selectFrom('credential_offers').selectAll().where('pre_auth_code_hash', '=', hash).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async byAccessTokenHash(hash) {
      const row = await db.selectFrom('credential_offers').selectAll().where('access_token_hash', '=', hash).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async recordFailedTxCode(id, maxAttempts, at) {
      const updated = await db
        .updateTable('credential_offers')
        .set((eb) => ({ tx_code_attempts: eb('tx_code_attempts', '+', 1) }))
        .where('id', '=', id)
        .where('redeemed_at', 'is', null)
        .where('cancelled_at', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return 0;
      // Past the limit the offer is dead: cancel it and drop the sealed claims in the same statement.
      await db
        .updateTable('credential_offers')
        .set({ cancelled_at: at, claims_sealed: null })
        .where('id', '=', id)
        .where('tx_code_attempts', '>=', maxAttempts)
        .where('cancelled_at', 'is', null)
        .execute();
      const row = await db.selectFrom('credential_offers').select('tx_code_attempts').where('id', '=', id).executeTakeFirst();
      return Number(row?.tx_code_attempts ?? 0);
    },
    async redeem(id, accessTokenHash, accessTokenExpiresAt, at) {
      const result = await db
        .updateTable('credential_offers')
        .set({ redeemed_at: at, access_token_hash: accessTokenHash, access_token_expires_at: accessTokenExpiresAt })
        .where('id', '=', id)
        .where('redeemed_at', 'is', null)
        .where('cancelled_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async markIssued(id, at) {
      const result = await db
        .updateTable('credential_offers')
        .set({ issued_at: at, claims_sealed: null })
        .where('id', '=', id)
        .where('issued_at', 'is', null)
        .where('access_token_expires_at', '>', at)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async purgeStaleClaims(now) {
      const result = await db
        .updateTable('credential_offers')
        .set({ claims_sealed: null })
        .where('claims_sealed', 'is not', null)
        .where((eb) =>
          eb.or([
            eb('cancelled_at', 'is not', null),
            eb.and([eb('redeemed_at', 'is', null), eb('expires_at', '<=', now)]),
            eb.and([eb('redeemed_at', 'is not', null), eb('access_token_expires_at', '<=', now)]),
          ]),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
