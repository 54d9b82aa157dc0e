// Sealed wallet backups through app.request(): compare-and-set versions, the size bound, who may read, bad input,
// the account write budget, and that the blob reaches no log.
import { afterEach, describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../shared/encoding/base64url.js';
import { ORIGIN, registerCitizen, type Citizen } from '../../test/support/citizen.js';
import { createTestApp, type TestApp, type TestAppOptions } from '../../test/support/test-app.js';

describe('sealed backups', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  const open = async (options: TestAppOptions = {}) => {
    t = await createTestApp(options);
  };
  const citizen = () => registerCitizen((path, init) => Promise.resolve(t.app.request(path, init)));
  const asCitizen = (c: Citizen | undefined, method: string, body?: unknown, extra: Record<string, string> = {}) =>
    t.app.request('/v1/me/backup', {
      method,
      headers: {
        ...(c ? { cookie: c.cookie, 'x-sahih-csrf': c.csrf } : {}),
        origin: ORIGIN,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...extra,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const codeOf = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];
  const blob = (text: string) => encodeBase64url(new TextEncoder().encode(text));

  it('keeps one blob per account and refuses to let an older phone replace a newer backup', async () => {
    await open();
    const siti = await citizen();
    const budi = await citizen();
    expect(await codeOf(await asCitizen(siti, 'GET'))).toEqual([404, 'not_found']);

    const first = await asCitizen(siti, 'PUT', { expectedVersion: 0, sealed: blob('sealed one 3174012345678901') });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ version: 1, size: 27 });

    // Phone B replaces version 1; phone A, which still believes version 1 (or none) is stored, is refused.
    expect(((await (await asCitizen(siti, 'PUT', { expectedVersion: 1, sealed: blob('sealed two') })).json()) as { version: number }).version).toBe(2);
    expect(await codeOf(await asCitizen(siti, 'PUT', { expectedVersion: 1, sealed: blob('stale') }))).toEqual([409, 'backup_version_conflict']);
    expect(await codeOf(await asCitizen(siti, 'PUT', { expectedVersion: 0, sealed: blob('stale') }))).toEqual([409, 'backup_version_conflict']);

    const read = await asCitizen(siti, 'GET');
    expect(read.headers.get('cache-control')).toBe('no-store');
    expect(await read.json()).toMatchObject({ version: 2, sealed: blob('sealed two'), size: 10 });
    expect(await codeOf(await asCitizen(budi, 'GET'))).toEqual([404, 'not_found']);

    expect((await asCitizen(siti, 'DELETE')).status).toBe(204);
    expect(await codeOf(await asCitizen(siti, 'DELETE'))).toEqual([404, 'not_found']);
    expect(await codeOf(await asCitizen(siti, 'GET'))).toEqual([404, 'not_found']);
    expect(t.logs.join('\n')).not.toContain('3174012345678901');
    expect(t.logs.join('\n')).not.toContain(blob('sealed one 3174012345678901'));
  });

  it('bounds the sealed size with backup_too_large, and the body itself with payload_too_large', async () => {
    await open({ config: { backupMaxBytes: 1000 } });
    const siti = await citizen();
    expect((await asCitizen(siti, 'PUT', { expectedVersion: 0, sealed: encodeBase64url(new Uint8Array(1000)) })).status).toBe(200);
    expect(await codeOf(await asCitizen(siti, 'PUT', { expectedVersion: 1, sealed: encodeBase64url(new Uint8Array(1001)) }))).toEqual([413, 'backup_too_large']);
    expect(await codeOf(await asCitizen(siti, 'PUT', { expectedVersion: 1, sealed: encodeBase64url(new Uint8Array(300_000)) }))).toEqual([413, 'payload_too_large']);
  });

  it('refuses bad input, a missing session and a missing CSRF token', async () => {
    await open();
    const siti = await citizen();
    const bad = [
      {},
      { expectedVersion: 0 },
      { sealed: blob('x') },
      { expectedVersion: -1, sealed: blob('x') },
      { expectedVersion: 1.5, sealed: blob('x') },
      { expectedVersion: '0', sealed: blob('x') },
      { expectedVersion: 0, sealed: '' },
      { expectedVersion: 0, sealed: 'not base64url!' },
      { expectedVersion: 0, sealed: 'AAA=' },
    ];
    for (const body of bad) expect(await codeOf(await asCitizen(siti, 'PUT', body))).toEqual([400, 'invalid_request']);
    expect(await codeOf(await asCitizen(siti, 'PUT', '{"expectedVersion":'))).toEqual([400, 'malformed_body']);
    expect(await codeOf(await asCitizen(siti, 'PUT', 'x', { 'content-type': 'text/plain' }))).toEqual([415, 'unsupported_media_type']);
    expect(await codeOf(await asCitizen(undefined, 'GET'))).toEqual([401, 'unauthenticated']);
    expect(await codeOf(await asCitizen({ ...siti, csrf: 'wrong' }, 'PUT', { expectedVersion: 0, sealed: blob('x') }))).toEqual([403, 'csrf_rejected']);
    expect(await codeOf(await asCitizen(siti, 'GET'))).toEqual([404, 'not_found']);
  });

  it('charges writes to the account like every citizen write', async () => {
    await open({ rateLimits: { accountWrites: { limit: 2, windowMs: 60_000 } } });
    const siti = await citizen();
    expect((await asCitizen(siti, 'PUT', { expectedVersion: 0, sealed: blob('a') })).status).toBe(200);
    expect((await asCitizen(siti, 'PUT', { expectedVersion: 1, sealed: blob('b') })).status).toBe(200);
    const refused = await asCitizen(siti, 'PUT', { expectedVersion: 2, sealed: blob('c') });
    expect(await codeOf(refused)).toEqual([429, 'rate_limited']);
  });
});
