// The ordered list of forward-only migrations, written with Kysely's schema builder so both engines run the same ones.
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './0001_settings.js';
import * as m0008 from './0008_log.js';
import * as m0009 from './0009_access_events.js';
import * as m0010 from './0010_holder_bindings.js';
import * as m0014 from './0014_subject_bindings.js';
import * as m0015 from './0015_rights_requests.js';
import * as m0020 from './0020_access_event_stats.js';
import * as m0021 from './0021_registry_notify.js';
import * as m0022 from './0022_consent_latest_index.js';
import * as m0023 from './0023_verify_nonces.js';
import * as m0025 from './0025_external_issuers.js';
import * as m0026 from './0026_x509_clients.js';
import * as m0027 from './0027_unbound_holders.js';
import * as m0028 from './0028_account_backups.js';
import * as m0030 from './0030_reissue.js';
import * as m0035 from './0035_citizen_voice.js';
import * as m0040 from './0040_consent_review.js';
import * as m0036 from './0036_device_bindings.js';
import * as m0037 from './0037_purpose_signed_consent.js';
import * as m0029 from './0029_agency_refs.js';
import * as m0024 from './0024_rate_limit_counters.js';
import * as m0011 from './0011_presentations.js';
import * as m0016 from './0016_webhooks.js';
import * as m0017 from './0017_consent_control.js';
import * as m0002 from './0002_registry.js';
import * as m0003 from './0003_issuance.js';
import * as m0004 from './0004_status.js';
import * as m0005 from './0005_accounts.js';

const migrations: Record<string, Migration> = {
  '0001_settings': m0001,
  '0008_log': m0008,
  '0009_access_events': m0009,
  '0010_holder_bindings': m0010,
  '0014_subject_bindings': m0014,
  '0015_rights_requests': m0015,
  '0020_access_event_stats': m0020,
  '0021_registry_notify': m0021,
  '0022_consent_latest_index': m0022,
  '0023_verify_nonces': m0023,
  '0025_external_issuers': m0025,
  '0026_x509_clients': m0026,
  '0027_unbound_holders': m0027,
  '0028_account_backups': m0028,
  '0030_reissue': m0030,
  '0035_citizen_voice': m0035,
  '0040_consent_review': m0040,
  '0036_device_bindings': m0036,
  '0037_purpose_signed_consent': m0037,
  '0029_agency_refs': m0029,
  '0024_rate_limit_counters': m0024,
  '0011_presentations': m0011,
  '0016_webhooks': m0016,
  '0017_consent_control': m0017,
  '0002_registry': m0002,
  '0003_issuance': m0003,
  '0004_status': m0004,
  '0005_accounts': m0005,
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

/**
 * Applies every pending migration in name order. There are no down migrations: fixes ship as new migrations.
 * Features land in parallel, so a database may meet a lower-numbered migration after a higher one; each migration
 * touches only its own tables, which makes that safe.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`Database migration ${failed} failed`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export const migrationNames = Object.keys(migrations);
