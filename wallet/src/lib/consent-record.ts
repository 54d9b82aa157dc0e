// The consent record the wallet signs with the holder key (ISO/IEC TS 27560 fields, shared/consent): built from the
// verified request and the trust registry, naming the request's claims (never their values) with what was shared.
import { consentDataItems } from '../../../shared/consent/data-items.js';
import { CONSENT_SCHEMA_VERSION, type ConsentRecord, type ConsentState } from '../../../shared/consent/record.js';
import { encodeBase64url } from '../../../shared/encoding/base64url.js';
import type { CryptoProvider } from '../../../shared/crypto/types.js';
import type { VerifiedRequest } from './openid4vp.js';

export { renderClaimsPath as renderPath, dcqlClaimKey as claimKey } from '../../../shared/consent/data-items.js';

const WITHDRAWAL = {
  id: 'Buka Sahih, pilih "Persetujuan saya", lalu pilih persetujuan ini untuk menariknya; atau hubungi petugas pelindungan data instansi.',
  en: 'Open Sahih, choose "My consents", then choose this consent to withdraw it; or contact the agency\'s data protection officer.',
};

const RIGHTS = {
  id: 'Anda berhak mengetahui, mengakses, memperbaiki, menghapus data, dan menarik persetujuan kapan saja (UU 27/2022 tentang Pelindungan Data Pribadi, Pasal 5-13).',
  en: 'You may know, access, correct and delete your data, and withdraw consent at any time (Law 27/2022 on Personal Data Protection, Articles 5-13).',
};

const SUPERVISING_AUTHORITY = {
  name: 'Lembaga Pelindungan Data Pribadi (UU 27/2022 Pasal 58)',
  contact: 'Kementerian Komunikasi dan Digital Republik Indonesia',
};

export async function buildConsentRecord(options: {
  request: VerifiedRequest;
  state: Extract<ConsentState, 'active' | 'refused'>;
  chosen: Record<string, string[]>;
  holderKeyThumbprint: string;
  language: 'id' | 'en';
  origin: string;
  crypto: CryptoProvider;
  nowSeconds: number;
}): Promise<ConsentRecord> {
  const { request, nowSeconds } = options;
  const { agency, purpose } = request;
  return {
    recordId: crypto.randomUUID(),
    schemaVersion: CONSENT_SCHEMA_VERSION,
    createdAt: nowSeconds,
    jurisdiction: 'ID',
    language: options.language,
    subject: { holderKeyThumbprint: options.holderKeyThumbprint },
    controller: { id: agency.id, name: agency.legalName, contact: agency.contact, dpoContact: agency.dpoContact },
    // The registry publishes the hash of the notice text the agency published (issue 21): the record pins that text,
    // so a later change of it asks the citizen again. An agency that published no text: the address shown is pinned.
    privacyNotice: {
      url: agency.privacyNoticeUrl,
      sha256: agency.privacyNoticeSha256 ?? encodeBase64url(await options.crypto.sha256(agency.privacyNoticeUrl)),
    },
    purpose: { code: purpose.code, description: purpose.description },
    legalBasis: purpose.legalBasis,
    dataItems: consentDataItems(request.query, options.chosen),
    retentionDays: request.retentionDays,
    recipients: request.recipients,
    withdrawal: { method: WITHDRAWAL, url: `${options.origin}/consent-receipts` },
    rights: RIGHTS,
    supervisingAuthority: SUPERVISING_AUTHORITY,
    presentation: { requestId: request.requestId, nonce: request.nonce, audience: request.clientId },
    state: options.state,
    statusHistory: [{ state: options.state, at: nowSeconds }],
  };
}
