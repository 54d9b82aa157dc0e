// Citizens' voice through app.request(): feedback on one's own interactions (once each), suggestions, what the agency
// sees (no identity), public averages only from five ratings; breach reports reaching exactly the affected citizens'
// inboxes with the 3x24-hour deadline; and bad input on every endpoint.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAccessEvent } from '../access/record.js';
import { seedDemo } from '../registry/demo-seed.js';
import { registryDepsFrom } from './deps.js';
import { ORIGIN, registerCitizen, type Citizen } from '../../test/support/citizen.js';
import { createTestApp, TEST_ADMIN_TOKEN, TEST_KEK, type TestApp } from '../../test/support/test-app.js';

const HOUR = 3600_000;
const RS = 'rsud-sehat-sentosa';
const BANK = 'bank-nusantara';

describe("citizens' voice: feedback, breach reports, inbox", () => {
  let t: TestApp;
  let keys: Record<string, string>;
  let clock: number;

  beforeEach(async () => {
    clock = Date.UTC(2026, 2, 1, 8, 0, 0);
    t = await createTestApp({ now: () => clock, config: { adminToken: TEST_ADMIN_TOKEN, session: { idleMinutes: 7 * 24 * 60, maxHours: 7 * 24 } } });
    keys = await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store, now: () => clock }).ctx);
  });
  afterEach(async () => t.close());

  const citizen = () => registerCitizen((path, init) => Promise.resolve(t.app.request(path, init)));
  const send = (headers: Record<string, string>, method: string, path: string, body?: unknown) =>
    t.app.request(path, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const asCitizen = (c: Citizen, method: string, path: string, body?: unknown) => send({ cookie: c.cookie, origin: ORIGIN, 'x-sahih-csrf': c.csrf }, method, path, body);
  const asAgency = (agencyId: string, method: string, path: string, body?: unknown) => send({ authorization: `Bearer ${keys[agencyId]!}` }, method, path, body);
  const asOperator = (method: string, path: string, body?: unknown) => send({ authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, method, path, body);
  const problem = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];
  const accessBy = async (agencyId: string, accountId: string | null, kind: 'presentation_shared' | 'presentation_declined' = 'presentation_shared', purpose = 'patient_registration') =>
    (await recordAccessEvent({ log: t.transparency.log, now: () => clock }, { kind, agency: { id: agencyId, name: agencyId }, subject: {}, accountId, purpose: { code: purpose } })).receipt.eventId;

  it('takes one rating per own interaction, and shows the agency the feedback without who or when', async () => {
    const siti = await citizen();
    const budi = await citizen();
    const shared = await accessBy(RS, siti.accountId);
    const given = await asCitizen(siti, 'POST', '/v1/me/feedback', { eventId: shared, rating: 4, comment: 'Cepat dan jelas' });
    expect(given.status).toBe(201);
    expect(await problem(await asCitizen(siti, 'POST', '/v1/me/feedback', { eventId: shared, rating: 1 }))).toEqual([409, 'feedback_already_given']);
    expect(await problem(await asCitizen(budi, 'POST', '/v1/me/feedback', { eventId: shared, rating: 1 }))).toEqual([404, 'not_found']);
    clock += 1000;
    const declined = await accessBy(RS, siti.accountId, 'presentation_declined');
    expect(await problem(await asCitizen(siti, 'POST', '/v1/me/feedback', { eventId: declined, rating: 2 }))).toEqual([409, 'feedback_not_applicable']);
    const suggestion = await asCitizen(budi, 'POST', '/v1/me/feedback', { agencyId: RS, purposeCode: 'patient_registration', comment: 'Tambah loket sore' });
    expect(suggestion.status).toBe(201);

    const own = (await (await asCitizen(siti, 'GET', '/v1/me/feedback')).json()) as { feedback: { eventId: string; rating: number }[] };
    expect(own.feedback).toMatchObject([{ eventId: shared, rating: 4 }]);
    const agencyView = await asAgency(RS, 'GET', `/v1/agencies/${RS}/feedback`);
    const body = (await agencyView.json()) as { feedback: Record<string, unknown>[]; next: string | null };
    expect(body.feedback.map((f) => [f.subject, f.rating, f.comment, f.purposeCode, f.day])).toEqual([
      ['suggestion', null, 'Tambah loket sore', 'patient_registration', '2026-03-01'],
      ['presentation', 4, 'Cepat dan jelas', 'patient_registration', '2026-03-01'],
    ]);
    const text = JSON.stringify(body);
    for (const secret of [siti.accountId, budi.accountId, shared]) expect(text).not.toContain(secret);
    expect(Object.keys(body.feedback[0]!).sort()).toEqual(['comment', 'day', 'id', 'purposeCode', 'rating', 'subject']);
    const bank = (await (await asAgency(BANK, 'GET', `/v1/agencies/${BANK}/feedback`)).json()) as { feedback: unknown[] };
    expect(bank.feedback).toEqual([]);
    expect((await asAgency(BANK, 'GET', `/v1/agencies/${RS}/feedback`)).status).toBe(403);
  });

  it('pages agency feedback by an opaque cursor', async () => {
    for (let i = 0; i < 3; i++) {
      const c = await citizen();
      expect((await asCitizen(c, 'POST', '/v1/me/feedback', { agencyId: RS, comment: `saran ${i}` })).status).toBe(201);
      clock += 1000;
    }
    const first = (await (await asAgency(RS, 'GET', `/v1/agencies/${RS}/feedback?limit=2`)).json()) as { feedback: { comment: string }[]; next: string };
    expect(first.feedback.map((f) => f.comment)).toEqual(['saran 2', 'saran 1']);
    const second = (await (await asAgency(RS, 'GET', `/v1/agencies/${RS}/feedback?limit=2&before=${first.next}`)).json()) as { feedback: { comment: string }[]; next: null };
    expect([second.feedback.map((f) => f.comment), second.next]).toEqual([['saran 0'], null]);
    expect(await problem(await asAgency(RS, 'GET', `/v1/agencies/${RS}/feedback?before=nope`))).toEqual([400, 'invalid_request']);
  });

  it('publishes an average per agency and purpose only once five ratings exist, never comments', async () => {
    const ratings = [5, 4, 4, 3, 5];
    for (const [i, rating] of ratings.entries()) {
      const c = await citizen();
      const ev = await accessBy(RS, c.accountId);
      await asCitizen(c, 'POST', '/v1/me/feedback', { eventId: ev, rating, comment: `rahasia-${i}` });
      const stats = (await (await t.app.request('/v1/transparency')).json()) as { feedback: { agencyId: string; purposeCode: string; count: number | null; average: number | null }[] };
      if (i < 4) expect(stats.feedback).toEqual([expect.objectContaining({ agencyId: RS, purposeCode: 'patient_registration', count: null, average: null })]);
      else {
        expect(stats.feedback).toEqual([expect.objectContaining({ agencyId: RS, purposeCode: 'patient_registration', count: 5, average: 4.2 })]);
        expect(JSON.stringify(stats)).not.toContain('rahasia');
      }
      clock += 61_000; // past the statistics cache
    }
  });

  it('warns exactly the citizens with an access in the window, with the 3x24-hour deadline, and lists it in public', async () => {
    const [siti, budi, ani] = [await citizen(), await citizen(), await citizen()];
    const start = clock;
    await accessBy(BANK, siti.accountId, 'presentation_shared', 'account_opening');
    clock += HOUR;
    await accessBy(BANK, budi.accountId, 'presentation_shared', 'age_check');
    await accessBy(RS, ani.accountId);
    clock += 2 * HOUR;
    await accessBy(BANK, ani.accountId, 'presentation_shared', 'account_opening'); // after the window
    const discovered = clock;
    clock += 80 * HOUR; // filed after the deadline: the report says so
    const report = {
      claims: ['nik', 'name'],
      windowStart: new Date(start - 60_000).toISOString(),
      windowEnd: new Date(start + 2 * HOUR).toISOString(),
      discoveredAt: new Date(discovered).toISOString(),
      whatHappened: 'Salinan basis data nasabah terbuka di internet.',
      actionsTaken: 'Akses ditutup dan kata sandi diganti.',
      citizenAdvice: 'Waspadai telepon yang meminta kode OTP.',
    };
    const filed = await asAgency(BANK, 'POST', `/v1/agencies/${BANK}/breaches`, report);
    expect(filed.status).toBe(201);
    const view = (await filed.json()) as { id: string; affectedCount: number; late: boolean; noticeDueAt: string };
    expect([view.affectedCount, view.late, view.noticeDueAt]).toEqual([2, true, new Date(discovered + 72 * HOUR).toISOString()]);

    const inbox = async (c: Citizen) => (await (await asCitizen(c, 'GET', '/v1/me/inbox')).json()) as { items: { id: string; read: boolean; breach: { citizenAdvice: string } }[]; unread: number };
    const sitiInbox = await inbox(siti);
    expect([sitiInbox.unread, sitiInbox.items.map((i) => i.breach.citizenAdvice)]).toEqual([1, [report.citizenAdvice]]);
    expect((await inbox(budi)).unread).toBe(1);
    expect(await inbox(ani)).toEqual({ items: [], unread: 0 });

    const itemId = sitiInbox.items[0]!.id;
    expect((await asCitizen(siti, 'POST', `/v1/me/inbox/${encodeURIComponent(itemId)}/read`)).status).toBe(204);
    expect(await inbox(siti)).toMatchObject({ unread: 0, items: [{ read: true }] });
    expect(await problem(await asCitizen(ani, 'POST', `/v1/me/inbox/${encodeURIComponent(itemId)}/read`))).toEqual([404, 'not_found']);

    clock += 1000;
    // A report narrowed to one purpose reaches only the citizen accessed for it; the operator may file it too.
    const narrowed = await asOperator('POST', `/v1/admin/agencies/${BANK}/breaches`, { ...report, purposeCodes: ['age_check'], discoveredAt: new Date(clock - HOUR).toISOString() });
    expect(narrowed.status).toBe(201);
    expect(((await narrowed.json()) as { filedBy: string; late: boolean; affectedCount: number })).toMatchObject({ filedBy: 'operator', late: false, affectedCount: 1 });
    expect([(await inbox(siti)).items.length, (await inbox(budi)).items.length]).toEqual([1, 2]);

    const pub = (await (await t.app.request('/v1/breaches')).json()) as { breaches: { affectedCount: number | null; agency: { id: string } }[] };
    expect(pub.breaches.map((b) => [b.agency.id, b.affectedCount])).toEqual([[BANK, null], [BANK, null]]);
    const own = (await (await asAgency(BANK, 'GET', `/v1/agencies/${BANK}/breaches`)).json()) as { breaches: { affectedCount: number }[] };
    expect(own.breaches.map((b) => b.affectedCount)).toEqual([1, 2]);
  });

  it('refuses bad input on every endpoint with a stable code', async () => {
    const siti = await citizen();
    const ev = await accessBy(RS, siti.accountId);
    for (const [body, expected] of [
      [{ eventId: ev }, [400, 'feedback_empty']],
      [{ eventId: ev, rating: 6 }, [400, 'invalid_request']],
      [{ eventId: ev, rating: 2.5 }, [400, 'invalid_request']],
      [{ eventId: ev, comment: 'x'.repeat(1001) }, [400, 'invalid_request']],
      [{ rating: 3 }, [400, 'invalid_request']],
      [{ agencyId: RS, rating: 3 }, [400, 'feedback_empty']],
      [{ agencyId: RS, rating: 3, comment: 'bagus' }, [400, 'invalid_request']],
      [{ agencyId: 'nobody', comment: 'x' }, [404, 'not_found']],
      [{ agencyId: RS, purposeCode: 'nothing', comment: 'x' }, [400, 'unknown_purpose']],
      [{ eventId: 'no-such-event', rating: 3 }, [404, 'not_found']],
      ['{not json', [400, 'malformed_body']],
    ] as const) {
      expect(await problem(await asCitizen(siti, 'POST', '/v1/me/feedback', body))).toEqual(expected);
    }
    expect((await t.app.request('/v1/me/feedback', { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: '{}' })).status).toBe(401);
    expect((await t.app.request('/v1/me/inbox')).status).toBe(401);
    expect((await t.app.request(`/v1/agencies/${RS}/feedback`)).status).toBe(401);
    expect(await problem(await asAgency(RS, 'GET', `/v1/agencies/${RS}/feedback?limit=0`))).toEqual([400, 'invalid_request']);

    const good = { claims: ['nik'], windowStart: new Date(clock - HOUR).toISOString(), windowEnd: new Date(clock).toISOString(), discoveredAt: new Date(clock).toISOString(), whatHappened: 'a', actionsTaken: 'b', citizenAdvice: 'c' };
    for (const [body, expected] of [
      [{ ...good, windowStart: new Date(clock + HOUR).toISOString() }, [400, 'breach_window_invalid']],
      [{ ...good, windowEnd: new Date(clock + 24 * HOUR).toISOString(), discoveredAt: new Date(clock + 24 * HOUR).toISOString() }, [400, 'breach_window_invalid']],
      [{ ...good, discoveredAt: new Date(clock - 2 * HOUR).toISOString() }, [400, 'breach_window_invalid']],
      [{ ...good, windowStart: 'yesterday' }, [400, 'invalid_request']],
      [{ ...good, claims: [] }, [400, 'invalid_request']],
      [{ ...good, whatHappened: ' ' }, [400, 'invalid_request']],
      [{ ...good, purposeCodes: ['account_opening'] }, [400, 'unknown_purpose']],
    ] as const) {
      expect(await problem(await asAgency(RS, 'POST', `/v1/agencies/${RS}/breaches`, body))).toEqual(expected);
    }
    expect((await asAgency(BANK, 'POST', `/v1/agencies/${RS}/breaches`, good)).status).toBe(403);
    expect(await problem(await asOperator('POST', '/v1/admin/agencies/no-such-agency/breaches', good))).toEqual([404, 'not_found']);
    expect((await send({}, 'POST', `/v1/admin/agencies/${RS}/breaches`, good)).status).toBe(401);
    expect(await problem(await asCitizen(siti, 'POST', `/v1/me/inbox/${'x'.repeat(101)}/read`))).toEqual([400, 'invalid_request']);
  });
});
