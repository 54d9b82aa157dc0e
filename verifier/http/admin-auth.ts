// Operator authentication for /v1/admin: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.js';
import { bearerToken } from './agency-auth.js';
import type { AppEnv } from './env.js';
import { rateGateOf } from './rate-limit.js';
import { declareSecurity } from './route-security.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function requireAdmin(adminToken: string | undefined): MiddlewareHandler<AppEnv> {
  const expected = adminToken ? digest(adminToken) : undefined;
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const gate = rateGateOf(c);
    gate?.beforeCredentialCheck();
    const presented = bearerToken(c.req.header('authorization'));
    if (!expected || !presented || !timingSafeEqual(expected, digest(presented))) {
      await gate?.credentialFailed();
      throw new AppError('unauthenticated', { detail: 'Send the operator ADMIN_TOKEN as a Bearer token.', headers: { 'www-authenticate': 'Bearer' } });
    }
    await next();
  };
  return declareSecurity(middleware, { requirement: () => [{ adminToken: [] }], statuses: [401] });
}
