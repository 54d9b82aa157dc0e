// The public statistics: no sign-in, aggregates only, small counts suppressed, no personal data in the response.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAccessEvent } from '../access/record.js';
import { createTestApp, type TestApp } from '../../test/support/test-app.js';

describe('GET /v1/transparency', () => {
  let t: TestApp;
  const now = Date.UTC(2026, 5, 10, 12, 0, 0);
  beforeEach(async () => {
    t = await createTestApp({ now: () => now });
  });
  afterEach(async () => t.close());

  it('counts accesses per agency, purpose and day, suppressing counts under 5, with no personal data', async () => {
    const deps = { log: t.transparency.log, now: () => now };
    const access = (agency: string, purpose: string, accountId: string) =>
      recordAccessEvent(deps, { kind: 'presentation_shared', agency: { id: agency, name: agency }, subject: { holderKeyThumbprint: `tp-${accountId}` }, accountId, purpose: { code: purpose } });
    for (let i = 0; i < 6; i++) await access('bank-nusantara', 'account_opening', `acct-${i}`);
    for (let i = 0; i < 2; i++) await access('rsud-sehat-sentosa', 'patient_registration', `acct-x${i}`);
    // Not an access: rights requests are not counted as uses of data.
    await recordAccessEvent(deps, { kind: 'rights_request_filed', agency: { id: 'bank-nusantara', name: 'b' }, subject: {}, accountId: 'acct-0' });

    const res = await t.app.request('/v1/transparency');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('public');
    const body = (await res.json()) as {
      log: { size: number };
      byAgency: { agencyId: string; count: number | null }[];
      byPurpose: { purposeCode: string; count: number | null }[];
      byDay: { day: string; count: number | null }[];
    };
    expect(body.log.size).toBe(9);
    expect(body.byAgency).toEqual([
      { agencyId: 'bank-nusantara', name: 'bank-nusantara', count: 6 },
      { agencyId: 'rsud-sehat-sentosa', name: 'rsud-sehat-sentosa', count: null },
    ]);
    expect(body.byPurpose.map((p) => [p.purposeCode, p.count])).toEqual([
      ['account_opening', 6],
      ['patient_registration', null],
    ]);
    expect(body.byDay).toEqual([{ day: '2026-06-10', count: 8 }]);
    const text = JSON.stringify(body);
    expect(text).not.toContain('acct-');
    expect(text).not.toContain('tp-');
  });
});
