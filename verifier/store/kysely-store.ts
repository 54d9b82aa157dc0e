// Builds the Store from a Kysely instance; the engine-specific files only create the connection.
import { sql, type Kysely } from 'kysely';
import { accountsRepository } from './repos/accounts.js';
import { sessionsRepository } from './repos/sessions.js';
import { accessEventsRepository } from './repos/access-events.js';
import { holderBindingsRepository } from './repos/holder-bindings.js';
import { rightsRequestsRepository } from './repos/rights-requests.js';
import { accountBackupsRepository } from './repos/account-backups.js';
import { accountErasureRepository } from './repos/account-erasure.js';
import { reissueRepository } from './repos/reissue.js';
import { feedbackRepository } from './repos/feedback.js';
import { breachReportsRepository } from './repos/breaches.js';
import { inboxReadsRepository } from './repos/inbox.js';
import { consentReviewRepository } from './repos/consent-review.js';
import { consentsRepository } from './repos/consents.js';
import { agencyWebhooksRepository, webhookDeliveriesRepository } from './repos/webhooks.js';
import { presentationRequestsRepository } from './repos/presentation-requests.js';
import { verifyNoncesRepository } from './repos/verify-nonces.js';
import { externalCredentialTypesRepository, externalIssuersRepository, trustAnchorsRepository } from './repos/external-issuers.js';
import { x509Repository } from './repos/x509.js';
import { requestClientsRepository } from './repos/request-clients.js';
import { holderKeysRepository } from './repos/holder-keys.js';
import { logRepository } from './repos/log.js';
import { settingsRepository } from './repos/settings.js';
import { agenciesRepository } from './repos/agencies.js';
import { agencyKeysRepository } from './repos/agency-keys.js';
import { apiKeysRepository } from './repos/api-keys.js';
import { credentialOffersRepository } from './repos/credential-offers.js';
import { credentialTypesRepository } from './repos/credential-types.js';
import { issuanceNoncesRepository } from './repos/issuance-nonces.js';
import { issuedCredentialsRepository } from './repos/issued-credentials.js';
import { purposesRepository } from './repos/purposes.js';
import { statusListsRepository } from './repos/status-lists.js';
import { webauthnChallengesRepository } from './repos/webauthn-challenges.js';
import { withRegistryCache } from './registry-cache.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

export interface KyselyStoreOptions {
  db: Kysely<Database>;
  engine: Store['engine'];
  now?: () => number;
  onClose?: () => Promise<void>;
  /** Moves whenever another process may have changed registry rows; enables the registry cache. */
  externalVersion?: () => number;
}

function repositories(db: Kysely<Database>, now: () => number) {
  return {
    settings: settingsRepository(db, now),
    log: logRepository(db),
    accessEvents: accessEventsRepository(db),
    holderBindings: holderBindingsRepository(db),
    rightsRequests: rightsRequestsRepository(db),
    accountBackups: accountBackupsRepository(db),
    accountErasure: accountErasureRepository(db),
    reissue: reissueRepository(db),
    feedback: feedbackRepository(db),
    breachReports: breachReportsRepository(db),
    inboxReads: inboxReadsRepository(db),
    consentReview: consentReviewRepository(db),
    presentationRequests: presentationRequestsRepository(db),
    verifyNonces: verifyNoncesRepository(db),
    externalIssuers: externalIssuersRepository(db),
    externalCredentialTypes: externalCredentialTypesRepository(db),
    trustAnchors: trustAnchorsRepository(db),
    x509: x509Repository(db),
    requestClients: requestClientsRepository(db),
    holderKeys: holderKeysRepository(db),
    consents: consentsRepository(db),
    agencyWebhooks: agencyWebhooksRepository(db),
    webhookDeliveries: webhookDeliveriesRepository(db),
    agencies: agenciesRepository(db),
    agencyKeys: agencyKeysRepository(db),
    credentialTypes: credentialTypesRepository(db),
    purposes: purposesRepository(db),
    apiKeys: apiKeysRepository(db),
    credentialOffers: credentialOffersRepository(db),
    issuanceNonces: issuanceNoncesRepository(db),
    statusLists: statusListsRepository(db),
    issuedCredentials: issuedCredentialsRepository(db),
    accounts: accountsRepository(db),
    webauthnChallenges: webauthnChallengesRepository(db),
    sessions: sessionsRepository(db),
  };
}

export function createKyselyStore(options: KyselyStoreOptions): Store {
  const store = uncachedKyselyStore(options);
  return options.externalVersion ? withRegistryCache(store, { externalVersion: options.externalVersion }) : store;
}

function uncachedKyselyStore(options: KyselyStoreOptions): Store {
  const { db, engine } = options;
  const now = options.now ?? Date.now;
  let closed = false;
  return {
    engine,
    ...repositories(db, now),
    async transaction(fn) {
      return db.transaction().execute(async (trx) => fn({ engine, ping: async () => {}, ...repositories(trx, now) }));
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await options.onClose?.();
    },
  };
}
