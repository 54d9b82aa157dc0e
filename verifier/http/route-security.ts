// Security in /openapi.json comes from the auth middleware itself: each one declares the scheme it checks, and
// createRouter copies that onto every operation it guards, so the document can never drift from what is enforced.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';

/** Every security scheme the service uses, by its component name in /openapi.json. */
export const securitySchemes = {
  agencyApiKey: { type: 'http', scheme: 'bearer', description: 'An agency API key: `Authorization: Bearer sahih_live_<keyid>_<secret>`.' },
  adminToken: { type: 'http', scheme: 'bearer', description: 'The operator ADMIN_TOKEN: `Authorization: Bearer <ADMIN_TOKEN>`.' },
  accessToken: { type: 'http', scheme: 'bearer', description: 'An OpenID4VCI access token from the token endpoint.' },
  walletSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'sahih_session',
    description: 'The wallet session cookie set by sign-in or sign-up (named `__Host-sahih_session` when the service runs on https).',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Sahih-CSRF',
    description:
      "CSRF defence on POST, PUT, PATCH and DELETE: the session's csrfToken (any non-empty value before a session exists), sent with an Origin header naming the wallet.",
  },
} as const;

export type SecuritySchemeName = keyof typeof securitySchemes;
export type SecurityRequirement = Partial<Record<SecuritySchemeName, string[]>>;

export interface SecurityDeclaration {
  /** The requirement alternatives (OpenAPI security) for an operation with this method. */
  requirement(method: string): SecurityRequirement[];
  /** Statuses the middleware answers when the credential is missing, wrong or not allowed here. */
  statuses: number[];
}

const declarations = new WeakMap<MiddlewareHandler<AppEnv>, SecurityDeclaration>();

/** Marks an auth middleware with the security it enforces; returns the same middleware. */
export function declareSecurity(middleware: MiddlewareHandler<AppEnv>, declaration: SecurityDeclaration): MiddlewareHandler<AppEnv> {
  declarations.set(middleware, declaration);
  return middleware;
}

export function securityOf(middleware: unknown): SecurityDeclaration | undefined {
  return typeof middleware === 'function' ? declarations.get(middleware as MiddlewareHandler<AppEnv>) : undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const isSafeMethod = (method: string) => SAFE_METHODS.has(method.toUpperCase());
