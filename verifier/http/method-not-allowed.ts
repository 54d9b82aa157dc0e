// 405 for a known path asked with a method it does not serve (RFC 9110 §15.5.6: with an Allow header), instead of 404.
import type { Context, Hono } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import { AppError } from '../errors.js';
import type { AppEnv } from './env.js';

/** The methods each concrete route serves. Middleware (method ALL) and catch-all paths (static files) never make a path "known". */
function methodRouter(app: Hono<AppEnv>): TrieRouter<string> {
  const router = new TrieRouter<string>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue;
    router.add('ALL', route.path, route.method.toUpperCase());
  }
  return router;
}

/**
 * The methods a path is served with, or undefined for an unknown path. HEAD goes with GET because Hono answers HEAD
 * through the GET handler.
 */
export function allowedMethods(router: TrieRouter<string>, path: string): string[] | undefined {
  const methods = new Set(router.match('GET', path)[0].map(([method]) => method));
  if (methods.size === 0) return undefined;
  if (methods.has('GET')) methods.add('HEAD');
  const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
  return [...methods].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/**
 * Builds the not-found step: a known path answers method_not_allowed with Allow, anything else not_found. The route
 * table is read on the first miss, once every router is mounted.
 */
export function methodNotAllowed(app: Hono<AppEnv>): (c: Context<AppEnv>) => AppError {
  let router: TrieRouter<string> | undefined;
  return (c) => {
    router ??= methodRouter(app);
    const path = new URL(c.req.url).pathname;
    const allow = allowedMethods(router, path);
    if (!allow) return new AppError('not_found', { detail: `No resource at ${path}.` });
    return new AppError('method_not_allowed', { detail: `${path} answers ${allow.join(', ')}, not ${c.req.method}.`, headers: { allow: allow.join(', ') } });
  };
}
