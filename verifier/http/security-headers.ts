// Baseline security headers on every response: strict CSP (no inline script), no framing, no sniffing.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';

export interface SecurityHeaderOptions {
  /** Extra style sources for pages that need them (the API docs page injects styles). */
  relaxedStylePaths?: string[];
  https: boolean;
}

const baseCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/**
 * The wallet fetches request objects, answers and issuer metadata from verifiers and issuers on their own origins
 * (OpenID4VP / OpenID4VCI with any conformant party), so connect-src and img-src (issuer logos) allow https anywhere;
 * a development service on http also allows the local machine's other ports.
 */
const otherParties = (https: boolean) => (https ? 'https:' : 'https: http://localhost:* http://127.0.0.1:*');

export function contentSecurityPolicy(options: { relaxStyles: boolean; https: boolean }): string {
  const directives = baseCsp.map((d) => {
    // Swagger UI sets style attributes; scripts stay strict everywhere.
    if (d === "style-src 'self'" && options.relaxStyles) return "style-src 'self' 'unsafe-inline'";
    if (d === "connect-src 'self'" || d === "img-src 'self' data: blob:") return `${d} ${otherParties(options.https)}`;
    return d;
  });
  if (options.https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

export function securityHeaders(options: SecurityHeaderOptions): MiddlewareHandler<AppEnv> {
  const common: [string, string][] = [
    ['x-content-type-options', 'nosniff'],
    ['referrer-policy', 'no-referrer'],
    // The wallet scans QR codes, so the camera is allowed for our own origin only.
    ['permissions-policy', 'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()'],
    ['x-frame-options', 'DENY'],
    ['cross-origin-opener-policy', 'same-origin'],
    ['cross-origin-resource-policy', 'same-origin'],
  ];
  if (options.https) common.push(['strict-transport-security', 'max-age=31536000; includeSubDomains']);
  const strict: [string, string][] = [['content-security-policy', contentSecurityPolicy({ relaxStyles: false, https: options.https })], ...common];
  const relaxed: [string, string][] = [['content-security-policy', contentSecurityPolicy({ relaxStyles: true, https: options.https })], ...common];
  const relaxedPaths = options.relaxedStylePaths ?? [];
  return async (c, next) => {
    const path = c.req.path;
    const headers = relaxedPaths.some((p) => path === p || path.startsWith(`${p}/`)) ? relaxed : strict;
    // Set before the handler runs, so they go into the response Hono builds: setting them afterwards makes Hono
    // copy the finished response once per header, a measurable share of every API call.
    for (const [name, value] of headers) c.header(name, value);
    await next();
    // A handler that returned a Response of its own did not take the prepared headers.
    if (!c.res.headers.has('content-security-policy')) for (const [name, value] of headers) c.header(name, value);
  };
}
