// Serves the agency console's shell at /console/ (a separate Vite entry built into DIST/wallet/console): every HTML
// navigation under /console gets the console's index.html; its hashed assets are served by the wallet's static mount.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from './env.js';

export function mountConsole(app: Hono<AppEnv>, consoleDist: string): void {
  const indexPath = join(consoleDist, 'index.html');
  // Built before the service starts: read once.
  let shell: string | undefined;
  app.get('/console', (c) => c.redirect('/console/', 301));
  app.get('/console/*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    const wantsHtml = (c.req.header('accept') ?? '').includes('text/html');
    if (!wantsHtml || (path.includes('.') && !path.endsWith('/index.html')) || !existsSync(indexPath)) return next();
    c.header('cache-control', 'no-cache');
    shell ??= readFileSync(indexPath, 'utf8');
    return c.html(shell);
  });
}
