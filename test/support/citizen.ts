// A signed-in citizen for route tests: registers a passkey account with a software authenticator and returns the
// session cookie, the CSRF token and the account id.
import type { Requester } from './issuance.js';
import { SoftAuthenticator } from './soft-authenticator.js';

export const ORIGIN = 'http://localhost:3000';

export interface Citizen {
  cookie: string;
  csrf: string;
  accountId: string;
  authenticator: SoftAuthenticator;
}

export async function registerCitizen(request: Requester, displayName = 'Siti'): Promise<Citizen> {
  const authenticator = new SoftAuthenticator({ origin: ORIGIN, rpId: 'localhost' });
  const headers = { 'content-type': 'application/json', origin: ORIGIN, 'x-sahih-csrf': '1' };
  const optionsRes = await request('/v1/accounts/registration/options', { method: 'POST', headers, body: JSON.stringify({ displayName }) });
  const { options } = (await optionsRes.json()) as { options: Parameters<SoftAuthenticator['create']>[0] };
  const res = await request('/v1/accounts/registration', {
    method: 'POST',
    headers,
    body: JSON.stringify({ response: authenticator.create(options), passkeyName: 'Phone' }),
  });
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string; account: { id: string } };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: body.csrfToken, accountId: body.account.id, authenticator };
}

/**
 * Another phone of the same citizen: a second passkey added from `from`'s session (named `name`), then signed in with
 * on its own, so its session records that passkey.
 */
export async function addPhone(request: Requester, from: Citizen, name = 'Phone B'): Promise<Citizen> {
  const authenticator = new SoftAuthenticator({ origin: ORIGIN, rpId: 'localhost' });
  const signedIn = { 'content-type': 'application/json', origin: ORIGIN, 'x-sahih-csrf': from.csrf, cookie: from.cookie };
  const optionsRes = await request('/v1/passkeys/options', { method: 'POST', headers: signedIn, body: '{}' });
  const { options } = (await optionsRes.json()) as { options: Parameters<SoftAuthenticator['create']>[0] };
  const added = await request('/v1/passkeys', { method: 'POST', headers: signedIn, body: JSON.stringify({ response: authenticator.create(options), name }) });
  if (added.status !== 201) throw new Error(`adding a passkey failed: ${added.status} ${await added.text()}`);
  const headers = { 'content-type': 'application/json', origin: ORIGIN, 'x-sahih-csrf': '1' };
  const signInOptions = ((await (await request('/v1/session/options', { method: 'POST', headers })).json()) as { options: { challenge: string } }).options;
  const res = await request('/v1/session', { method: 'POST', headers, body: JSON.stringify({ response: authenticator.get(signInOptions) }) });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: body.csrfToken, accountId: from.accountId, authenticator };
}
