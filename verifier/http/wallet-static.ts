// Serves the built wallet PWA: hashed assets cached forever, the shell and service worker always revalidated,
// and client-side routes falling back to index.html.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { AppEnv } from './env.js';

export function mountWallet(app: Hono<AppEnv>, distDir: string): void {
  const indexPath = join(distDir, 'index.html');
  app.use(
    '/*',
    serveStatic<AppEnv>({
      root: distDir,
      onFound: (path, c) => {
        const immutable = path.includes('/assets/');
        c.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        if (path.endsWith('.webmanifest')) c.header('content-type', 'application/manifest+json');
        if (path.endsWith('/sw.js')) c.header('service-worker-allowed', '/');
      },
    }),
  );
  // SPA fallback: a GET for an HTML page that is not a file and not an API path gets the app shell.
  app.get('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    const wantsHtml = (c.req.header('accept') ?? '').includes('text/html');
    const isApi = path.startsWith('/v1') || path.startsWith('/.well-known') || path.includes('.');
    if (!wantsHtml || isApi || !existsSync(indexPath)) return next();
    c.header('cache-control', 'no-cache');
    return c.html(readFileSync(indexPath, 'utf8'));
  });
}
