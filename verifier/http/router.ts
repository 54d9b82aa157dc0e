// Route conventions: every router validates input with zod schemas that also produce /openapi.json.
import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { ZodError } from 'zod';
import { AppError, type FieldError } from '../errors.js';
import { ProblemSchema } from './error-schemas.js';
import type { AppEnv } from './env.js';
import { completeRoute, registerSharedResponses } from './openapi-conventions.js';

export function fieldErrorsOf(error: ZodError, target: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: `/${[target, ...issue.path.map(String)].join('/')}`,
    message: issue.message,
  }));
}

/** The media type of a Content-Type header, without parameters. */
const essence = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/**
 * 415 for a body in a media type the route does not declare. Stricter than @hono/zod-openapi's own gate, which takes
 * any `+json` type for JSON and multipart for urlencoded forms.
 */
function mediaTypeGate(declared: string[]): MiddlewareHandler<AppEnv> {
  const accepted = new Set(declared.map(essence));
  return async (c, next) => {
    const contentType = c.req.header('content-type');
    if (contentType !== undefined && !accepted.has(essence(contentType))) {
      throw new AppError('unsupported_media_type', { detail: `Send the body as ${[...accepted].join(' or ')}.` });
    }
    await next();
  };
}

/** The route as mounted: documented from the conventions, and with the media-type gate after its auth middleware. */
function conventionalRoute<R extends RouteConfig>(route: R, app: OpenAPIHono<AppEnv>): R {
  const completed = completeRoute(route, app.openAPIRegistry);
  const content = route.request?.body?.content;
  if (!content) return completed;
  const middleware = route.middleware === undefined ? [] : Array.isArray(route.middleware) ? route.middleware : [route.middleware];
  return { ...completed, middleware: [...middleware, mediaTypeGate(Object.keys(content))] };
}

/**
 * A router whose schema failures become `invalid_request` problems naming each field, and whose every operation is
 * completed from the conventions (openapi-conventions.ts) and refuses undeclared body media types.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  const app = createBareRouter();
  registerSharedResponses(app.openAPIRegistry);
  const register = app.openapi;
  app.openapi = ((route: RouteConfig, ...rest: unknown[]) => (register as (...a: unknown[]) => unknown)(conventionalRoute(route, app), ...rest)) as typeof register;
  return app;
}

function createBareRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const target = (result as { target?: string }).target ?? 'body';
      const fieldErrors = fieldErrorsOf(result.error as ZodError, target === 'json' || target === 'form' ? 'body' : target);
      const first = fieldErrors[0];
      throw new AppError('invalid_request', {
        detail: first ? `${first.path}: ${first.message}` : 'The request is invalid.',
        fieldErrors,
      });
    },
  });
}

export { ProblemSchema };

export function problemResponses(...statuses: number[]) {
  const out: Record<number, { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }> = {};
  for (const status of statuses) {
    out[status] = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: ProblemSchema } } };
  }
  return out;
}
