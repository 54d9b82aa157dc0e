// Shared records for the registry, issuance and status repository contracts.
import type { AgencyRecord, CredentialOfferRecord, CredentialTypeRecord, IssuedCredentialRecord, StatusListRecord, Store } from '../types.js';

export const agencyRecord = (id: string, extra: Partial<AgencyRecord> = {}): AgencyRecord => ({
  id,
  legalName: `Agency ${id}`,
  contact: 'c',
  dpoContact: 'd',
  privacyNoticeUrl: 'https://x.example/p',
  role: 'both',
  status: 'active',
  createdAt: 1_000,
  updatedAt: 1_000,
  ...extra,
});

export const typeRecord = (id: string): CredentialTypeRecord => ({
  id,
  display: { name: { id: 'Nama', en: 'Name' }, description: { id: 'D', en: 'D' } },
  claims: [{ name: 'n', type: 'string', label: { id: 'N', en: 'N' }, mandatory: true }],
  defaultValidityDays: 30,
  createdAt: 1_000,
});

export const offerRecord = (id: string, extra: Partial<CredentialOfferRecord> = {}): CredentialOfferRecord => ({
  id,
  agencyId: 'a1',
  credentialTypeId: 't1',
  preAuthCodeHash: `code-${id}`,
  txCodeHash: null,
  txCodeAttempts: 0,
  claimsSealed: 'sealed',
  credentialExpiresAt: 10_000_000,
  createdAt: 1_000,
  expiresAt: 5_000,
  cancelledAt: null,
  redeemedAt: null,
  accessTokenHash: null,
  accessTokenExpiresAt: null,
  issuedAt: null,
  ...extra,
});

export const listRecord = (id: string, agencyId = 'a1', createdAt = 1_000): StatusListRecord => ({
  id,
  agencyId,
  bits: 2,
  size: 1024,
  token: null,
  tokenIssuedAt: null,
  tokenExpiresAt: null,
  createdAt,
});

export const issuedRecord = (id: string, index: number, extra: Partial<IssuedCredentialRecord> = {}): IssuedCredentialRecord => ({
  id,
  agencyId: 'a1',
  credentialTypeId: 't1',
  kid: 'k1',
  holderJkt: 'jkt',
  statusListId: 'l1',
  statusIndex: index,
  status: 0,
  issuedAt: 1_000,
  expiresAt: 9_000,
  updatedAt: 1_000,
  ...extra,
});

/** An agency `a1` and a type `t1`, which the foreign keys of several tables need. */
export async function seedAgencyAndType(store: Store): Promise<void> {
  await store.agencies.create(agencyRecord('a1'));
  await store.credentialTypes.create(typeRecord('t1'));
}
