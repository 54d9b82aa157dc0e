// Completes every operation of /openapi.json from the service's conventions, in one place, so the document tells the
// whole truth without each route repeating it: the security its auth middleware enforces (route-security.ts), and each
// error status the boundary can answer — 400 on bad input, 401/403 from auth, 404 for path resources, 405, 408 and 431
// (shared components), 413 on bodies, 415 on declared bodies, 429 with Retry-After, 500 and 503 — in the shape the path answers.
import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { OAuthErrorSchema, ProblemSchema } from './error-schemas.js';
import { isOAuthEndpoint } from './oauth-error.js';
import { securityOf, securitySchemes, type SecurityDeclaration, type SecurityRequirement, type SecuritySchemeName } from './route-security.js';

type Registry = OpenAPIHono<AppEnv>['openAPIRegistry'];
type Responses = RouteConfig['responses'];

const descriptions: Record<number, string> = {
  400: 'The request does not match the schema (invalid_request) or its body cannot be parsed (malformed_body)',
  401: 'The credential is missing, unknown, revoked or expired',
  403: 'The credential does not allow this here',
  404: 'No resource with this id',
  405: 'The path does not answer this method; Allow lists those it answers',
  408: 'The request did not arrive in full in time (request_timeout; answered by the HTTP server itself)',
  413: 'The body is larger than the configured limit (payload_too_large)',
  415: 'The body is not in a media type this operation declares (unsupported_media_type)',
  431: 'The request headers are too large (request_headers_too_large; answered by the HTTP server itself)',
  429: 'Too many requests from this client, key or account (rate_limited); retry after Retry-After seconds',
  500: 'An internal error (internal_error); the body carries no internals, the requestId finds the log line',
  503: 'A dependency is temporarily unavailable (service_unavailable)',
};

const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before retrying (RFC 9110 §10.2.3)', required: true, schema: { type: 'integer' as const, minimum: 0 } },
};

// Components hold plain JSON Schema; the Problem schema component exists because every operation also answers 500.
const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** Shared responses, registered once as components and referenced by every operation. */
const sharedResponses = {
  MethodNotAllowed: {
    status: 405,
    response: {
      description: descriptions[405]!,
      headers: { Allow: { description: 'The methods this path answers', required: true, schema: { type: 'string' as const } } },
      content: problemContent,
    },
  },
  // Node's own rejections (http/client-error.ts), before any route: the same on every operation.
  RequestTimeout: { status: 408, response: { description: descriptions[408]!, content: problemContent } },
  RequestHeadersTooLarge: { status: 431, response: { description: descriptions[431]!, content: problemContent } },
  TooManyRequests: {
    status: 429,
    response: { description: descriptions[429]!, headers: retryAfter, content: problemContent },
  },
} as const;

function errorResponse(status: number, oauth: boolean) {
  const content = oauth ? { 'application/json': { schema: OAuthErrorSchema } } : { 'application/problem+json': { schema: ProblemSchema } };
  return { description: descriptions[status] ?? 'Problem details (RFC 9457)', ...(status === 429 ? { headers: retryAfter } : {}), content };
}

const asArray = (m: RouteConfig['middleware']): unknown[] => (m === undefined ? [] : Array.isArray(m) ? m : [m]);

/** Requirements of several middlewares on one operation must all hold: their alternatives multiply out. */
function allOf(requirements: SecurityRequirement[][]): SecurityRequirement[] {
  return requirements.reduce<SecurityRequirement[]>((acc, next) => {
    if (next.length === 0) return acc;
    if (acc.length === 0) return next;
    return acc.flatMap((a) => next.map((b) => ({ ...a, ...b })));
  }, []);
}

function registerSchemes(registry: Registry, security: SecurityRequirement[]): void {
  for (const name of new Set(security.flatMap((r) => Object.keys(r) as SecuritySchemeName[]))) {
    registry.registerComponent('securitySchemes', name, securitySchemes[name]);
  }
}

/** The error statuses an operation can answer, from its shape alone. */
function errorStatuses(route: RouteConfig, declared: SecurityDeclaration[]): Set<number> {
  const statuses = new Set([405, 408, 429, 431, 500, 503]);
  const request = route.request;
  if (request && (request.params || request.query || request.headers || request.cookies || request.body)) statuses.add(400);
  if (request?.params) statuses.add(404);
  // The body limit applies to every method that may carry a body, declared or not.
  if (!['get', 'head', 'options'].includes(route.method)) statuses.add(413);
  if (request?.body) statuses.add(415);
  // Security declared on the route itself (checked inside the handler, like the OpenID4VCI access token) answers 401.
  if (declared.length === 0 && route.security?.length) statuses.add(401);
  for (const d of declared) for (const s of d.statuses) statuses.add(s);
  return statuses;
}

/** Registers the shared component responses on a router (merged into the app's document when mounted). */
export function registerSharedResponses(registry: Registry): void {
  for (const [name, { response }] of Object.entries(sharedResponses)) registry.registerComponent('responses', name, response);
}

/** The route as documented: security from its middleware, every error status it can answer. */
export function completeRoute<R extends RouteConfig>(route: R, registry: Registry): R {
  const declared = asArray(route.middleware)
    .map((m) => securityOf(m as MiddlewareHandler<AppEnv>))
    .filter((d): d is SecurityDeclaration => d !== undefined);
  const security = declared.length > 0 ? allOf(declared.map((d) => d.requirement(route.method))) : ((route.security ?? []) as SecurityRequirement[]);
  registerSchemes(registry, security);
  const oauth = isOAuthEndpoint(route.path);
  const responses: Responses = { ...route.responses };
  for (const status of errorStatuses(route, declared)) {
    if (responses[status]) continue;
    // 405, 408 and 431 come from the not-found step or the HTTP server, never from an error handler: problem details on every path.
    const shared = oauth && ![405, 408, 431].includes(status) ? undefined : Object.entries(sharedResponses).find(([, r]) => r.status === status)?.[0];
    responses[status] = shared ? { $ref: `#/components/responses/${shared}` } : errorResponse(status, oauth);
  }
  return { ...route, ...(security.length > 0 ? { security } : {}), responses };
}
