// Serves the built wallet PWA: hashed assets cached forever, the shell and service worker always revalidated,
// compressed copies when the browser accepts them, and client-side routes falling back to index.html.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { AppEnv } from './env.js';

export function mountWallet(app: Hono<AppEnv>, distDir: string): void {
  const indexPath = join(distDir, 'index.html');
  // The shell only changes with a new build, which happens before the service starts: read it once.
  let shell: string | undefined;
  // Caching headers are set after the static handler has answered: @hono/node-server's serveStatic calls `onFound`
  // only after it has built the response, so headers set there are lost.
  app.use('/*', async (c, next) => {
    await next();
    if (c.res.status !== 200 && c.res.status !== 304) return;
    const path = new URL(c.req.url).pathname;
    if (c.res.headers.has('cache-control')) return;
    c.res.headers.set('cache-control', path.startsWith('/assets/') || path.startsWith('/console/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (path.endsWith('.webmanifest')) c.res.headers.set('content-type', 'application/manifest+json');
    if (path === '/sw.js') c.res.headers.set('service-worker-allowed', '/');
  });
  // The build writes .br and .gz copies of its text files (vite.config.ts); they are served to browsers that accept them.
  app.use('/*', serveStatic<AppEnv>({ root: distDir, precompressed: true }));
  // SPA fallback: a GET for an HTML page that is not a file and not an API path gets the app shell.
  app.get('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    const wantsHtml = (c.req.header('accept') ?? '').includes('text/html');
    const isApi = path.startsWith('/v1') || path.startsWith('/.well-known') || path.includes('.');
    if (!wantsHtml || isApi || !existsSync(indexPath)) return next();
    c.header('cache-control', 'no-cache');
    shell ??= readFileSync(indexPath, 'utf8');
    return c.html(shell);
  });
}
