// The consent record a wallet sends with its answer (ISO/IEC TS 27560 fields, shared/consent): signed by the same
// holder key as the KB-JWT, and describing exactly this request — agency, purpose, legal basis, retention, the
// request's data items with what was shared, and the request id, nonce and audience. Any difference: consent_invalid.
import type { CryptoProvider, Es256PublicJwk } from '../../shared/crypto/types.js';
import { consentDataItems } from '../../shared/consent/data-items.js';
import type { DcqlQuery } from '../../shared/dcql/types.js';
import type { ConsentDataItem, ConsentRecord, ConsentState } from '../../shared/consent/record.js';
import { verifyConsentRecord } from '../../shared/consent/sign.js';
import { AppError } from '../errors.js';
import type { PresentationRequestRecord } from '../store/repos/presentation-requests.js';
import type { AgencyRecord, PurposeRecord } from '../store/types.js';

export interface ExpectedConsent {
  state: Extract<ConsentState, 'active' | 'refused'>;
  agency: AgencyRecord;
  purpose: PurposeRecord;
  request: PresentationRequestRecord;
  clientId: string;
  /** Claim ids shared, per credential query id (empty for a refusal). */
  sharedClaimIds: Record<string, string[]>;
}

/** The data items the record must list: every claim of the query, with `required` and `shared` as expected. */
export const expectedDataItems = consentDataItems;

const itemKey = (d: ConsentDataItem) => `${d.credential ?? ''}|${d.name}|${d.required}|${d.shared}`;
const sameItems = (a: ConsentDataItem[], b: ConsentDataItem[]) =>
  a.length === b.length && JSON.stringify(a.map(itemKey).sort()) === JSON.stringify(b.map(itemKey).sort());

function mismatchOf(record: ConsentRecord, expected: ExpectedConsent): string | undefined {
  const { agency, purpose, request } = expected;
  const checks: [boolean, string][] = [
    [record.state === expected.state, 'state'],
    [record.controller.id === agency.id, 'controller.id'],
    [record.purpose.code === purpose.code, 'purpose.code'],
    [record.legalBasis === purpose.legalBasis, 'legalBasis'],
    [record.retentionDays === request.retentionDays, 'retentionDays'],
    [record.presentation.requestId === request.id, 'presentation.requestId'],
    [record.presentation.nonce === request.nonce, 'presentation.nonce'],
    [record.presentation.audience === expected.clientId, 'presentation.audience'],
    [sameItems(record.dataItems, expectedDataItems(JSON.parse(request.dcql) as DcqlQuery, expected.sharedClaimIds)), 'dataItems'],
  ];
  return checks.find(([ok]) => !ok)?.[1];
}

export async function checkConsentRecord(options: {
  token: string | undefined;
  holderJwk: Es256PublicJwk;
  crypto: CryptoProvider;
  expected: ExpectedConsent;
}): Promise<ConsentRecord> {
  if (!options.token) throw new AppError('consent_invalid', { detail: 'Send the signed consent record as consent_record.' });
  const verified = await verifyConsentRecord({ token: options.token, holderJwk: options.holderJwk, crypto: options.crypto });
  if (!verified.ok) throw new AppError('consent_invalid', { detail: `The consent record does not verify (${verified.code}).` });
  const mismatch = mismatchOf(verified.record, options.expected);
  if (mismatch) throw new AppError('consent_invalid', { detail: `The consent record's ${mismatch} does not match the request.` });
  return verified.record;
}
