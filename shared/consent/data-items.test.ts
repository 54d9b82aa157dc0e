// Consent data items: one card as before; several cards each naming their credential query.
import { describe, expect, it } from 'vitest';
import { consentDataItems } from './data-items.js';
import { validateConsentRecord } from './validate.js';
import type { DcqlQuery } from '../dcql/types.js';

const cq = (id: string, paths: string[]) => ({ id, format: 'dc+sd-jwt' as const, meta: { vct_values: [`https://x/vct/${id}`] }, claims: paths.map((p) => ({ id: p, path: [p] })) });

describe('consentDataItems', () => {
  it('lists a one-card request without a credential name (records made before several cards stay valid)', () => {
    expect(consentDataItems({ credentials: [cq('ktp', ['nik'])] }, { ktp: ['nik'] })).toEqual([{ name: 'nik', required: true, shared: true }]);
  });

  it('names the credential query of each item when several cards are asked for, so equal paths stay apart', () => {
    const query: DcqlQuery = { credentials: [cq('ktp', ['nik', 'name']), cq('bpjs', ['nik'])], credential_sets: [{ options: [['ktp']] }, { options: [['bpjs']], required: false }] };
    expect(consentDataItems(query, { ktp: ['nik', 'name'] })).toEqual([
      { credential: 'ktp', name: 'nik', required: true, shared: true },
      { credential: 'ktp', name: 'name', required: true, shared: true },
      { credential: 'bpjs', name: 'nik', required: true, shared: false },
    ]);
  });

  it('the validator accepts a credential name and refuses a malformed one', () => {
    const base = { recordId: 'r', schemaVersion: 'sahih-consent/1', createdAt: 1, jurisdiction: 'ID', language: 'id', subject: { holderKeyThumbprint: 't' }, controller: { id: 'a', name: 'A', contact: 'c', dpoContact: 'd' }, privacyNotice: { url: 'u', sha256: 's' }, purpose: { code: 'p', description: { id: 'x', en: 'x' } }, legalBasis: 'consent', retentionDays: 0, recipients: [], withdrawal: { method: { id: 'x', en: 'x' }, url: 'u' }, rights: { id: 'x', en: 'x' }, supervisingAuthority: { name: 'n', contact: 'c' }, presentation: { requestId: 'r', nonce: 'n', audience: 'a' }, state: 'active', statusHistory: [{ state: 'active', at: 1 }] };
    expect(validateConsentRecord({ ...base, dataItems: [{ credential: 'ktp', name: 'nik', required: true, shared: true }] }).ok).toBe(true);
    expect(validateConsentRecord({ ...base, dataItems: [{ credential: 7, name: 'nik', required: true, shared: true }] })).toEqual({ ok: false, field: 'dataItems' });
  });
});
