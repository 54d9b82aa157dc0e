// Records and repository interfaces of the trust registry, issuance and status features (issue 4); the Store
// interface in types.ts composes them. Times are integer milliseconds since the epoch.

export type AgencyRole = 'issuer' | 'verifier' | 'both';
export type AgencyStatus = 'active' | 'suspended';

export interface AgencyRecord {
  id: string;
  legalName: string;
  contact: string;
  dpoContact: string;
  privacyNoticeUrl: string;
  role: AgencyRole;
  status: AgencyStatus;
  createdAt: number;
  updatedAt: number;
}

export interface AgenciesRepository {
  /** Inserts the agency; false when the id is taken. */
  create(agency: AgencyRecord): Promise<boolean>;
  get(id: string): Promise<AgencyRecord | undefined>;
  list(): Promise<AgencyRecord[]>;
  setStatus(id: string, status: AgencyStatus, at: number): Promise<boolean>;
  /** Idempotent: registers the agency as an issuer of the type. */
  allowCredentialType(agencyId: string, credentialTypeId: string, at: number): Promise<void>;
  allowedCredentialTypes(agencyId: string): Promise<string[]>;
}

/** Labels shown to citizens, always in Bahasa Indonesia and English. */
export interface LocalizedText {
  id: string;
  en: string;
}

export type ClaimValueType = 'string' | 'date' | 'boolean' | 'number' | 'object';

export interface CredentialClaimDefinition {
  name: string;
  type: ClaimValueType;
  label: LocalizedText;
  /** Must be present in an offer (derived claims are never supplied by the agency). */
  mandatory: boolean;
  /** Selectively disclosable (default true). */
  sd?: boolean;
  /** Member names of an object claim, each its own disclosure. */
  members?: { name: string; label: LocalizedText }[];
  /** A string claim with a known structure, checked when an offer is made (`nik`: shared/identity/nik.ts). */
  format?: 'nik';
  /** Computed by the service at issuance, e.g. `age_over:17` from birth_date. */
  derived?: { kind: 'age_over'; years: number; from: string };
}

export interface CredentialTypeRecord {
  id: string;
  display: { name: LocalizedText; description: LocalizedText };
  claims: CredentialClaimDefinition[];
  defaultValidityDays: number;
  createdAt: number;
}

export interface CredentialTypesRepository {
  /** False when the id is taken. */
  create(type: CredentialTypeRecord): Promise<boolean>;
  get(id: string): Promise<CredentialTypeRecord | undefined>;
  list(): Promise<CredentialTypeRecord[]>;
}

export type AgencyKeyStatus = 'active' | 'retired';

export interface AgencyKeyRecord {
  kid: string;
  agencyId: string;
  /** Public JWK as JSON text. */
  publicJwk: string;
  /** The private JWK, sealed (AES-256-GCM) under the key-encryption key; never stored in clear. */
  privateJwkSealed: string;
  status: AgencyKeyStatus;
  createdAt: number;
  retiredAt: number | null;
  verifyUntil: number | null;
}

export interface AgencyKeysRepository {
  insert(key: AgencyKeyRecord): Promise<void>;
  active(agencyId: string): Promise<AgencyKeyRecord | undefined>;
  list(agencyId: string): Promise<AgencyKeyRecord[]>;
  /** Retires an active key; it keeps verifying until verifyUntil. False when it was not active. */
  retire(kid: string, at: number, verifyUntil: number): Promise<boolean>;
}

export type LegalBasis = 'consent' | 'contract' | 'legal_obligation' | 'vital_interests' | 'public_task' | 'legitimate_interests';

export interface PurposeClaim {
  credentialType: string;
  /**
   * Claim path within the credential, e.g. ['address', 'locality']; for types of external issuers also array
   * indices and null for every element (DCQL claims paths), e.g. ['nationalities', null].
   */
  path: (string | number | null)[];
}

export interface PurposeRecord {
  id: string;
  agencyId: string;
  code: string;
  description: LocalizedText;
  legalBasis: LegalBasis;
  claims: PurposeClaim[];
  maxRetentionDays: number;
  /** Requests under this purpose insist on Sahih's holder-signed consent record (consent_record_required). */
  requireSignedConsent?: boolean;
  /** 1 when registered; moves on every change (absent on records built before versions: read as 1). */
  version?: number;
  createdAt: number;
}

export interface PurposesRepository {
  /** False when the agency already has a purpose with that code. */
  create(purpose: PurposeRecord): Promise<boolean>;
  get(agencyId: string, code: string): Promise<PurposeRecord | undefined>;
  list(agencyId: string): Promise<PurposeRecord[]>;
  /** Replaces what the purpose says (found by agency and code) and moves its version; false when there is none. */
  update(purpose: Pick<PurposeRecord, 'agencyId' | 'code' | 'description' | 'legalBasis' | 'claims' | 'maxRetentionDays' | 'requireSignedConsent'>): Promise<boolean>;
}

