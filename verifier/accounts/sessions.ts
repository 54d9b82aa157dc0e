// Sessions: random cookie values stored only as hashes, with idle and absolute expiry and a per-session CSRF token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';
import type { AccountRecord, SessionRecord } from '../store/types.js';
import type { AccountsDeps } from './deps.js';

export interface IssuedSession {
  /** The cookie value; only its hash is stored. */
  token: string;
  session: SessionRecord;
}

export interface ResolvedSession {
  account: AccountRecord;
  session: SessionRecord;
}

/** Sessions are touched at most this often, to avoid a write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function idleMs(deps: AccountsDeps): number {
  return deps.config.session.idleMinutes * 60_000;
}

export function absoluteMs(deps: AccountsDeps): number {
  return deps.config.session.maxHours * 3_600_000;
}

/**
 * Starts a fresh session for the account, remembering the passkey that signed in (so a lost device's sessions can be
 * ended); `replacing` (the cookie presented with the sign-in, if any) is ended: sessions rotate.
 */
export async function startSession(deps: AccountsDeps, who: { accountId: string; passkeyId: string }, replacing?: string): Promise<IssuedSession> {
  const { accountId, passkeyId } = who;
  if (replacing) await deps.store.sessions.delete(hashSessionToken(replacing));
  const now = deps.now();
  const token = randomBytes(32).toString('base64url');
  const session: SessionRecord = {
    idHash: hashSessionToken(token),
    accountId,
    csrfToken: randomBytes(24).toString('base64url'),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + absoluteMs(deps),
    passkeyId,
  };
  await deps.store.sessions.create(session);
  // Opportunistic clean-up keeps the tables small without a background job.
  await deps.store.sessions.purgeExpired(now, idleMs(deps));
  await deps.store.webauthnChallenges.purgeExpired(now);
  return { token, session };
}

/** Resolves a cookie to its account; throws unauthenticated (no such session) or session_expired (idle or too old). */
export async function resolveSession(deps: AccountsDeps, token: string | undefined): Promise<ResolvedSession> {
  if (!token) throw new AppError('unauthenticated', { detail: 'Sign in with your passkey.' });
  const idHash = hashSessionToken(token);
  const session = await deps.store.sessions.get(idHash);
  if (!session) throw new AppError('unauthenticated', { detail: 'Sign in with your passkey.' });
  const now = deps.now();
  if (now >= session.expiresAt || now - session.lastSeenAt >= idleMs(deps)) {
    await deps.store.sessions.delete(idHash);
    throw new AppError('session_expired', { detail: 'Sign in again with your passkey.' });
  }
  const account = await deps.store.accounts.get(session.accountId);
  if (!account) throw new AppError('unauthenticated', { detail: 'Sign in with your passkey.' });
  if (now - session.lastSeenAt >= TOUCH_INTERVAL_MS) {
    await deps.store.sessions.touch(idHash, now);
    session.lastSeenAt = now;
  }
  return { account, session };
}

export async function endSession(deps: AccountsDeps, session: SessionRecord): Promise<void> {
  await deps.store.sessions.delete(session.idHash);
}

/** When the session lapses if left idle, capped by its absolute expiry. */
export function sessionExpiresAt(deps: AccountsDeps, session: SessionRecord): number {
  return Math.min(session.expiresAt, session.lastSeenAt + idleMs(deps));
}

export function csrfTokenMatches(session: SessionRecord, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
