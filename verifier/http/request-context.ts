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
    const log = logger.child({ requestId });
    c.set('logger', log);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    // The path only: query strings can carry offer codes and other secrets.
    log.info(
      { method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  };
}
