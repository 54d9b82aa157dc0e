// Account backups repository: one opaque sealed blob per account, replaced only by a writer that saw the current version.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface AccountBackupRecord {
  accountId: string;
  /** 1 for the first backup, one more on every replacement. */
  version: number;
  /** The wallet's ciphertext; the service cannot open it. */
  sealed: Uint8Array;
  updatedAt: number;
}

export interface AccountBackupsRepository {
  get(accountId: string): Promise<AccountBackupRecord | undefined>;
  /**
   * Stores `sealed` as version `expectedVersion + 1` when the stored version is `expectedVersion` (0: none stored yet).
   * Returns the stored record, or the current version when another writer got there first.
   */
  put(accountId: string, expectedVersion: number, backup: { sealed: Uint8Array; updatedAt: number }): Promise<AccountBackupRecord | { conflict: number }>;
  /** Removes the account's backup; false when it had none. */
  delete(accountId: string): Promise<boolean>;
}

const toBytes = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function accountBackupsRepository(db: Kysely<Database>): AccountBackupsRepository {
  const currentVersion = async (accountId: string) =>
    Number((await db.selectFrom('account_backups').select('version').where('account_id', '=', accountId).executeTakeFirst())?.version ?? 0);
  return {
    async get(accountId) {
      const row = await db.selectFrom('account_backups').selectAll().where('account_id', '=', accountId).executeTakeFirst();
      return row ? { accountId: row.account_id, version: Number(row.version), sealed: toBytes(row.sealed), updatedAt: Number(row.updated_at) } : undefined;
    },
    async put(accountId, expectedVersion, backup) {
      const version = expectedVersion + 1;
      const written =
        expectedVersion === 0
          ? (await db
              .insertInto('account_backups')
              .values({ account_id: accountId, version, sealed: backup.sealed, updated_at: backup.updatedAt })
              .onConflict((oc) => oc.column('account_id').doNothing())
              .executeTakeFirst()).numInsertedOrUpdatedRows
          : (await db
              .updateTable('account_backups')
              .set({ version, sealed: backup.sealed, updated_at: backup.updatedAt })
              .where('account_id', '=', accountId)
              .where('version', '=', expectedVersion)
              .executeTakeFirst()).numUpdatedRows;
      if (Number(written ?? 0) > 0) return { accountId, version, sealed: backup.sealed, updatedAt: backup.updatedAt };
      return { conflict: await currentVersion(accountId) };
    },
    async delete(accountId) {
      const result = await db.deleteFrom('account_backups').where('account_id', '=', accountId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
