// Table types for the typed query layer (Kysely). One interface per table; migrations create exactly these.
import type { Generated } from 'kysely';

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

/** A citizen's account: nothing but a random id, the WebAuthn user handle and an optional display name. */
export interface AccountsTable {
  id: string;
  user_handle: string;
  display_name: string;
  created_at: number;
}

/** A passkey (WebAuthn credential) of an account. Flags are 0/1 integers for portability. */
export interface PasskeysTable {
  id: string;
  account_id: string;
  credential_id: string;
  public_key: string;
  counter: number;
  transports: string;
  device_type: string;
  backup_eligible: number;
  backed_up: number;
  aaguid: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
}

/** Outstanding single-use WebAuthn challenges; a row is deleted when it is consumed. */
export interface WebauthnChallengesTable {
  challenge: string;
  purpose: string;
  account_id: string | null;
  user_handle: string | null;
  display_name: string | null;
  expires_at: number;
}

/** Signed-in sessions, keyed by the SHA-256 of the cookie value (the cookie itself is never stored). */
export interface SessionsTable {
  id_hash: string;
  account_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  /** The passkey that signed in (migration 0036); null on older rows: unknown device. */
  passkey_id: string | null;
}

/** A registered agency (issuer, verifier or both). Migration 0002. */
export interface AgenciesTable {
  id: string;
  legal_name: string;
  contact: string;
  dpo_contact: string;
  privacy_notice_url: string;
  role: string;
  status: string;
  created_at: number;
  updated_at: number;
}

/** Which credential types an issuer may issue. Migration 0002. */
export interface AgencyCredentialTypesTable {
  agency_id: string;
  credential_type_id: string;
  created_at: number;
}

/** Credential types: display names and claim labels (id + en) as JSON text. Migration 0002. */
export interface CredentialTypesTable {
  id: string;
  display: string;
  claims: string;
  default_validity_days: number;
  created_at: number;
}

/** ES256 signing keys; the private JWK only ever sealed under the key-encryption key. Migration 0002. */
export interface AgencyKeysTable {
  kid: string;
  agency_id: string;
  public_jwk: string;
  private_jwk_sealed: string;
  status: string;
  created_at: number;
  retired_at: number | null;
  /** A retired key still verifies (is published) until this time. */
  verify_until: number | null;
}

/** A verifier's registered purposes. Migration 0002. */
export interface PurposesTable {
  id: string;
  agency_id: string;
  code: string;
  description_id: string;
  description_en: string;
  legal_basis: string;
  claims: string;
  max_retention_days: number;
  /** Migration 0037: 1 when requests under the purpose insist on the holder-signed consent record. */
  require_signed_consent: Generated<number>;
  /** Migration 0040: moves on every change of the purpose, so consents given under an older version are reviewed. */
  version: Generated<number>;
  created_at: number;
}

