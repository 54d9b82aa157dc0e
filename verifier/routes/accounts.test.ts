// Passkey accounts through app.request(): real authenticator responses from a software authenticator, each
// refusal asserted by its stable code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SoftAuthenticator, type CeremonyOverrides } from '../../test/support/soft-authenticator.js';
import { createTestApp, type TestApp } from '../../test/support/test-app.js';

const ORIGIN = 'http://localhost:3000';

interface Session {
  cookie: string;
  csrf: string;
  accountId: string;
}

describe('passkey accounts', () => {
  let t: TestApp;
  let clock: number;

  beforeEach(async () => {
    clock = Date.UTC(2026, 0, 1);
    t = await createTestApp({ now: () => clock, config: { session: { idleMinutes: 30, maxHours: 12 } } });
  });
  afterEach(async () => t.close());

  function request(method: string, path: string, init: { body?: unknown; cookie?: string; csrf?: string | null; origin?: string | null } = {}) {
    const headers: Record<string, string> = {};
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.origin !== null) headers.origin = init.origin ?? ORIGIN;
    if (init.csrf !== null) headers['x-sahih-csrf'] = init.csrf ?? '1';
    if (init.cookie) headers.cookie = init.cookie;
    return t.app.request(path, { method, headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  }

  function cookieOf(res: Response): string {
    const set = res.headers.get('set-cookie') ?? '';
    return set.split(';')[0]!;
  }

  async function registrationOptions() {
    const res = await request('POST', '/v1/accounts/registration/options', { body: { displayName: 'Siti' } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { options: { challenge: string; user: { id: string } } }).options;
  }

  async function register(auth: SoftAuthenticator): Promise<Session> {
    const options = await registrationOptions();
    const res = await request('POST', '/v1/accounts/registration', { body: { response: auth.create(options), passkeyName: 'Phone' } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { csrfToken: string; account: { id: string } };
    return { cookie: cookieOf(res), csrf: body.csrfToken, accountId: body.account.id };
  }

  async function signInOptions() {
    const res = await request('POST', '/v1/session/options');
    expect(res.status).toBe(200);
    return ((await res.json()) as { options: { challenge: string } }).options;
  }

  async function signIn(auth: SoftAuthenticator, overrides: CeremonyOverrides = {}, cookie?: string) {
    const options = await signInOptions();
    return request('POST', '/v1/session', { body: { response: auth.get(options, overrides) }, ...(cookie ? { cookie } : {}) });
  }

  async function codeOf(res: Response): Promise<string> {
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    return ((await res.json()) as { code: string }).code;
  }

  const newAuth = (backupEligible = false) => new SoftAuthenticator({ origin: ORIGIN, rpId: 'localhost', backupEligible });

  it('registers, signs out, signs in, with a hardened cookie', async () => {
    const auth = newAuth();
    const options = await registrationOptions();
    expect(options).toMatchObject({
      rp: { id: 'localhost' },
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    const res = await request('POST', '/v1/accounts/registration', { body: { response: auth.create(options) } });
    expect(res.status).toBe(201);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^sahih_session=/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain('Secure');
    const body = (await res.json()) as { csrfToken: string; account: { displayName: string } };
    expect(body.account.displayName).toBe('Siti');
    const cookie = cookieOf(res);

    const me = await request('GET', '/v1/session', { cookie });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { csrfToken: string }).csrfToken).toBe(body.csrfToken);

    const out = await request('DELETE', '/v1/session', { cookie, csrf: body.csrfToken });
    expect(out.status).toBe(204);
    expect(await codeOf(await request('GET', '/v1/session', { cookie }))).toBe('unauthenticated');

    const again = await signIn(auth);
    expect(again.status).toBe(200);
    expect((await request('GET', '/v1/session', { cookie: cookieOf(again) })).status).toBe(200);
  });

  it('rotates the session at sign-in', async () => {
    const auth = newAuth();
    const first = await register(auth);
    const res = await signIn(auth, {}, first.cookie);
    expect(res.status).toBe(200);
    expect(cookieOf(res)).not.toBe(first.cookie);
    expect(await codeOf(await request('GET', '/v1/session', { cookie: first.cookie }))).toBe('unauthenticated');
  });

  it('sets Secure and the __Host- prefix on https', async () => {
    await t.close();
    t = await createTestApp({ config: { publicUrl: 'https://sahih.example' } });
    const auth = new SoftAuthenticator({ origin: 'https://sahih.example', rpId: 'sahih.example' });
    const optionsRes = await t.app.request('/v1/accounts/registration/options', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://sahih.example', 'x-sahih-csrf': '1' },
      body: '{}',
    });
    const { options } = (await optionsRes.json()) as { options: { challenge: string; user: { id: string } } };
    const res = await t.app.request('/v1/accounts/registration', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://sahih.example', 'x-sahih-csrf': '1' },
      body: JSON.stringify({ response: auth.create(options) }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-sahih_session=.*Secure/);
  });

  it('refuses a replayed challenge', async () => {
    const auth = newAuth();
    await register(auth);
    const options = await signInOptions();
    expect((await request('POST', '/v1/session', { body: { response: auth.get(options) } })).status).toBe(200);
    const replay = await request('POST', '/v1/session', { body: { response: auth.get(options) } });
    expect(await codeOf(replay)).toBe('webauthn_challenge_invalid');
    // A registration response replayed is refused the same way.
    const regOptions = await registrationOptions();
    const other = newAuth();
    const response = other.create(regOptions);
    expect((await request('POST', '/v1/accounts/registration', { body: { response } })).status).toBe(201);
    expect(await codeOf(await request('POST', '/v1/accounts/registration', { body: { response } }))).toBe('webauthn_challenge_invalid');
  });

  it('refuses an expired challenge', async () => {
    const auth = newAuth();
    await register(auth);
    const options = await signInOptions();
    clock += 5 * 60_000 + 1;
    expect(await codeOf(await request('POST', '/v1/session', { body: { response: auth.get(options) } }))).toBe('webauthn_challenge_invalid');
  });

  it('refuses a wrong origin', async () => {
    const auth = newAuth();
    const options = await registrationOptions();
    const res = await request('POST', '/v1/accounts/registration', { body: { response: auth.create(options, { origin: 'http://evil.example' }) } });
    expect(await codeOf(res)).toBe('webauthn_origin_mismatch');
    await register(auth);
    expect(await codeOf(await signIn(auth, { origin: 'http://localhost:3001' }))).toBe('webauthn_origin_mismatch');
  });

  it('refuses a wrong RP ID', async () => {
    const auth = newAuth();
    const options = await registrationOptions();
    const res = await request('POST', '/v1/accounts/registration', { body: { response: auth.create(options, { rpId: 'evil.example' }) } });
    expect(await codeOf(res)).toBe('webauthn_rp_id_mismatch');
    await register(auth);
    expect(await codeOf(await signIn(auth, { rpId: 'example.com' }))).toBe('webauthn_rp_id_mismatch');
  });

  it('refuses a counter going backwards', async () => {
    const auth = newAuth();
    await register(auth);
    expect((await signIn(auth, { counter: 5 })).status).toBe(200);
    expect(await codeOf(await signIn(auth, { counter: 3 }))).toBe('webauthn_counter_regressed');
    expect(await codeOf(await signIn(auth, { counter: 5 }))).toBe('webauthn_counter_regressed');
    expect((await signIn(auth, { counter: 6 })).status).toBe(200);
  });

  it('refuses an unknown credential', async () => {
    const auth = newAuth();
    await register(auth);
    const stranger = newAuth();
    expect(await codeOf(await signIn(stranger))).toBe('webauthn_credential_unknown');
  });

  it('refuses a missing user-verification flag', async () => {
    const auth = newAuth();
    const options = await registrationOptions();
    const res = await request('POST', '/v1/accounts/registration', { body: { response: auth.create(options, { userVerified: false }) } });
    expect(await codeOf(res)).toBe('webauthn_user_not_verified');
    await register(auth);
    expect(await codeOf(await signIn(auth, { userVerified: false }))).toBe('webauthn_user_not_verified');
  });

  it('stores and checks the backup flags', async () => {
    const auth = newAuth(true);
    const session = await register(auth);
    expect((await signIn(auth, { backedUp: true })).status).toBe(200);
    const list = await request('GET', '/v1/passkeys', { cookie: session.cookie });
    const { passkeys } = (await list.json()) as { passkeys: { backedUp: boolean }[] };
    expect(passkeys[0]?.backedUp).toBe(true);
    expect(await codeOf(await signIn(auth, { backupEligible: false }))).toBe('webauthn_backup_state_invalid');
  });

  it('refuses a bad signature', async () => {
    const auth = newAuth();
    await register(auth);
    const options = await signInOptions();
    const response = auth.get(options);
    response.response.signature = newAuth().get(options).response.signature;
    expect(await codeOf(await request('POST', '/v1/session', { body: { response } }))).toBe('webauthn_verification_failed');
  });

  it('expires idle and old sessions', async () => {
    const auth = newAuth();
    const s = await register(auth);
    clock += 29 * 60_000;
    expect((await request('GET', '/v1/session', { cookie: s.cookie })).status).toBe(200);
    clock += 31 * 60_000;
    const idle = await request('GET', '/v1/session', { cookie: s.cookie });
    expect(await codeOf(idle)).toBe('session_expired');
    expect(idle.headers.get('set-cookie')).toContain('Max-Age=0');

    const fresh = await codeOfSignedIn();
    async function codeOfSignedIn() {
      const res = await signIn(auth);
      return cookieOf(res);
    }
    for (let i = 0; i < 25; i++) {
      clock += 29 * 60_000;
      const res = await request('GET', '/v1/session', { cookie: fresh });
      if (res.status !== 200) {
        expect(await codeOf(res)).toBe('session_expired');
        expect(i).toBe(24); // 12 h absolute expiry = 24.8 idle-refreshed steps of 29 minutes
        return;
      }
    }
    throw new Error('the session never expired');
  });

  it('lists, adds, renames and removes passkeys, keeping at least one', async () => {
    const auth = newAuth();
    const s = await register(auth);
    const second = newAuth();
    const registeredAt = clock;
    clock += 1_000;
    const optionsRes = await request('POST', '/v1/passkeys/options', { cookie: s.cookie, csrf: s.csrf });
    const { options } = (await optionsRes.json()) as { options: { challenge: string; user: { id: string }; excludeCredentials: { id: string }[] } };
    expect(options.excludeCredentials.map((c) => c.id)).toEqual([auth.id]);
    const added = await request('POST', '/v1/passkeys', { cookie: s.cookie, csrf: s.csrf, body: { response: second.create(options), name: 'Laptop' } });
    expect(added.status).toBe(201);
    const list = async () =>
      ((await (await request('GET', '/v1/passkeys', { cookie: s.cookie })).json()) as { passkeys: { id: string; name: string; lastUsedAt: string | null }[] })
        .passkeys;
    const [first, laptop] = await list();
    expect([first?.name, laptop?.name]).toEqual(['Phone', 'Laptop']);
    expect(first?.lastUsedAt).toBe(new Date(registeredAt).toISOString());
    expect((await request('PATCH', `/v1/passkeys/${laptop!.id}`, { cookie: s.cookie, csrf: s.csrf, body: { name: 'Work laptop' } })).status).toBe(204);
    expect((await list())[1]?.name).toBe('Work laptop');
    expect((await request('DELETE', `/v1/passkeys/${first!.id}`, { cookie: s.cookie, csrf: s.csrf })).status).toBe(204);
    expect(await codeOf(await request('DELETE', `/v1/passkeys/${laptop!.id}`, { cookie: s.cookie, csrf: s.csrf }))).toBe('passkey_last_remaining');
    // The second passkey signs in; the removed one no longer does.
    expect((await signIn(second)).status).toBe(200);
    expect(await codeOf(await signIn(auth))).toBe('webauthn_credential_unknown');
  });

  it("refuses a session cookie from another account on that account's resources", async () => {
    const alice = await register(newAuth());
    const bobAuth = newAuth();
    const bob = await register(bobAuth);
    const bobPasskeys = (await (await request('GET', '/v1/passkeys', { cookie: bob.cookie })).json()) as { passkeys: { id: string }[] };
    const bobPasskey = bobPasskeys.passkeys[0]!.id;
    // Alice's cookie with Bob's CSRF token: refused before anything else.
    expect(await codeOf(await request('DELETE', `/v1/passkeys/${bobPasskey}`, { cookie: alice.cookie, csrf: bob.csrf }))).toBe('csrf_rejected');
    // Alice's own session cannot touch Bob's passkey: it does not exist for her.
    expect(await codeOf(await request('DELETE', `/v1/passkeys/${bobPasskey}`, { cookie: alice.cookie, csrf: alice.csrf }))).toBe('not_found');
    expect(await codeOf(await request('PATCH', `/v1/passkeys/${bobPasskey}`, { cookie: alice.cookie, csrf: alice.csrf, body: { name: 'x' } }))).toBe(
      'not_found',
    );
    // Passkey-add options fetched by Alice cannot add a passkey to Bob's account.
    const aliceOptions = (await (await request('POST', '/v1/passkeys/options', { cookie: alice.cookie, csrf: alice.csrf })).json()) as {
      options: { challenge: string; user: { id: string } };
    };
    const res = await request('POST', '/v1/passkeys', { cookie: bob.cookie, csrf: bob.csrf, body: { response: newAuth().create(aliceOptions.options) } });
    expect(await codeOf(res)).toBe('webauthn_challenge_invalid');
    expect((await request('GET', '/v1/passkeys', { cookie: bob.cookie })).status).toBe(200);
  });

  it('refuses state-changing requests without the CSRF defence', async () => {
    const s = await register(newAuth());
    const passkeyId = ((await (await request('GET', '/v1/passkeys', { cookie: s.cookie })).json()) as { passkeys: { id: string }[] }).passkeys[0]!.id;
    const attempts: [string, string, unknown?][] = [
      ['DELETE', '/v1/session'],
      ['POST', '/v1/passkeys/options'],
      ['DELETE', `/v1/passkeys/${passkeyId}`],
      ['PATCH', `/v1/passkeys/${passkeyId}`, { name: 'x' }],
    ];
    for (const [method, path, body] of attempts) {
      const withBody = body === undefined ? {} : { body };
      expect(await codeOf(await request(method, path, { cookie: s.cookie, csrf: null, ...withBody })), `${method} ${path} no token`).toBe('csrf_rejected');
      expect(await codeOf(await request(method, path, { cookie: s.cookie, csrf: 'wrong', ...withBody })), `${method} ${path} bad token`).toBe('csrf_rejected');
      expect(await codeOf(await request(method, path, { cookie: s.cookie, csrf: s.csrf, origin: null, ...withBody })), `${method} ${path} no origin`).toBe(
        'csrf_rejected',
      );
      expect(
        await codeOf(await request(method, path, { cookie: s.cookie, csrf: s.csrf, origin: 'http://evil.example', ...withBody })),
        `${method} ${path} foreign origin`,
      ).toBe('csrf_rejected');
    }
    // Before a session exists: the custom header and Origin are still required.
    expect(await codeOf(await request('POST', '/v1/session/options', { csrf: null }))).toBe('csrf_rejected');
    expect(await codeOf(await request('POST', '/v1/accounts/registration/options', { body: {}, origin: 'http://evil.example' }))).toBe('csrf_rejected');
    // Safe methods need only the cookie; the session is still there after all the refusals.
    expect((await request('GET', '/v1/session', { cookie: s.cookie, csrf: null, origin: null })).status).toBe(200);
  });

  it('needs a session for passkey management', async () => {
    expect(await codeOf(await request('GET', '/v1/passkeys'))).toBe('unauthenticated');
    expect(await codeOf(await request('GET', '/v1/passkeys', { cookie: 'sahih_session=forged' }))).toBe('unauthenticated');
  });
});
