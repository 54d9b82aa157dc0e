// Contract for the citizens' voice tables: one feedback per event and tallies without rows; breach reports found for
// exactly the citizens with an access in their window (and purposes); inbox read marks are idempotent.
import { expect, it } from 'vitest';
import type { AccessEventRow } from '../repos/access-events.js';
import type { BreachReportRecord } from '../repos/breaches.js';
import type { FeedbackRecord } from '../repos/feedback.js';
import type { Store } from '../types.js';

const T0 = 1_800_000_000_000;

const feedback = (id: string, extra: Partial<FeedbackRecord> = {}): FeedbackRecord => ({
  id,
  accountId: 'acct-a',
  agencyId: 'rs',
  purposeCode: 'patient_registration',
  subject: 'presentation',
  eventId: `ev-${id}`,
  rating: 4,
  comment: null,
  createdAt: T0,
  ...extra,
});

const event = (i: number, accountId: string | null, agencyId: string, atMs: number, purposeCode = 'kyc'): AccessEventRow => ({
  id: `e${i}`,
  leafIndex: i,
  accountId,
  agencyId,
  kind: 'presentation_shared',
  purposeCode,
  occurredAt: Math.floor(atMs / 1000),
  salt: 'c2FsdA',
  body: `{"i":${i}}`,
});

const breach = (id: string, extra: Partial<BreachReportRecord> = {}): BreachReportRecord => ({
  id,
  agencyId: 'bank',
  filedBy: 'agency',
  claims: ['nik', 'name'],
  purposeCodes: [],
  windowStart: T0,
  windowEnd: T0 + 3600_000,
  discoveredAt: T0 + 7200_000,
  whatHappened: 'Basis data salinan terbuka',
  actionsTaken: 'Akses ditutup',
  citizenAdvice: 'Waspadai telepon yang mengaku dari bank',
  affectedCount: 2,
  filedAt: T0 + 8000_000,
  ...extra,
});

