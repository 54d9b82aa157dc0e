// Credential types repository: display names and claim definitions stored as JSON text (portable).
import type { Kysely, Selectable } from 'kysely';
import type { CredentialTypesTable, Database } from '../schema.js';
import type { CredentialTypeRecord, CredentialTypesRepository } from '../types.js';

function toRecord(row: Selectable<CredentialTypesTable>): CredentialTypeRecord {
  return {
    id: row.id,
    display: JSON.parse(row.display) as CredentialTypeRecord['display'],
    claims: JSON.parse(row.claims) as CredentialTypeRecord['claims'],
    defaultValidityDays: Number(row.default_validity_days),
    createdAt: Number(row.created_at),
  };
}

export function credentialTypesRepository(db: Kysely<Database>): CredentialTypesRepository {
  return {
    async create(t) {
      const result = await db
        .insertInto('credential_types')
        .values({
          id: t.id,
          display: JSON.stringify(t.display),
          claims: JSON.stringify(t.claims),
          default_validity_days: t.defaultValidityDays,
          created_at: t.createdAt,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async get(id) {
      const row = await db.selectFrom('credential_types').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async list() {
      return (await db.selectFrom('credential_types').selectAll().orderBy('id').execute()).map(toRecord);
    },
  };
}
