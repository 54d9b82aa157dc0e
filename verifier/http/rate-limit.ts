// Rate limits at the HTTP boundary (verifier/rate-limit/ holds the limiter). This middleware charges requests that
// carry no credential to their client address: reads to a generous budget, writes to a tighter one. Requests to
// areas that demand a credential are charged where the credential is checked instead: per API key after a
// successful agency check, per account for a citizen's writes, and per address for every FAILED API-key or
// admin-token check (a tighter budget; once spent, further credentials from that address are refused unchecked).
// A refusal is 429 `rate_limited` with an integer Retry-After, in the OAuth shape on the OAuth endpoints.
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../errors.js';
import type { RateDecision, RateLimiter } from '../rate-limit/limiter.js';
import type { RateClass } from '../rate-limit/rules.js';
import type { AppEnv } from './env.js';
import { isOAuthEndpoint, onOAuthError } from './oauth-error.js';
import { onError } from './problem.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Every route here authenticates an agency API key or the admin token (verifier/http/agency-auth.ts, admin-auth.ts). */
const CREDENTIAL_AREAS = [/^\/v1\/agencies\//, /^\/v1\/verify$/, /^\/v1\/admin\//];
/** Writes here require a citizen session (verifier/http/session.ts), which charges the account. */
const SESSION_WRITE_AREAS = [/^\/v1\/me\//, /^\/v1\/passkeys(\/|$)/];

/**
 * The address class a request is charged to before routing, or undefined when its credential check charges it.
 * Exported so a test can hold the areas above to the routes that really demand credentials.
 */
export function addressClassOf(method: string, path: string): RateClass | undefined {
  if (CREDENTIAL_AREAS.some((area) => area.test(path))) return undefined;
  if (SAFE_METHODS.has(method)) return 'addressReads';
  if (SESSION_WRITE_AREAS.some((area) => area.test(path)) || (path === '/v1/session' && method === 'DELETE')) return undefined;
  return 'addressWrites';
}

export function rateLimitedError(decision: RateDecision): AppError {
  return new AppError('rate_limited', {
    detail: `Too many requests; try again in ${decision.retryAfterSeconds} seconds.`,
    headers: { 'retry-after': String(decision.retryAfterSeconds) },
  });
}

/** The per-request handle the credential checks use; set on every request as c.get('rateLimit'). */
export class RateGate {
  /** Whether a credential check already charged this request (the middleware then charges nothing after it). */
  charged = false;

  constructor(
    readonly limiter: RateLimiter,
    readonly address: string,
  ) {}

  /** Spends one unit of `cls` for `key`; throws 429 rate_limited when the budget is spent. */
  async spend(cls: RateClass, key: string): Promise<void> {
    const decision = await this.limiter.hit(cls, key);
    if (!decision.allowed) throw rateLimitedError(decision);
  }

  /** Before an API key or admin token is checked: refuses when this address has spent its failure budget. */
  beforeCredentialCheck(): void {
    this.charged = true;
    const spent = this.limiter.exhausted('authFailures', this.address);
    if (spent) throw rateLimitedError(spent);
  }

  /** After a failed API-key or admin-token check: charges the failure; throws 429 once the budget is over. */
  async credentialFailed(): Promise<void> {
    await this.spend('authFailures', this.address);
  }
}

/** The request's gate, when the app installed rate limiting (sample routers in tests may not). */
export function rateGateOf(c: Context<AppEnv>): RateGate | undefined {
  return c.get('rateLimit');
}

export interface RateLimitOptions {
  limiter: RateLimiter;
  /** The request's client address key (verifier/http/client-address.ts). */
  clientAddress: (c: Context) => string;
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const gate = new RateGate(options.limiter, options.clientAddress(c));
    c.set('rateLimit', gate);
    const path = c.req.path;
    const respond = isOAuthEndpoint(path) ? onOAuthError : onError;
    const cls = addressClassOf(c.req.method, path);
    if (cls) {
      const decision = await options.limiter.hit(cls, gate.address);
      if (!decision.allowed) return respond(rateLimitedError(decision), c);
    }
    await next();
    // A request in a credential area that never reached a credential check (an unknown path, a wrong method) is
    // charged to its address afterwards, so such misses cannot be sent without limit either.
    if (!cls && !gate.charged) {
      const decision = await options.limiter.hit(SAFE_METHODS.has(c.req.method) ? 'addressReads' : 'addressWrites', gate.address);
      if (!decision.allowed) c.res = respond(rateLimitedError(decision), c);
    }
  };
}
