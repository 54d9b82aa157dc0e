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
