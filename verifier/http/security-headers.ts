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

export function contentSecurityPolicy(options: { relaxStyles: boolean; https: boolean }): string {
  const directives = baseCsp.map((d) =>
    // Swagger UI sets style attributes; scripts stay strict everywhere.
    d === "style-src 'self'" && options.relaxStyles ? "style-src 'self' 'unsafe-inline'" : d,
  );
  if (options.https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

export function securityHeaders(options: SecurityHeaderOptions): MiddlewareHandler<AppEnv> {
  const strict = contentSecurityPolicy({ relaxStyles: false, https: options.https });
  const relaxed = contentSecurityPolicy({ relaxStyles: true, https: options.https });
  const relaxedPaths = options.relaxedStylePaths ?? [];
  return async (c, next) => {
    await next();
    const path = new URL(c.req.url).pathname;
    const csp = relaxedPaths.some((p) => path === p || path.startsWith(`${p}/`)) ? relaxed : strict;
    c.header('content-security-policy', csp);
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    // The wallet scans QR codes, so the camera is allowed for our own origin only.
    c.header('permissions-policy', 'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()');
    c.header('x-frame-options', 'DENY');
    c.header('cross-origin-opener-policy', 'same-origin');
    c.header('cross-origin-resource-policy', 'same-origin');
    if (options.https) c.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  };
}
