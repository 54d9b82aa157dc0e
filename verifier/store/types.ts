// The storage interface the domain depends on. SQLite and PostgreSQL implementations pass one contract suite.
import type { AccessEventsRepository } from './repos/access-events.js';
import type { AccountBackupsRepository } from './repos/account-backups.js';
import type { AccountErasureRepository } from './repos/account-erasure.js';
import type { ReissueRepository } from './repos/reissue.js';
import type { FeedbackRepository } from './repos/feedback.js';
import type { BreachReportsRepository } from './repos/breaches.js';
import type { InboxReadsRepository } from './repos/inbox.js';
import type { ConsentReviewRepository } from './repos/consent-review.js';
import type { HolderBindingsRepository } from './repos/holder-bindings.js';
import type { RightsRequestsRepository } from './repos/rights-requests.js';
import type { LogRepository } from './repos/log.js';
import type { ConsentsRepository } from './repos/consents.js';
import type { AgencyWebhooksRepository, WebhookDeliveriesRepository } from './repos/webhooks.js';
import type { PresentationRequestsRepository } from './repos/presentation-requests.js';
import type { VerifyNoncesRepository } from './repos/verify-nonces.js';
import type { ExternalCredentialTypesRepository, ExternalIssuersRepository, TrustAnchorsRepository } from './repos/external-issuers.js';
import type { X509Repository } from './repos/x509.js';
import type { RequestClientsRepository } from './repos/request-clients.js';
import type { HolderKeysRepository } from './repos/holder-keys.js';
import type {
  AgenciesRepository,
  AgencyKeysRepository,
  ApiKeysRepository,
  CredentialOffersRepository,
  CredentialTypesRepository,
  IssuanceNoncesRepository,
  IssuedCredentialsRepository,
  PurposesRepository,
  StatusListsRepository,
} from './registry-types.js';

export type * from './registry-types.js';

export interface SettingsRepository {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** Sets the value only when the key is absent; returns true when this call set it. */
  setIfAbsent(key: string, value: string): Promise<boolean>;
}

export interface AccountRecord {
  id: string;
  /** WebAuthn user handle (base64url of random bytes); never derived from personal data. */
  userHandle: string;
  displayName: string;
  createdAt: number;
}

export interface PasskeyRecord {
  id: string;
  accountId: string;
  /** base64url credential id as the authenticator reports it. */
  credentialId: string;
  /** base64url COSE public key. */
  publicKey: string;
  counter: number;
  transports: string[];
  deviceType: 'singleDevice' | 'multiDevice';
  backupEligible: boolean;
  backedUp: boolean;
  aaguid: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface AccountsRepository {
  create(account: AccountRecord, firstPasskey: PasskeyRecord): Promise<void>;
  get(id: string): Promise<AccountRecord | undefined>;
  addPasskey(passkey: PasskeyRecord): Promise<void>;
  passkeyByCredentialId(credentialId: string): Promise<PasskeyRecord | undefined>;
  listPasskeys(accountId: string): Promise<PasskeyRecord[]>;
  /** Records a successful use: new counter, backup state and last-use time. */
  recordPasskeyUse(id: string, use: { counter: number; backedUp: boolean; usedAt: number }): Promise<void>;
  renamePasskey(accountId: string, id: string, name: string): Promise<boolean>;
  /**
   * Removes a passkey of the account unless it is the last one, atomically.
   * Returns 'removed', 'not_found' (no such passkey on this account) or 'last' (refused).
   */
  removePasskey(accountId: string, id: string): Promise<'removed' | 'not_found' | 'last'>;
}

export type ChallengePurpose = 'registration' | 'authentication' | 'add-passkey';

export interface ChallengeRecord {
  challenge: string;
  purpose: ChallengePurpose;
  accountId: string | null;
  userHandle: string | null;
  displayName: string | null;
  expiresAt: number;
}

export interface WebauthnChallengesRepository {
  put(record: ChallengeRecord): Promise<void>;
  /** Deletes and returns the challenge if it exists with that purpose and has not expired; at most one caller wins. */
  consume(challenge: string, purpose: ChallengePurpose, now: number): Promise<ChallengeRecord | undefined>;
  /** Drops challenges expired at `now`; returns how many. */
  purgeExpired(now: number): Promise<number>;
}

export interface SessionRecord {
  idHash: string;
  accountId: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  /** The passkey the session was opened with; null for sessions from before migration 0036 (unknown device). */
  passkeyId: string | null;
}

export interface SessionsRepository {
  create(session: SessionRecord): Promise<void>;
  get(idHash: string): Promise<SessionRecord | undefined>;
  touch(idHash: string, lastSeenAt: number): Promise<void>;
  delete(idHash: string): Promise<void>;
  deleteForAccount(accountId: string): Promise<number>;
  /**
   * Ends the account's sessions opened with the passkey (with `unknownDevice`, also those of unknown device, null),
   * except `keep` (the session asking). Returns how many ended.
   */
  deleteForPasskey(accountId: string, passkeyId: string, options: { keep: string; unknownDevice: boolean }): Promise<number>;
  /** Drops sessions past their absolute expiry or idle for idleMs at `now`. */
  purgeExpired(now: number, idleMs: number): Promise<number>;
}

export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  readonly settings: SettingsRepository;
  readonly log: LogRepository;
  readonly accessEvents: AccessEventsRepository;
  readonly holderBindings: HolderBindingsRepository;
  readonly rightsRequests: RightsRequestsRepository;
  readonly accountBackups: AccountBackupsRepository;
  readonly accountErasure: AccountErasureRepository;
  readonly reissue: ReissueRepository;
  readonly feedback: FeedbackRepository;
  readonly breachReports: BreachReportsRepository;
  readonly inboxReads: InboxReadsRepository;
  readonly consentReview: ConsentReviewRepository;
  readonly presentationRequests: PresentationRequestsRepository;
  readonly verifyNonces: VerifyNoncesRepository;
  readonly externalIssuers: ExternalIssuersRepository;
  readonly externalCredentialTypes: ExternalCredentialTypesRepository;
  readonly trustAnchors: TrustAnchorsRepository;
  readonly x509: X509Repository;
  readonly requestClients: RequestClientsRepository;
  readonly holderKeys: HolderKeysRepository;
  readonly consents: ConsentsRepository;
  readonly agencyWebhooks: AgencyWebhooksRepository;
  readonly webhookDeliveries: WebhookDeliveriesRepository;
  readonly agencies: AgenciesRepository;
  readonly agencyKeys: AgencyKeysRepository;
  readonly credentialTypes: CredentialTypesRepository;
  readonly purposes: PurposesRepository;
  readonly apiKeys: ApiKeysRepository;
  readonly credentialOffers: CredentialOffersRepository;
  readonly issuanceNonces: IssuanceNoncesRepository;
  readonly statusLists: StatusListsRepository;
  readonly issuedCredentials: IssuedCredentialsRepository;
  readonly accounts: AccountsRepository;
  readonly webauthnChallenges: WebauthnChallengesRepository;
  readonly sessions: SessionsRepository;
  /** Runs fn in one transaction: everything in it commits durably together or not at all. */
  transaction<T>(fn: (tx: Omit<Store, 'transaction' | 'close'>) => Promise<T>): Promise<T>;
  /** Cheap liveness check used by /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
