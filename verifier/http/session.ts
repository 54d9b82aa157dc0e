// Citizen sessions at the HTTP boundary: the session cookie, and the CSRF defence every state-changing request needs.
//
// Contract for every feature that acts for a signed-in citizen:
//   - Cookie `sahih_session` (`__Host-sahih_session` on https): HttpOnly, SameSite=Strict, Path=/, Secure on https.
//   - Unsafe methods (POST, PUT, PATCH, DELETE) must send `X-Sahih-CSRF: <csrfToken>` (the token returned by
//     POST /v1/session, POST /v1/accounts/registration and GET /v1/session) AND an `Origin` header naming one of the
//     configured WEBAUTHN_ORIGINS. A custom header cannot be sent cross-site without a CORS preflight, which this
//     service never grants; the Origin check is a second, independent layer.
//   - Mount `requireSession(deps)` on the route; handlers read `c.get('account')` and `c.get('session')`.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { absoluteMs, csrfTokenMatches, resolveSession } from '../accounts/sessions.js';
import type { AccountsDeps } from '../accounts/deps.js';
import { AppError } from '../errors.js';
import type { SessionRecord } from '../store/types.js';
import type { AppEnv } from './env.js';
import { rateGateOf } from './rate-limit.js';
import { declareSecurity, isSafeMethod } from './route-security.js';

export const CSRF_HEADER = 'x-sahih-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionCookieName(https: boolean): string {
  return https ? '__Host-sahih_session' : 'sahih_session';
}

export function readSessionCookie(c: Context<AppEnv>, deps: AccountsDeps): string | undefined {
  return getCookie(c, sessionCookieName(deps.config.https));
}

export function setSessionCookie(c: Context<AppEnv>, deps: AccountsDeps, token: string): void {
  setCookie(c, sessionCookieName(deps.config.https), token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: deps.config.https,
    path: '/',
    maxAge: Math.floor(absoluteMs(deps) / 1000),
  });
}

export function clearSessionCookie(c: Context<AppEnv>, deps: AccountsDeps): void {
  deleteCookie(c, sessionCookieName(deps.config.https), { path: '/', secure: deps.config.https, httpOnly: true, sameSite: 'Strict' });
}

/** The same clearing as a header value, for error responses (built fresh by the problem handler). */
function clearingCookieHeader(deps: AccountsDeps): string {
  return `${sessionCookieName(deps.config.https)}=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict${deps.config.https ? '; Secure' : ''}`;
}

/** The Origin layer: an unsafe request must name one of our origins. */
export function checkOrigin(c: Context<AppEnv>, deps: AccountsDeps): void {
  const origin = c.req.header('origin');
  if (!origin || !deps.config.webauthn.origins.includes(origin)) {
    throw new AppError('csrf_rejected', { detail: 'Send this request from the Sahih wallet (Origin header missing or foreign).' });
  }
}

/**
 * For requests made before a session exists (sign-up, sign-in): the Origin check, plus the custom header with any
 * non-empty value, which already forces a CORS preflight for cross-site senders.
 */
export function requireSameOriginRequest(deps: AccountsDeps): MiddlewareHandler<AppEnv> {
  return declareSecurity(
    async (c, next) => {
      if (!SAFE_METHODS.has(c.req.method)) {
        checkOrigin(c, deps);
        if (!c.req.header(CSRF_HEADER)) throw new AppError('csrf_rejected', { detail: `Send the ${CSRF_HEADER} header.` });
      }
      await next();
    },
    { requirement: (method) => (isSafeMethod(method) ? [] : [{ csrfToken: [] }]), statuses: [403] },
  );
}

export function checkCsrf(c: Context<AppEnv>, deps: AccountsDeps, session: SessionRecord): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  checkOrigin(c, deps);
  if (!csrfTokenMatches(session, c.req.header(CSRF_HEADER))) {
    throw new AppError('csrf_rejected', { detail: `Send the session's CSRF token in the ${CSRF_HEADER} header.` });
  }
}

/** Resolves the session cookie (401 unauthenticated / session_expired) and applies the CSRF defence (403 csrf_rejected). */
export function requireSession(deps: AccountsDeps): MiddlewareHandler<AppEnv> {
  return declareSecurity(sessionMiddleware(deps), {
    requirement: (method) => [isSafeMethod(method) ? { walletSession: [] } : { walletSession: [], csrfToken: [] }],
    statuses: [401, 403],
  });
}

function sessionMiddleware(deps: AccountsDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const gate = rateGateOf(c);
    const unsafe = !SAFE_METHODS.has(c.req.method);
    if (gate) gate.charged = true;
    let resolved;
    try {
      resolved = await resolveSession(deps, readSessionCookie(c, deps));
    } catch (error) {
      // Without a live session this is an unauthenticated write: charged to the address like any other.
      if (unsafe) await gate?.spend('addressWrites', gate.address);
      if (error instanceof AppError && error.code === 'session_expired') {
        throw new AppError('session_expired', { detail: error.detail, headers: { 'set-cookie': clearingCookieHeader(deps) } });
      }
      throw error;
    }
    if (unsafe) await gate?.spend('accountWrites', resolved.account.id);
    checkCsrf(c, deps, resolved.session);
    c.set('account', resolved.account);
    c.set('session', resolved.session);
    await next();
  };
}

/** Who a live session is: the account, and the passkey (device) it was opened with (null: unknown device). */
export interface SessionHolder {
  accountId: string;
  passkeyId: string | null;
}

/**
 * The account and passkey of a request's session when it has a live one, else undefined; never refuses. For endpoints
 * that accept a session without needing it (the OpenID4VCI credential endpoint binds the holder key to the signed-in
 * account and device).
 */
export function optionalSessionHolder(deps: AccountsDeps): (c: Context<AppEnv>) => Promise<SessionHolder | undefined> {
  return async (c) => {
    try {
      const { account, session } = await resolveSession(deps, readSessionCookie(c, deps));
      return { accountId: account.id, passkeyId: session.passkeyId };
    } catch {
      return undefined;
    }
  };
}
