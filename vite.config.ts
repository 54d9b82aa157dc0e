// Vite build for the wallet PWA (the app shell, plus a service worker whose precache list is generated at build time)
// and, as a second build into dist/wallet/console, the agency console.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { build, defineConfig, type Plugin } from 'vite';

// The minifier may re-quote the string literal, so match any quote style.
const PRECACHE_PLACEHOLDER = /(["'`])__SAHIH_PRECACHE_MANIFEST__\1/;

/**
 * Replaces the placeholder in sw.js with the list of built files and a content hash, so every release gets a new
 * cache. Written by hand rather than with vite-plugin-pwa/workbox: those pull in a second bundler toolchain for what
 * is one list of file names.
 */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function precacheManifest(publicDir: string): Plugin {
  return {
    name: 'sahih-precache-manifest',
    apply: 'build',
    // After Vite's own generateBundle hooks: they drop the empty JS chunk of a CSS-only module shared by lazy screens,
    // and a precache list naming a file that is never written makes the service worker's install fail.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const files = Object.keys(bundle)
          .filter((f) => f !== 'sw.js' && !f.endsWith('.map') && f !== '.build-stamp')
          .sort();
        const hash = createHash('sha256');
        for (const f of files) {
          const item = bundle[f]!;
          hash.update(f);
          hash.update(item.type === 'chunk' ? item.code : typeof item.source === 'string' ? item.source : Buffer.from(item.source));
        }
        // Files copied from public/ (icons, web manifest) are not in the bundle but belong to the shell too.
        const publicFiles = listFiles(publicDir).map((f) => relative(publicDir, f).split('\\').join('/')).sort();
        for (const f of publicFiles) {
          hash.update(f);
          hash.update(readFileSync(join(publicDir, f)));
        }
        const manifest = {
          version: hash.digest('hex').slice(0, 16),
          files: ['/', ...[...files, ...publicFiles].map((f) => `/${f}`)],
        };
        const sw = bundle['sw.js'];
        if (!sw || sw.type !== 'chunk') throw new Error('sw.js missing from the bundle');
        if (!PRECACHE_PLACEHOLDER.test(sw.code)) throw new Error('precache placeholder missing from sw.js');
        sw.code = sw.code.replace(PRECACHE_PLACEHOLDER, () => JSON.stringify(manifest));
      },
    },
  };
}

const here = import.meta.dirname;
const FIRST_SCREEN = join(here, 'wallet', 'src', 'routes', 'home', 'index.tsx');
const WALLET_ENTRY = join(here, 'wallet', 'src', 'main.tsx');

type ModuleGraph = { getModuleInfo(id: string): { importedIds: readonly string[] } | null };

/** The modules `root` imports statically, directly or not (dynamic imports start other chunks). */
function staticClosure(graph: ModuleGraph, root: string): Set<string> {
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(graph.getModuleInfo(id)?.importedIds ?? []));
  }
  return seen;
}

/**
 * Puts what the first screen needs beyond the entry into one chunk: the browser allows six HTTP/1.1 connections per
 * host, so on a slow network nine small chunks cost two round trips where one chunk costs one.
 */
function firstScreenChunk(): (id: string, ctx: ModuleGraph) => string | null {
  let firstScreen: Set<string> | undefined;
  return (id, ctx) => {
    if (!firstScreen) {
      const entry = staticClosure(ctx, WALLET_ENTRY);
      firstScreen = new Set([...staticClosure(ctx, FIRST_SCREEN)].filter((m) => !entry.has(m)));
    }
    return firstScreen.has(id) ? 'first-screen' : null;
  };
}

/**
 * The screen a first visit lands on (home) is a lazy route, so its chunk would only be requested once the entry has
 * run: one more round trip on a slow network before anything shows. This lists it, and every chunk it imports
 * statically, as modulepreload links in index.html, so the browser fetches them alongside the entry.
 */
function preloadFirstScreen(routeModule: string): Plugin {
  return {
    name: 'sahih-preload-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((item) => item.type === 'chunk');
        const route = chunks.find((chunk) => chunk.moduleIds.includes(routeModule));
        if (!route) throw new Error(`no chunk for ${routeModule}`);
        const entry = chunks.find((chunk) => chunk.isEntry && chunk.facadeModuleId?.endsWith('index.html'));
        const loaded = new Set([entry?.fileName, ...(entry?.imports ?? [])]);
        const files: string[] = [];
        const visit = (fileName: string) => {
          if (loaded.has(fileName) || files.includes(fileName)) return;
          files.push(fileName);
          const chunk = bundle[fileName];
          if (chunk?.type === 'chunk') chunk.imports.forEach(visit);
        };
        visit(route.fileName);
        return files.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

/**
 * Writes a brotli and a gzip copy beside every text file of the build (the service serves them with
 * `precompressed`): on a slow network the bytes of the first visit are most of its time. Written after the bundle, so
 * the service worker's precache list names only the originals.
 */
function precompress(outDir: string): Plugin {
  return {
    name: 'sahih-precompress',
    apply: 'build',
    writeBundle() {
      for (const file of listFiles(outDir)) {
        if (!/\.(js|css|html|svg|json|webmanifest)$/.test(file)) continue;
        const bytes = readFileSync(file);
        if (bytes.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

/**
 * Builds the agency console (console/, served at /console/) after the wallet, into dist/wallet/console. It is a
 * separate build on purpose: the wallet's service worker precaches only the wallet bundle, so staff pages and their
 * code never end up in a citizen's offline cache.
 */
function agencyConsole(): Plugin {
  return {
    name: 'sahih-agency-console',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        root: join(here, 'console'),
        base: '/console/',
        publicDir: false,
        logLevel: 'warn',
        build: {
          outDir: join(here, 'dist', 'wallet', 'console'),
          emptyOutDir: true,
          modulePreload: { polyfill: false },
          sourcemap: false,
          target: 'es2022',
        },
      });
    },
  };
}

export default defineConfig({
  root: join(here, 'wallet'),
  publicDir: 'public',
  build: {
    outDir: join(here, 'dist', 'wallet'),
    emptyOutDir: true,
    // The polyfill is an inline script, which the CSP (script-src 'self') forbids; every target browser has modulepreload.
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
    rolldownOptions: {
      input: { index: join(here, 'wallet', 'index.html'), sw: join(here, 'wallet', 'src', 'sw.ts') },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
        codeSplitting: { groups: [{ name: firstScreenChunk(), debugName: 'first-screen', includeDependenciesRecursively: false }] },
      },
    },
  },
  plugins: [
    precacheManifest(join(here, 'wallet', 'public')),
    preloadFirstScreen(FIRST_SCREEN),
    precompress(join(here, 'dist', 'wallet')),
    agencyConsole(),
  ],
});