export interface ApiKeyRecord {
  id: string;
  agencyId: string;
  /** base64url SHA-256 of the secret part. */
  secretHash: string;
  label: string;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface ApiKeysRepository {
  create(key: ApiKeyRecord): Promise<void>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  list(agencyId: string): Promise<ApiKeyRecord[]>;
  /** False when there is no unrevoked key with that id for the agency. */
  revoke(agencyId: string, id: string, at: number): Promise<boolean>;
  /** Records use at `at` unless a use at or after `notBefore` is already recorded (limits writes per key). */
  touch(id: string, at: number, notBefore: number): Promise<void>;
}

export interface CredentialOfferRecord {
  id: string;
  agencyId: string;
  credentialTypeId: string;
  preAuthCodeHash: string;
  txCodeHash: string | null;
  txCodeAttempts: number;
  claimsSealed: string | null;
  credentialExpiresAt: number;
  createdAt: number;
  expiresAt: number;
  cancelledAt: number | null;
  redeemedAt: number | null;
  accessTokenHash: string | null;
  accessTokenExpiresAt: number | null;
  issuedAt: number | null;
  /** The agency's own case or customer number (never a claim value), copied to the issued credential. */
  agencyRef?: string | null;
}

export interface CredentialOffersRepository {
  create(offer: CredentialOfferRecord): Promise<void>;
  get(agencyId: string, id: string): Promise<CredentialOfferRecord | undefined>;
  byPreAuthCodeHash(hash: string): Promise<CredentialOfferRecord | undefined>;
  byAccessTokenHash(hash: string): Promise<CredentialOfferRecord | undefined>;
  /**
   * Counts a wrong tx_code atomically; at maxAttempts the offer is cancelled and its sealed claims dropped.
   * Returns the attempts now recorded (0 when the offer is no longer redeemable).
   */
  recordFailedTxCode(id: string, maxAttempts: number, at: number): Promise<number>;
  /** Single use: sets the access token only if the offer is unredeemed, uncancelled and unexpired at `at`. */
  redeem(id: string, accessTokenHash: string, accessTokenExpiresAt: number, at: number): Promise<boolean>;
  /** Single use: marks issued and drops the sealed claims, only if not yet issued and the access token is live. */
  markIssued(id: string, at: number): Promise<boolean>;
  /** Drops sealed claims of offers that can no longer be redeemed or used at `now`; returns how many. */
  purgeStaleClaims(now: number): Promise<number>;
}

export interface IssuanceNoncesRepository {
  put(nonceHash: string, createdAt: number, expiresAt: number): Promise<void>;
  /** Single use: true only for the first caller, and only before it expires. */
  consume(nonceHash: string, now: number): Promise<boolean>;
  purgeExpired(now: number): Promise<number>;
}

export interface StatusListRecord {
  id: string;
  agencyId: string;
  bits: number;
  size: number;
  token: string | null;
  tokenIssuedAt: number | null;
  tokenExpiresAt: number | null;
  createdAt: number;
}

export interface StatusListsRepository {
  create(list: StatusListRecord): Promise<void>;
  get(id: string): Promise<StatusListRecord | undefined>;
  /** The agency's newest list (new credentials go there). */
  current(agencyId: string): Promise<StatusListRecord | undefined>;
  setToken(id: string, token: string, issuedAt: number, expiresAt: number): Promise<void>;
  /** Marks the cached token stale so the next read re-signs. */
  clearToken(id: string): Promise<void>;
}

/** Token Status List values (draft-ietf-oauth-status-list §7.1). */
export type CredentialStatusValue = 0 | 1 | 2;

export interface IssuedCredentialRecord {
  id: string;
  agencyId: string;
  credentialTypeId: string;
  kid: string;
  /** RFC 7638 thumbprint of the holder key (`cnf.jwk`). */
  holderJkt: string;
  statusListId: string;
  statusIndex: number;
  status: CredentialStatusValue;
  issuedAt: number;
  expiresAt: number;
  updatedAt: number;
  /** The agency's own case or customer number, from the offer. */
  agencyRef?: string | null;
}

export interface IssuedCredentialsRepository {
  /** False when the status entry (list, index) is already taken. */
  insert(record: IssuedCredentialRecord): Promise<boolean>;
  get(agencyId: string, id: string): Promise<IssuedCredentialRecord | undefined>;
  /** The credential holding a status entry (what the credential's `status.status_list` names). */
  byStatusEntry(statusListId: string, index: number): Promise<IssuedCredentialRecord | undefined>;
  setStatus(agencyId: string, id: string, status: CredentialStatusValue, at: number): Promise<boolean>;
  /** Entries whose status is not VALID (what a status list must encode). */
  nonValidEntries(statusListId: string): Promise<{ index: number; status: number }[]>;
  countInList(statusListId: string): Promise<number>;
  indexTaken(statusListId: string, index: number): Promise<boolean>;
  /** Latest expiry among credentials signed with the key, for key rotation. */
  latestExpiryForKid(kid: string): Promise<number | undefined>;
  /**
   * The agency's credentials, newest first; `before` pages by issuedAt (exclusive); `ref` keeps those whose agency
   * reference contains it (case-insensitive).
   */
  listByAgency(agencyId: string, options: { limit: number; before?: number; ref?: string }): Promise<IssuedCredentialRecord[]>;
  /** The distinct agency references of the agency's credentials held under any of the account's bound holder keys. */
  refsForAccount(agencyId: string, accountId: string): Promise<string[]>;
  /**
   * Credentials (any status) whose holder key is bound to the account under the passkey; `passkeyId` null: the keys
   * bound without a known device.
   */
  forDevice(accountId: string, passkeyId: string | null): Promise<IssuedCredentialRecord[]>;
}
