// Request body size limit. A declared Content-Length is checked from the header alone; only a body without one
// (chunked) goes through Hono's counting middleware. Asking for the body stream up front, as Hono's middleware does
// for every request, makes @hono/node-server build a full WHATWG Request per call — a measurable share of an API call.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as countingBodyLimit } from 'hono/body-limit';
import { AppError } from '../errors.js';
import type { AppEnv } from './env.js';

export interface BodyLimitOptions {
  /** Larger limits for exact paths (e.g. the sealed backup upload), which then check their own content size. */
  larger?: Record<string, number>;
}

export function bodyLimit(maxSize: number, options: BodyLimitOptions = {}): MiddlewareHandler<AppEnv> {
  const larger = Object.entries(options.larger ?? {});
  const fallback = limitTo(maxSize);
  const byPath = new Map(larger.map(([path, size]) => [path, limitTo(size)]));
  return (c, next) => (byPath.get(c.req.path) ?? fallback)(c, next);
}

function limitTo(maxSize: number): MiddlewareHandler<AppEnv> {
  const tooLarge = () => new AppError('payload_too_large', { detail: `The body must be at most ${maxSize} bytes.` });
  const counting = countingBodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && /^\d+$/.test(declared) && c.req.header('transfer-encoding') === undefined) {
      // Node's HTTP parser delivers exactly the declared length, so the header is the body's size.
      if (Number(declared) > maxSize) throw tooLarge();
      return next();
    }
    return counting(c, next);
  };
}
