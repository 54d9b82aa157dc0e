// Accounts and their passkeys: portable Kysely queries for both engines.
import type { Kysely, Selectable } from 'kysely';
import type { Database, PasskeysTable } from '../schema.js';
import type { AccountsRepository, PasskeyRecord } from '../types.js';

function toPasskey(row: Selectable<PasskeysTable>): PasskeyRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    credentialId: row.credential_id,
    publicKey: row.public_key,
    counter: Number(row.counter),
    transports: JSON.parse(row.transports) as string[],
    deviceType: row.device_type === 'multiDevice' ? 'multiDevice' : 'singleDevice',
    backupEligible: Number(row.backup_eligible) === 1,
    backedUp: Number(row.backed_up) === 1,
    aaguid: row.aaguid,
    name: row.name,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  };
}

function passkeyRow(p: PasskeyRecord): Selectable<PasskeysTable> {
  return {
    id: p.id,
    account_id: p.accountId,
    credential_id: p.credentialId,
    public_key: p.publicKey,
    counter: p.counter,
    transports: JSON.stringify(p.transports),
    device_type: p.deviceType,
    backup_eligible: p.backupEligible ? 1 : 0,
    backed_up: p.backedUp ? 1 : 0,
    aaguid: p.aaguid,
    name: p.name,
    created_at: p.createdAt,
    last_used_at: p.lastUsedAt,
  };
}

export function accountsRepository(db: Kysely<Database>): AccountsRepository {
  return {
    async create(account, firstPasskey) {
      const insert = async (trx: Kysely<Database>) => {
        await trx
          .insertInto('accounts')
          .values({ id: account.id, user_handle: account.userHandle, display_name: account.displayName, created_at: account.createdAt })
          .execute();
        await trx.insertInto('passkeys').values(passkeyRow(firstPasskey)).execute();
      };
      // Inside Store.transaction the caller's transaction already makes this atomic.
      if (db.isTransaction) await insert(db);
      else await db.transaction().execute(insert);
    },
    async get(id) {
      const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { id: row.id, userHandle: row.user_handle, displayName: row.display_name, createdAt: Number(row.created_at) };
    },
    async addPasskey(passkey) {
      await db.insertInto('passkeys').values(passkeyRow(passkey)).execute();
    },
    async passkeyByCredentialId(credentialId) {
      const row = await db.selectFrom('passkeys').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
      return row && toPasskey(row);
    },
    async listPasskeys(accountId) {
      const rows = await db
        .selectFrom('passkeys')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toPasskey);
    },
    async recordPasskeyUse(id, use) {
      await db
        .updateTable('passkeys')
        .set({ counter: use.counter, backed_up: use.backedUp ? 1 : 0, last_used_at: use.usedAt })
        .where('id', '=', id)
        .execute();
    },
    async renamePasskey(accountId, id, name) {
      const result = await db.updateTable('passkeys').set({ name }).where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async removePasskey(accountId, id) {
      // One statement, so "at least one remains" holds without a read-then-write race on SQLite. (On PostgreSQL two
      // concurrent removals of different passkeys under READ COMMITTED could both pass; the PG store serialises them.)
      const result = await db
        .deleteFrom('passkeys')
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .where((eb) =>
          eb(
            eb.selectFrom('passkeys as others').select((e) => e.fn.countAll<number>().as('n')).where('others.account_id', '=', accountId),
            '>',
            1,
          ),
        )
        .executeTakeFirst();
      if (Number(result.numDeletedRows) > 0) return 'removed';
      const exists = await db.selectFrom('passkeys').select('id').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
      return exists ? 'last' : 'not_found';
    },
  };
}
