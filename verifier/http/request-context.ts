// Request id and access log: every request gets an id (echoed as X-Request-Id) and one log line with no body or query.
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { AppEnv } from './env.js';

const validIncomingId = /^[A-Za-z0-9._-]{8,64}$/;

export function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && validIncomingId.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', requestId);
    // The service logger itself, not a per-request child: lines that need the id carry it (a child per request
    // was a measurable share of a verification's cost).
    c.set('logger', logger);
    c.header('x-request-id', requestId);
    const started = performance.now();
    await next();
    if (!c.res.headers.has('x-request-id')) c.header('x-request-id', requestId);
    // The path only: query strings can carry offer codes and other secrets.
    logger.info({ requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  };
}
