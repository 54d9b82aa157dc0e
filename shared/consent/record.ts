// The consent record: the ISO/IEC TS 27560 / Kantara Consent Receipt fields, as Sahih records an agreement between a
// citizen and an agency under UU PDP. It names data items but never holds their values.

export const CONSENT_SCHEMA_VERSION = 'sahih-consent/1';
export const CONSENT_JWT_TYP = 'sahih-consent+jwt';

export const consentStates = ['active', 'paused', 'withdrawn', 'expired', 'refused'] as const;
export type ConsentState = (typeof consentStates)[number];

/** UU PDP Pasal 20(2): the lawful bases for processing personal data. */
export const legalBases = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
] as const;
export type LegalBasis = (typeof legalBases)[number];

export interface LocalizedText {
  id: string;
  en: string;
}

export interface ConsentDataItem {
  /** The DCQL credential query the claim belongs to; present only when the request asked for several credentials. */
  credential?: string;
  /** The claim as a claims path pointer rendered with dots, e.g. "address.city". */
  name: string;
  required: boolean;
  /** Whether the citizen chose to share it (always true for required items when the state is active). */
  shared: boolean;
}

export interface ConsentRecord {
  recordId: string;
  schemaVersion: typeof CONSENT_SCHEMA_VERSION;
  /** Seconds since the epoch, when this record (this version) was made. */
  createdAt: number;
  jurisdiction: 'ID';
  language: 'id' | 'en';
  /** The citizen, pseudonymously: the RFC 7638 thumbprint of the holder key that signs this record. */
  subject: { holderKeyThumbprint: string };
  controller: { id: string; name: string; contact: string; dpoContact: string };
  privacyNotice: { url: string; sha256: string };
  purpose: { code: string; description: LocalizedText };
  legalBasis: LegalBasis;
  dataItems: ConsentDataItem[];
  /** How long the controller may keep the data, in days (the purpose's declared retention). */
  retentionDays: number;
  recipients: { id: string; name: string }[];
  withdrawal: { method: LocalizedText; url: string };
  rights: LocalizedText;
  supervisingAuthority: { name: string; contact: string };
  /** Binds the record to one presentation: the request it answered. */
  presentation: { requestId: string; nonce: string; audience: string };
  state: ConsentState;
  statusHistory: { state: ConsentState; at: number }[];
  /** The record this one replaces (a state change makes a new record linked to the old one). */
  previous?: { recordId: string; sha256: string };
}

const allowedTransitions: Record<ConsentState, ConsentState[]> = {
  active: ['paused', 'withdrawn', 'expired'],
  paused: ['active', 'withdrawn', 'expired'],
  withdrawn: [],
  expired: [],
  refused: [],
};

export function canTransition(from: ConsentState, to: ConsentState): boolean {
  return allowedTransitions[from].includes(to);
}

/**
 * The next version of a record after a state change. The caller signs it and links it with the hash of the
 * previous signed record, so the history is a chain nobody can shorten quietly.
 */
export function nextConsentRecord(options: {
  previous: ConsentRecord;
  previousSha256: string;
  state: ConsentState;
  at: number;
  recordId: string;
}): ConsentRecord {
  const { previous, state, at } = options;
  if (!canTransition(previous.state, state)) throw new RangeError(`consent cannot go from ${previous.state} to ${state}`);
  return {
    ...previous,
    recordId: options.recordId,
    createdAt: at,
    state,
    statusHistory: [...previous.statusHistory, { state, at }],
    previous: { recordId: previous.recordId, sha256: options.previousSha256 },
  };
}
