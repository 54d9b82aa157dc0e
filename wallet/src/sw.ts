// The wallet's service worker: precaches the app shell so the wallet opens and shows credentials with no network.
// API calls always go to the network (they are never cached: they carry personal data and must be fresh).

// The repo type-checks with the DOM lib; the worker's own global is typed explicitly here.
const sw = globalThis as unknown as ServiceWorkerGlobalScope;

interface PrecacheManifest {
  version: string;
  files: string[];
}

// Replaced at build time by the precache plugin in vite.config.ts.
const manifest = "__SAHIH_PRECACHE_MANIFEST__" as unknown as PrecacheManifest;
const cacheName = `sahih-shell-${manifest.version}`;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(cacheName);
      await cache.addAll(manifest.files.map((f) => new Request(f, { cache: 'reload' })));
      // The first install activates at once; later updates wait until the user accepts them.
      if (!sw.registration.active) await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith('sahih-shell-') && n !== cacheName).map((n) => caches.delete(n)));
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

function isApi(url: URL): boolean {
  return (
    url.pathname.startsWith('/v1') ||
    url.pathname.startsWith('/.well-known') ||
    url.pathname === '/healthz' ||
    url.pathname.startsWith('/docs') ||
    url.pathname === '/openapi.json'
  );
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin || isApi(url)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(cacheName);
      if (request.mode === 'navigate') {
        // Network first for the page, so a reachable server always serves the current shell; cache when offline.
        try {
          return await fetch(request);
        } catch {
          return (await cache.match('/')) ?? Response.error();
        }
      }
      const cached = await cache.match(request);
      return cached ?? fetch(request);
    })(),
  );
});
