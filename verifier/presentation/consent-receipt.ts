// What the service keeps as evidence of consent for a shared presentation. Sahih's wallet sends a consent record
// signed by the holder key (a Sahih extension); a standard OpenID4VP wallet sends none, and then the service keeps a
// verifier-side receipt built from the request itself: the same ISO/IEC TS 27560 fields, marked as not signed by the
// holder. A request may insist on the signed record; then its absence is refused with consent_record_required.
import { createHash, randomUUID } from 'node:crypto';
import { CONSENT_SCHEMA_VERSION, type ConsentRecord } from '../../shared/consent/record.js';
import type { CryptoProvider, Es256PublicJwk } from '../../shared/crypto/types.js';
import type { DcqlQuery } from '../../shared/dcql/types.js';
import { AppError } from '../errors.js';
import { checkConsentRecord, expectedDataItems, type ExpectedConsent } from './consent-check.js';

export type ConsentKind = 'holder_signed' | 'verifier_receipt';

/** A consent receipt the service made: a consent record's fields, never signed by the holder. */
export interface VerifierConsentReceipt extends ConsentRecord {
  holderSigned: false;
  /** Who wrote it: the service, on the answer of a wallet that sent no consent record. */
  issuedBy: 'verifier';
}

export type ConsentEvidence =
  | { kind: 'holder_signed'; recordId: string; record: ConsentRecord; jws: string }
  | { kind: 'verifier_receipt'; recordId: string; record: VerifierConsentReceipt };

const WITHDRAWAL = { id: 'Hubungi petugas pelindungan data instansi ini', en: "Contact this agency's data protection officer" };
const RIGHTS = {
  id: 'Anda berhak mengetahui, mengakses, memperbaiki, menghapus data, dan menarik persetujuan kapan saja (UU 27/2022 tentang Pelindungan Data Pribadi, Pasal 5-13).',
  en: 'You may know, access, correct and delete your data, and withdraw consent at any time (Law 27/2022 on Personal Data Protection, Articles 5-13).',
};
const SUPERVISING_AUTHORITY = { name: 'Lembaga Pelindungan Data Pribadi (UU 27/2022 Pasal 58)', contact: 'Kementerian Komunikasi dan Digital Republik Indonesia' };

export async function consentEvidence(options: {
  token: string | undefined;
  holderJwk: Es256PublicJwk;
  holderThumbprint: string;
  crypto: CryptoProvider;
  expected: ExpectedConsent;
  requireSigned: boolean;
  now: number;
}): Promise<ConsentEvidence> {
  if (options.token !== undefined) {
    const record = await checkConsentRecord({ token: options.token, holderJwk: options.holderJwk, crypto: options.crypto, expected: options.expected });
    return { kind: 'holder_signed', recordId: record.recordId, record, jws: options.token };
  }
  if (options.requireSigned) {
    throw new AppError('consent_record_required', { detail: 'This request needs a consent record signed by the holder key (consent_record); answer it from a wallet that makes one.' });
  }
  const record = verifierReceipt(options.expected, options.holderThumbprint, Math.floor(options.now / 1000));
  return { kind: 'verifier_receipt', recordId: record.recordId, record };
}

function verifierReceipt(expected: ExpectedConsent, thumbprint: string, at: number): VerifierConsentReceipt {
  const { agency, purpose, request } = expected;
  return {
    recordId: randomUUID(),
    schemaVersion: CONSENT_SCHEMA_VERSION,
    createdAt: at,
    jurisdiction: 'ID',
    language: 'id',
    subject: { holderKeyThumbprint: thumbprint },
    controller: { id: agency.id, name: agency.legalName, contact: agency.contact, dpoContact: agency.dpoContact },
    // As Sahih's wallet does: the registry publishes the notice's address, and the digest pins that address.
    privacyNotice: { url: agency.privacyNoticeUrl, sha256: createHash('sha256').update(agency.privacyNoticeUrl).digest('base64url') },
    purpose: { code: purpose.code, description: purpose.description },
    legalBasis: purpose.legalBasis,
    dataItems: expectedDataItems(JSON.parse(request.dcql) as DcqlQuery, expected.sharedClaimIds),
    retentionDays: request.retentionDays,
    recipients: [{ id: agency.id, name: agency.legalName }],
    withdrawal: { method: WITHDRAWAL, url: agency.privacyNoticeUrl },
    rights: RIGHTS,
    supervisingAuthority: SUPERVISING_AUTHORITY,
    presentation: { requestId: request.id, nonce: request.nonce, audience: expected.clientId },
    state: expected.state,
    statusHistory: [{ state: expected.state, at }],
    holderSigned: false,
    issuedBy: 'verifier',
  };
}
