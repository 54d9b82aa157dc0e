// Migration 0036: which passkey (device) opened a session and was signed in when a holder key was bound, so "I lost my
// phone" can end that device's sessions and suspend the credentials it received. Rows from before stay null: an
// unknown device (verifier/accounts/lost-device.ts says how those are treated).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('passkey_id', 'text').execute();
  await db.schema.alterTable('holder_bindings').addColumn('passkey_id', 'text').execute();
  await db.schema.createIndex('holder_bindings_passkey').on('holder_bindings').columns(['account_id', 'passkey_id']).execute();
}
