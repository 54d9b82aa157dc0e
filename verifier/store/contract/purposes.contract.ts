// Contract for the purposes repository.
import { expect, it } from 'vitest';
import type { PurposeRecord, Store } from '../types.js';
import { seedAgencyAndType } from './registry-fixtures.js';

const purpose = (id: string, code: string, requireSignedConsent = false): PurposeRecord => ({
  id, agencyId: 'a1', code, description: { id: 'Tujuan', en: 'Purpose' }, legalBasis: 'consent',
  claims: [{ credentialType: 't1', path: ['n'] }], maxRetentionDays: 7, requireSignedConsent, version: 1, createdAt: 1_000,
});

export function purposesContract(getStore: () => Store): void {
  it('purposes: one code per agency, round-trips claims, texts and whether a signed consent record is required', async () => {
    const store = getStore();
    await seedAgencyAndType(store);
    expect(await store.purposes.create(purpose('p1', 'b_code'))).toBe(true);
    expect(await store.purposes.create(purpose('p2', 'b_code'))).toBe(false);
    expect(await store.purposes.create(purpose('p3', 'a_code', true))).toBe(true);
    expect(await store.purposes.get('a1', 'b_code')).toEqual(purpose('p1', 'b_code'));
    expect(await store.purposes.get('a1', 'a_code')).toEqual(purpose('p3', 'a_code', true));
    expect((await store.purposes.list('a1')).map((p) => p.code)).toEqual(['a_code', 'b_code']);
    expect(await store.purposes.get('a2', 'b_code')).toBeUndefined();
  });

  it('purposes: a change replaces what the purpose says and moves its version, for that agency and code only', async () => {
    const store = getStore();
    await seedAgencyAndType(store);
    await store.purposes.create(purpose('p1', 'b_code'));
    await store.purposes.create(purpose('p2', 'c_code'));
    const change = { agencyId: 'a1', code: 'b_code', description: { id: 'Baru', en: 'New' }, legalBasis: 'contract' as const, claims: [{ credentialType: 't1', path: ['n'] }], maxRetentionDays: 30, requireSignedConsent: true };
    expect(await store.purposes.update(change)).toBe(true);
    expect(await store.purposes.update(change)).toBe(true);
    expect(await store.purposes.get('a1', 'b_code')).toEqual({ ...purpose('p1', 'b_code', true), description: { id: 'Baru', en: 'New' }, legalBasis: 'contract', maxRetentionDays: 30, version: 3 });
    expect((await store.purposes.get('a1', 'c_code'))?.version).toBe(1);
    expect(await store.purposes.update({ ...change, code: 'missing' })).toBe(false);
  });
}
