// Vite build for the wallet PWA (the app shell, plus a service worker whose precache list is generated at build time)
// and, as a second build into dist/wallet/console, the agency console.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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
    generateBundle(_options, bundle) {
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
  };
}

const here = import.meta.dirname;

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
      },
    },
  },
  plugins: [precacheManifest(join(here, 'wallet', 'public')), agencyConsole()],
});
