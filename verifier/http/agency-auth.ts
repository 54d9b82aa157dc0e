// Agency authentication: `Authorization: Bearer sahih_live_<keyid>_<secret>`. The key's agency must be the one named
// in the path (`{agencyId}`), so a key can never act for another agency.
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.js';
import { authenticateApiKey } from '../registry/api-keys.js';
import type { RegistryContext } from '../registry/context.js';
import type { AppEnv } from './env.js';
import { rateGateOf } from './rate-limit.js';
import { declareSecurity } from './route-security.js';

export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

export function requireAgency(ctx: RegistryContext, options: { pathParam?: string } = { pathParam: 'agencyId' }): MiddlewareHandler<AppEnv> {
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const gate = rateGateOf(c);
    gate?.beforeCredentialCheck();
    let authenticated;
    try {
      authenticated = await authenticateApiKey(ctx, bearerToken(c.req.header('authorization')));
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_api_key') await gate?.credentialFailed();
      throw error;
    }
    const { agency, keyId } = authenticated;
    await gate?.spend('apiKey', keyId);
    const named = options.pathParam ? c.req.param(options.pathParam) : undefined;
    if (named !== undefined && named !== agency.id) {
      throw new AppError('agency_mismatch', { detail: `This API key belongs to ${agency.id}, not ${named}.` });
    }
    c.set('agency', agency);
    await next();
  };
  // 401: no, unknown or revoked key; 403: the key's agency is suspended or not the one in the path.
  return declareSecurity(middleware, { requirement: () => [{ agencyApiKey: [] }], statuses: [401, 403] });
}