export function citizenVoiceContract(getStore: () => Store): void {
  it('feedback: one per event, suggestions unlimited, listed per agency newest first and per account', async () => {
    const store = getStore();
    expect(await store.feedback.insert(feedback('f1'))).toBe(true);
    expect(await store.feedback.insert(feedback('f2', { eventId: 'ev-f1', rating: 1 }))).toBe(false);
    expect(await store.feedback.insert(feedback('f3', { eventId: null, subject: 'suggestion', rating: null, comment: 'Antrean lama', createdAt: T0 + 1 }))).toBe(true);
    expect(await store.feedback.insert(feedback('f4', { eventId: null, subject: 'suggestion', rating: null, comment: 'Lagi', createdAt: T0 + 2 }))).toBe(true);
    expect(await store.feedback.insert(feedback('f5', { agencyId: 'bank', accountId: 'acct-b', createdAt: T0 + 3 }))).toBe(true);
    expect((await store.feedback.listForAgency('rs', { limit: 10 })).map((f) => f.id)).toEqual(['f4', 'f3', 'f1']);
    expect(await store.feedback.insert(feedback('f6', { eventId: null, subject: 'suggestion', createdAt: T0 + 2 }))).toBe(true);
    const page = await store.feedback.listForAgency('rs', { limit: 2 });
    expect(page.map((f) => f.id)).toEqual(['f6', 'f4']);
    const last = page[1]!;
    expect((await store.feedback.listForAgency('rs', { limit: 10, after: { createdAt: last.createdAt, id: last.id } })).map((f) => f.id)).toEqual(['f3', 'f1']);
    expect((await store.feedback.get('f5'))?.agencyId).toBe('bank');
    expect((await store.feedback.listForAccount('acct-a', 10)).map((f) => f.id)).toEqual(['f6', 'f4', 'f3', 'f1']);
    expect(await store.feedback.listForAgency('rs', { limit: 10 }).then((l) => l.at(-1))).toEqual(feedback('f1'));
  });

  it('feedback: tallies count and sum ratings per agency and purpose since a time, comments alone not counted', async () => {
    const store = getStore();
    for (const [i, rating] of [5, 4, 3].entries()) await store.feedback.insert(feedback(`a${i}`, { rating }));
    await store.feedback.insert(feedback('old', { rating: 1, createdAt: T0 - 10 }));
    await store.feedback.insert(feedback('c', { rating: null, comment: 'tanpa nilai' }));
    await store.feedback.insert(feedback('other', { purposeCode: null, rating: 2 }));
    const tallies = await store.feedback.tallySince(T0);
    expect(tallies.sort((a, b) => String(a.purposeCode).localeCompare(String(b.purposeCode)))).toEqual([
      { agencyId: 'rs', purposeCode: null, count: 1, sum: 2 },
      { agencyId: 'rs', purposeCode: 'patient_registration', count: 3, sum: 12 },
    ]);
  });

  it('breach reports: affected counts and per-citizen lookup follow the agency, window and purposes', async () => {
    const store = getStore();
    await store.accessEvents.insert(event(0, 'acct-a', 'bank', T0 + 60_000));
    await store.accessEvents.insert(event(1, 'acct-a', 'bank', T0 + 120_000));
    await store.accessEvents.insert(event(2, 'acct-b', 'bank', T0 + 3600_000, 'loan'));
    await store.accessEvents.insert(event(3, 'acct-c', 'bank', T0 + 3700_000));
    await store.accessEvents.insert(event(4, 'acct-d', 'rs', T0 + 60_000));
    await store.accessEvents.insert(event(5, null, 'bank', T0 + 60_000));
    const window = { agencyId: 'bank', windowStart: T0, windowEnd: T0 + 3600_000 };
    expect(await store.breachReports.countAffected({ ...window, purposeCodes: [] })).toBe(2);
    expect(await store.breachReports.countAffected({ ...window, purposeCodes: ['loan'] })).toBe(1);
    await store.breachReports.insert(breach('b1'));
    await store.breachReports.insert(breach('b2', { purposeCodes: ['loan'], filedAt: T0 + 9000_000 }));
    await store.breachReports.insert(breach('b3', { agencyId: 'rs', filedAt: T0 + 9500_000 }));
    expect((await store.breachReports.forAccount('acct-a', 10)).map((b) => b.id)).toEqual(['b1']);
    expect((await store.breachReports.forAccount('acct-b', 10)).map((b) => b.id)).toEqual(['b2', 'b1']);
    expect(await store.breachReports.forAccount('acct-c', 10)).toEqual([]);
    expect((await store.breachReports.forAccount('acct-d', 10)).map((b) => b.id)).toEqual(['b3']);
    expect((await store.breachReports.list({ limit: 10 })).map((b) => b.id)).toEqual(['b3', 'b2', 'b1']);
    expect((await store.breachReports.list({ agencyId: 'bank', limit: 1 })).map((b) => b.id)).toEqual(['b2']);
    expect(await store.breachReports.get('b2')).toEqual(breach('b2', { purposeCodes: ['loan'], filedAt: T0 + 9000_000 }));
  });

  it('inbox: read marks are per account and idempotent', async () => {
    const store = getStore();
    await store.inboxReads.markRead('acct-a', 'breach:b1', T0);
    await store.inboxReads.markRead('acct-a', 'breach:b1', T0 + 1);
    await store.inboxReads.markRead('acct-b', 'breach:b2', T0);
    expect([...(await store.inboxReads.readItemIds('acct-a'))]).toEqual(['breach:b1']);
    expect(await store.inboxReads.readItemIds('nobody')).toEqual(new Set());
  });

  it('notices and pins: the newest text is current, texts are found by hash, a pin is set then replaced', async () => {
    const store = getStore();
    expect(await store.consentReview.currentNotice('rs')).toBeUndefined();
    await store.consentReview.addNotice({ id: 'n1', agencyId: 'rs', sha256: 'h1', text: 'Pertama', createdAt: T0 });
    await store.consentReview.addNotice({ id: 'n2', agencyId: 'rs', sha256: 'h2', text: 'Kedua', createdAt: T0 + 1 });
    await store.consentReview.addNotice({ id: 'n3', agencyId: 'bank', sha256: 'h3', text: 'Bank', createdAt: T0 + 2 });
    expect((await store.consentReview.currentNotice('rs'))?.text).toBe('Kedua');
    expect((await store.consentReview.noticeBySha256('rs', 'h1'))?.text).toBe('Pertama');
    expect(await store.consentReview.noticeBySha256('rs', 'h3')).toBeUndefined();
    await store.consentReview.pin({ consentId: 'c1', noticeSha256: 'h1', purposeVersion: 1, pinnedAt: T0 });
    await store.consentReview.pin({ consentId: 'c2', noticeSha256: null, purposeVersion: 1, pinnedAt: T0 });
    await store.consentReview.pin({ consentId: 'c1', noticeSha256: 'h2', purposeVersion: 2, pinnedAt: T0 + 5 });
    const pins = await store.consentReview.pinsFor(['c1', 'c2', 'c9']);
    expect([...pins.values()]).toEqual(
      expect.arrayContaining([
        { consentId: 'c1', noticeSha256: 'h2', purposeVersion: 2, pinnedAt: T0 + 5 },
        { consentId: 'c2', noticeSha256: null, purposeVersion: 1, pinnedAt: T0 },
      ]),
    );
    expect(pins.size).toBe(2);
    expect((await store.consentReview.pinsFor([])).size).toBe(0);
  });
}
