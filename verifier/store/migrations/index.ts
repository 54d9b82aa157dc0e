// The ordered list of forward-only migrations, written with Kysely's schema builder so both engines run the same ones.
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './0001_settings.js';

const migrations: Record<string, Migration> = {
  '0001_settings': m0001,
};

const provider: MigrationProvider = {
  getMigrations: async () => migrations,
};

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Applies every pending migration in order. There are no down migrations: fixes ship as new migrations. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: false });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`Database migration ${failed} failed`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export const migrationNames = Object.keys(migrations);
