// Settings repository: service-wide key/value state, portable SQL for both engines.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { SettingsRepository } from '../types.js';

export function settingsRepository(db: Kysely<Database>, now: () => number): SettingsRepository {
  return {
    async get(key) {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },
    async set(key, value) {
      await db
        .insertInto('settings')
        .values({ key, value, updated_at: now() })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now() }))
        .execute();
    },
    async setIfAbsent(key, value) {
      const result = await db
        .insertInto('settings')
        .values({ key, value, updated_at: now() })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
  };
}
