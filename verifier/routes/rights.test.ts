// UU PDP rights through app.request(): filing, the 3x24-hour deadline, the agency's answer (logged), who may see
// what, bad input, and the citizen's export bundle.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAccessEvent } from '../access/record.js';
import { seedDemo } from '../registry/demo-seed.js';
import { registryDepsFrom } from './deps.js';
import { ORIGIN, registerCitizen, type Citizen } from '../../test/support/citizen.js';
import { createTestApp, TEST_KEK, type TestApp } from '../../test/support/test-app.js';

const HOUR = 3600_000;

describe('rights requests and export', () => {
  let t: TestApp;
  let keys: Record<string, string>;
  let clock: number;

  beforeEach(async () => {
    clock = Date.UTC(2026, 2, 1, 8, 0, 0);
    t = await createTestApp({ now: () => clock });
    keys = await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store, now: () => clock }).ctx);
  });
  afterEach(async () => t.close());

  const citizen = () => registerCitizen((path, init) => Promise.resolve(t.app.request(path, init)));

  const asCitizen = (c: Citizen, method: string, path: string, body?: unknown, csrf: string | null = c.csrf) =>
    t.app.request(path, {
      method,
      headers: { cookie: c.cookie, origin: ORIGIN, ...(csrf ? { 'x-sahih-csrf': csrf } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const asAgency = (agencyId: string, method: string, path: string, body?: unknown, key = keys[agencyId]!) =>
    t.app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const codeOf = async (res: Response) => ((await res.json()) as { code: string }).code;

  it('files a deletion request with a 3x24-hour deadline, logged, and lets the agency answer it once', async () => {
    const siti = await citizen();
    const filed = await asCitizen(siti, 'POST', '/v1/me/rights-requests', { kind: 'deletion', agencyId: 'bank-nusantara', message: 'Mohon hapus data saya.' });
    expect(filed.status).toBe(201);
    const { request, receipt } = (await filed.json()) as { request: { id: string; dueAt: number; filedAt: number; status: string }; receipt: { leafIndex: number } };
    expect(request.dueAt - request.filedAt).toBe(72 * HOUR);
    expect(receipt.leafIndex).toBe(0);

    const bankList = (await (await asAgency('bank-nusantara', 'GET', '/v1/agencies/bank-nusantara/rights-requests')).json()) as { requests: { id: string; overdue: boolean }[] };
    expect(bankList.requests.map((r) => r.id)).toEqual([request.id]);
    const rsList = (await (await asAgency('rsud-sehat-sentosa', 'GET', '/v1/agencies/rsud-sehat-sentosa/rights-requests')).json()) as { requests: unknown[] };
    expect(rsList.requests).toEqual([]);

    const events = (await (await asCitizen(siti, 'GET', '/v1/me/access-events')).json()) as { events: { kind: string }[] };
    expect(events.events.map((e) => e.kind)).toEqual(['rights_request_filed']);

    // Past the deadline (the citizen's session has long expired by then; the agency's key has not).
    clock += 73 * HOUR;
    const late = (await (await asAgency('bank-nusantara', 'GET', '/v1/agencies/bank-nusantara/rights-requests')).json()) as { requests: { overdue: boolean }[] };
    expect(late.requests[0]!.overdue).toBe(true);

    const statusPath = `/v1/agencies/bank-nusantara/rights-requests/${request.id}/status`;
    expect((await asAgency('bank-nusantara', 'POST', statusPath, { status: 'acknowledged' })).status).toBe(200);
    const noResponse = await asAgency('bank-nusantara', 'POST', statusPath, { status: 'completed' });
    expect([noResponse.status, await codeOf(noResponse)]).toEqual([400, 'invalid_request']);
    const other = await asAgency('rsud-sehat-sentosa', 'POST', `/v1/agencies/rsud-sehat-sentosa/rights-requests/${request.id}/status`, { status: 'completed', response: 'x' });
    expect([other.status, await codeOf(other)]).toEqual([404, 'not_found']);
    const done = await asAgency('bank-nusantara', 'POST', statusPath, { status: 'completed', response: 'Data telah dihapus.' });
    expect(done.status).toBe(200);
    expect(((await done.json()) as { receipt?: unknown }).receipt).toBeDefined();
    const again = await asAgency('bank-nusantara', 'POST', statusPath, { status: 'rejected', response: 'x' });
    expect([again.status, await codeOf(again)]).toEqual([409, 'conflict']);

    const answered = (await (await asAgency('bank-nusantara', 'GET', '/v1/agencies/bank-nusantara/access-events')).json()) as { events: { kind: string }[] };
    expect(answered.events.map((e) => e.kind)).toEqual(['rights_request_answered', 'rights_request_filed']);
    const stored = await t.store.rightsRequests.get(request.id);
    expect(stored).toMatchObject({ status: 'completed', response: 'Data telah dihapus.' });
  });

  it('lets a complaint name only an access the citizen can see, by that agency, and addresses the oversight body', async () => {
    const siti = await citizen();
    const budi = await citizen();
    const deps = { log: t.transparency.log, now: () => clock };
    const sitiEvent = await recordAccessEvent(deps, { kind: 'presentation_shared', agency: { id: 'bank-nusantara', name: 'Bank' }, subject: {}, accountId: siti.accountId });
    const budiEvent = await recordAccessEvent(deps, { kind: 'presentation_shared', agency: { id: 'bank-nusantara', name: 'Bank' }, subject: {}, accountId: budi.accountId });
    const ok = await asCitizen(siti, 'POST', '/v1/me/rights-requests', { kind: 'complaint', agencyId: 'bank-nusantara', eventId: sitiEvent.receipt.eventId, message: 'Saya tidak pernah setuju.' });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { request: { oversight?: { name: string } } }).request.oversight?.name).toBe('Lembaga Pelindungan Data Pribadi');
    const foreign = await asCitizen(siti, 'POST', '/v1/me/rights-requests', { kind: 'complaint', agencyId: 'bank-nusantara', eventId: budiEvent.receipt.eventId, message: 'x' });
    expect([foreign.status, await codeOf(foreign)]).toEqual([404, 'not_found']);
    const wrongAgency = await asCitizen(siti, 'POST', '/v1/me/rights-requests', { kind: 'complaint', agencyId: 'rsud-sehat-sentosa', eventId: sitiEvent.receipt.eventId, message: 'x' });
    expect(wrongAgency.status).toBe(404);
  });

  it('refuses bad input, no session and a missing CSRF token', async () => {
    const siti = await citizen();
    for (const body of [
      { kind: 'erase', agencyId: 'bank-nusantara', message: 'x' },
      { kind: 'deletion', agencyId: 'bank-nusantara', message: '   ' },
      { kind: 'deletion', message: 'x' },
    ]) {
      const res = await asCitizen(siti, 'POST', '/v1/me/rights-requests', body);
      expect([res.status, await codeOf(res)]).toEqual([400, 'invalid_request']);
    }
    const unknown = await asCitizen(siti, 'POST', '/v1/me/rights-requests', { kind: 'deletion', agencyId: 'no-such-agency', message: 'x' });
    expect([unknown.status, await codeOf(unknown)]).toEqual([404, 'not_found']);
    const noCsrf = await asCitizen(siti, 'POST', '/v1/me/rights-requests', { kind: 'deletion', agencyId: 'bank-nusantara', message: 'x' }, null);
    expect([noCsrf.status, await codeOf(noCsrf)]).toEqual([403, 'csrf_rejected']);
    const noSession = await t.app.request('/v1/me/rights-requests');
    expect(noSession.status).toBe(401);
    const badAnswer = await asAgency('bank-nusantara', 'POST', '/v1/agencies/bank-nusantara/rights-requests/nope/status', { status: 'done' });
    expect([badAnswer.status, await codeOf(badAnswer)]).toEqual([400, 'invalid_request']);
    expect(await t.store.log.size()).toBe(0);
  });

  it('exports everything about the citizen, with salts to re-prove each event, and nothing about others', async () => {
    const siti = await citizen();
    const budi = await citizen();
    const deps = { log: t.transparency.log, now: () => clock };
    await recordAccessEvent(deps, { kind: 'backoffice_access', agency: { id: 'bank-nusantara', name: 'Bank' }, subject: {}, accountId: siti.accountId, dataItems: ['address'] });
    await recordAccessEvent(deps, { kind: 'backoffice_access', agency: { id: 'bank-nusantara', name: 'Bank' }, subject: {}, accountId: budi.accountId });
    await asCitizen(siti, 'POST', '/v1/me/rights-requests', { kind: 'deletion', agencyId: 'bank-nusantara', message: 'Hapus.' });
    const res = await asCitizen(siti, 'GET', '/v1/me/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('sahih-export-');
    const bundle = (await res.json()) as {
      format: string;
      account: { id: string };
      passkeys: Record<string, unknown>[];
      accessEvents: { kind: string; salt: string; body: string }[];
      rightsRequests: unknown[];
      log: { checkpoint: string; verifierKey: string; size: number };
    };
    expect(bundle.format).toBe('sahih-export/1');
    expect(bundle.account.id).toBe(siti.accountId);
    expect(bundle.accessEvents.map((e) => e.kind)).toEqual(['rights_request_filed', 'backoffice_access']);
    expect(bundle.accessEvents.every((e) => e.salt.length > 0)).toBe(true);
    expect(bundle.rightsRequests).toHaveLength(1);
    expect(bundle.log.size).toBe(3);
    expect(Object.keys(bundle.passkeys[0]!).sort()).toEqual(['backedUp', 'createdAt', 'lastUsedAt', 'name']);
    expect(JSON.stringify(bundle)).not.toContain(budi.accountId);
  });
});
