// /openapi.json (generated from the route schemas) and human API docs at /docs, served from swagger-ui-dist (no CDN).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.js';

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const assets: Record<string, { file: string; type: string }> = {
  'swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
};

const docsHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sahih API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`;

// An external file, not an inline script, so the page runs under the same script-src 'self' CSP as the rest.
const initJs = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});`;

export interface DocsOptions {
  version: string;
  publicUrl: string;
}

export function mountDocs(app: OpenAPIHono<AppEnv>, options: DocsOptions): void {
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Sahih API',
      version: options.version,
      description:
        'Trust registry, credential issuance (OpenID4VCI 1.0), presentation verification (OpenID4VP 1.0 + DCQL), consent records and the tamper-evident access log. Errors are RFC 9457 problem details with a stable `code`.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    servers: [{ url: options.publicUrl }],
  });
  const cache = new Map<string, Uint8Array>();
  app.get('/docs', (c) => c.html(docsHtml));
  app.get('/docs/init.js', (c) => c.body(initJs, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/docs/assets/:name', (c) => {
    const asset = assets[c.req.param('name')];
    if (!asset) return c.notFound();
    let body = cache.get(asset.file);
    if (!body) {
      body = new Uint8Array(readFileSync(join(swaggerDir, asset.file)));
      cache.set(asset.file, body);
    }
    return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' });
  });
}