/** Agency API keys: only the SHA-256 of the secret is kept. Migration 0002. */
export interface ApiKeysTable {
  id: string;
  agency_id: string;
  secret_hash: string;
  label: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

/** OpenID4VCI offers. `claims_sealed` holds the claims (encrypted) only until issuance or expiry. Migration 0003. */
export interface CredentialOffersTable {
  id: string;
  agency_id: string;
  credential_type_id: string;
  pre_auth_code_hash: string;
  tx_code_hash: string | null;
  tx_code_attempts: number;
  claims_sealed: string | null;
  credential_expires_at: number;
  created_at: number;
  expires_at: number;
  cancelled_at: number | null;
  redeemed_at: number | null;
  access_token_hash: string | null;
  access_token_expires_at: number | null;
  issued_at: number | null;
  /** The agency's own case or customer number (migration 0029). */
  agency_ref: string | null;
}

/** Single-use `c_nonce` values (hashed). Migration 0003. */
export interface IssuanceNoncesTable {
  nonce_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** Nonces spent with POST /v1/verify, per agency. Migration 0023. */
export interface VerifyNoncesTable {
  agency_id: string;
  nonce_hash: string;
  created_at: number;
  expires_at: number;
}

/** The operator's CA that issues agencies' request-object certificates (x509_san_dns / x509_hash). Migration 0026. */
export interface OperatorCasTable {
  id: string;
  /** base64 DER */
  certificate: string;
  /** JSON array of base64 DER certificates above it, up to and including the root (empty when self-signed). */
  chain: string;
  private_key_sealed: string;
  source: string;
  status: string;
  not_after: number;
  created_at: number;
}

/** A leaf certificate for one agency key, issued by one CA. Migration 0026. */
export interface AgencyCertificatesTable {
  kid: string;
  ca_id: string;
  agency_id: string;
  certificate: string;
  not_after: number;
  created_at: number;
}

/** The OpenID4VP client parameters of a presentation request. Migration 0026. */
export interface PresentationRequestClientsTable {
  request_id: string;
  client_id: string;
  x5c: string | null;
  response_key_sealed: string | null;
  return_url: string | null;
  created_at: number;
  /** 1 when the request insists on a holder-signed consent record (migration 0027). */
  require_signed_consent: Generated<number>;
}

/** Access events by a holder key no account held, under its keyed hash. Migration 0027. */
export interface HolderKeyEventsTable {
  event_id: string;
  holder_ref: string;
  created_at: number;
}

/** A citizen's proof of possession of a holder key. Migration 0027. */
export interface HolderKeyClaimsTable {
  holder_ref: string;
  account_id: string;
  proof_jws: string;
  claimed_at: number;
}

export interface HolderKeyChallengesTable {
  challenge: string;
  account_id: string;
  expires_at: number;
}

/** Consent receipts kept outside the citizen's consents (verifier receipts, records of unclaimed keys). Migration 0027. */
export interface ConsentReceiptsTable {
  id: string;
  request_id: string;
  agency_id: string;
  kind: string;
  holder_ref: string;
  record: string;
  created_at: number;
}

/** Issuers outside Sahih, by issuer identifier. Migration 0025. */
export interface ExternalIssuersTable {
  issuer: string;
  name: string;
  key_source: string;
  status: string;
  created_at: number;
  updated_at: number;
}

/** Credential types of external issuers, by vct; issuers, display, claims and metadata are JSON text. Migration 0025. */
export interface ExternalCredentialTypesTable {
  id: string;
  vct: string;
  issuers: string;
  display: string;
  claims: string;
  metadata: string;
  created_at: number;
}

/** The operator's X.509 trust anchors for x5c-signing issuers. Migration 0025. */
export interface TrustAnchorsTable {
  id: string;
  pem: string;
  subject: string;
  not_after: number;
  created_at: number;
}

/** One Token Status List per agency generation. The signed token is cached here. Migration 0004. */
export interface StatusListsTable {
  id: string;
  agency_id: string;
  bits: number;
  size: number;
  token: string | null;
  token_issued_at: number | null;
  token_expires_at: number | null;
  created_at: number;
}

/** What the service keeps of an issued credential: no claim values, only its status entry and references. Migration 0004. */
export interface IssuedCredentialsTable {
  id: string;
  agency_id: string;
  credential_type_id: string;
  kid: string;
  holder_jkt: string;
  status_list_id: string;
  status_index: number;
  status: number;
  issued_at: number;
  expires_at: number;
  updated_at: number;
  /** Copied from the offer (migration 0029). */
  agency_ref: string | null;
}

/** Transparency log leaf: index in append order and the RFC 9162 leaf hash of the event commitment. */
export interface LogLeavesTable {
  idx: number;
  leaf_hash: Uint8Array;
  created_at: number;
}

/** Perfect subtree hash (level >= 1) covering leaves [idx * 2^level, (idx + 1) * 2^level). */
export interface LogNodesTable {
  level: number;
  idx: number;
  hash: Uint8Array;
}

export interface LogCheckpointsTable {
  size: number;
  root: Uint8Array;
  note: string;
  created_at: number;
}

/** The committed text and salt behind one log leaf, with the columns the citizen's and agency's views filter on. */
export interface AccessEventsTable {
  id: string;
  leaf_index: number;
  account_id: string | null;
  agency_id: string;
  kind: string;
  purpose_code: string | null;
  occurred_at: number;
  salt: string;
  body: string;
  /** The agency's reference for this access, outside the committed text (migration 0029). */
  agency_ref: string | null;
}

export interface HolderBindingsTable {
  thumbprint: string;
  account_id: string;
  created_at: number;
  /** The passkey of the session the key was bound under (migration 0036); null when unknown. */
  passkey_id: string | null;
}

/** An OpenID4VP request of a verifier agency; `result_sealed` is the one-time, KEK-sealed delivery. Migration 0011. */
export interface PresentationRequestsTable {
  id: string;
  agency_id: string;
  purpose_code: string;
  dcql: string;
  nonce: string;
  state: string;
  response_mode: string;
  retention_days: number;
  status: string;
  created_at: number;
  expires_at: number;
  answered_at: number | null;
  consent_record_id: string | null;
  access_event_id: string | null;
  result_sealed: string | null;
  result_expires_at: number | null;
  result_read_at: number | null;
  /** The agency's reference, carried to the access event (migration 0029). */
  agency_ref: string | null;
}

/** Consent records signed by the holder key (the JWS names data items, never values). Migration 0011. */
export interface ConsentsTable {
  id: string;
  account_id: string;
  agency_id: string;
  purpose_code: string;
  request_id: string | null;
  state: string;
  record_jws: string;
  holder_thumbprint: string;
  created_at: number;
  updated_at: number;
  expires_at: number;
  /** Migration 0017 (consent control): null on rows from before it. */
  holder_jwk: string | null;
  current_record_id: string | null;
  current_record_jws: string | null;
  action_due_at: number | null;
  acknowledged_at: number | null;
}

/** Every signed change of a consent (and the service's expiry, which has no record). */
export interface ConsentChangesTable {
  record_id: string;
  consent_id: string;
  state: string;
  record_jws: string | null;
  access_event_id: string;
  created_at: number;
}

/** An agency's webhook endpoint; the signing secret is sealed under the KEK. */
export interface AgencyWebhooksTable {
  agency_id: string;
  url: string;
  secret_sealed: string;
  created_at: number;
  updated_at: number;
}

/** The webhook delivery queue; id = the id of the event that caused it. */
export interface WebhookDeliveriesTable {
  id: string;
  agency_id: string;
  type: string;
  payload: string;
  sealed: string | null;
  attempts: number;
  next_attempt_at: number | null;
  delivered_at: number | null;
  ended_at: number | null;
  last_error: string | null;
  created_at: number;
  expires_at: number;
}

export interface SubjectBindingsTable {
  subject_ref: string;
  account_id: string;
  created_at: number;
}

export interface RightsRequestsTable {
  id: string;
  account_id: string;
  agency_id: string;
  kind: string;
  event_id: string | null;
  message: string;
  status: string;
  response: string | null;
  filed_at: number;
  due_at: number;
  answered_at: number | null;
  updated_at: number;
}

/** One sealed wallet backup per account (verifier/backup): ciphertext only, the service holds no key to it. */
export interface AccountBackupsTable {
  account_id: string;
  version: number;
  sealed: Uint8Array;
  updated_at: number;
}

export interface CredentialTypePoliciesTable {
  credential_type_id: string;
  rebind: string;
  updated_at: number;
}

export interface ReissueRequestsTable {
  id: string;
  agency_id: string;
  account_id: string;
  credential_id: string;
  credential_type_id: string;
  outcome: string;
  offer_id: string | null;
  created_at: number;
}

/** A citizen's rating or comment on a service (verifier/voice); the agency reads it without the account. */
export interface FeedbackTable {
  id: string;
  account_id: string;
  agency_id: string;
  purpose_code: string | null;
  subject: string;
  event_id: string | null;
  rating: number | null;
  comment: string | null;
  created_at: number;
}

/** A personal-data breach an agency (or the operator) reported (verifier/voice); claims and purposes are JSON arrays. */
export interface BreachReportsTable {
  id: string;
  agency_id: string;
  filed_by: string;
  claims: string;
  purpose_codes: string;
  window_start: number;
  window_end: number;
  discovered_at: number;
  what_happened: string;
  actions_taken: string;
  citizen_advice: string;
  affected_count: number;
  filed_at: number;
}

/** Privacy notice texts agencies published, by SHA-256 (migration 0040); the newest per agency is current. */
export interface PrivacyNoticesTable {
  id: string;
  agency_id: string;
  sha256: string;
  text: string;
  created_at: number;
}

/** What each consent was given (or last kept) under: the notice text hash and the purpose version (migration 0040). */
export interface ConsentPinsTable {
  consent_id: string;
  notice_sha256: string | null;
  purpose_version: number;
  pinned_at: number;
}

export interface InboxReadsTable {
  account_id: string;
  item_id: string;
  read_at: number;
}

export interface Database {
  feedback: FeedbackTable;
  breach_reports: BreachReportsTable;
  inbox_reads: InboxReadsTable;
  privacy_notices: PrivacyNoticesTable;
  consent_pins: ConsentPinsTable;
  credential_type_policies: CredentialTypePoliciesTable;
  reissue_requests: ReissueRequestsTable;
  account_backups: AccountBackupsTable;
  agency_webhooks: AgencyWebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  consent_changes: ConsentChangesTable;
  rights_requests: RightsRequestsTable;
  subject_bindings: SubjectBindingsTable;
  presentation_requests: PresentationRequestsTable;
  consents: ConsentsTable;
  holder_bindings: HolderBindingsTable;
  access_events: AccessEventsTable;
  log_leaves: LogLeavesTable;
  log_nodes: LogNodesTable;
  log_checkpoints: LogCheckpointsTable;
  settings: SettingsTable;
  agencies: AgenciesTable;
  agency_credential_types: AgencyCredentialTypesTable;
  credential_types: CredentialTypesTable;
  agency_keys: AgencyKeysTable;
  purposes: PurposesTable;
  api_keys: ApiKeysTable;
  credential_offers: CredentialOffersTable;
  issuance_nonces: IssuanceNoncesTable;
  verify_nonces: VerifyNoncesTable;
  external_issuers: ExternalIssuersTable;
  external_credential_types: ExternalCredentialTypesTable;
  trust_anchors: TrustAnchorsTable;
  operator_cas: OperatorCasTable;
  agency_certificates: AgencyCertificatesTable;
  presentation_request_clients: PresentationRequestClientsTable;
  holder_key_events: HolderKeyEventsTable;
  holder_key_claims: HolderKeyClaimsTable;
  holder_key_challenges: HolderKeyChallengesTable;
  consent_receipts: ConsentReceiptsTable;
  status_lists: StatusListsTable;
  issued_credentials: IssuedCredentialsTable;
  accounts: AccountsTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
  sessions: SessionsTable;
}

// Keep Generated imported for tables added by later migrations.
export type { Generated };
