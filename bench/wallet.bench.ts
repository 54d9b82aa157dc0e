// Wallet benchmarks: the production JavaScript shipped before the first render (gzip), and the time until the home
// screen shows 20 credentials in Chromium under 4x CPU throttling and a slow-4G profile, against an empty Preact page
// built and served the same way as the reference.

import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWalletBuilt } from '../verifier/wallet-build.js';
import { launchBrowser } from '../test/support/browser.js';
import { dukcapilClaims } from '../test/support/issuance.js';
import { repoRoot, startService } from '../test/support/service.js';
import { addVirtualAuthenticator } from '../test/support/virtual-authenticator.js';
import { markdownTable, peakRssMiB, type BenchSection } from './lib.js';
import { serveStatic } from './support/serve-static.js';
import { testNik } from '../test/support/nik.js';

const CREDENTIALS = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ADMIN_TOKEN = 'bench-admin-token-for-the-wallet-benchmark-0123456789';
/** Lighthouse's "slow 4G" as DevTools applies it: 150 ms RTT x 3.75, 1.6 Mbit/s x 0.9 down, 750 kbit/s x 0.9 up. */
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8, uploadThroughput: (750 * 1024 * 0.9) / 8 };
const CPU_SLOWDOWN = 4;

const distDir = join(repoRoot, 'dist', 'wallet');

/** Scripts the HTML references directly (entry + modulepreload): what runs before the shell's first render. */
function entryScripts(dir: string): { files: string[]; raw: number; gzip: number } {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]!);
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = readFileSync(join(dir, f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, raw, gzip };
}

async function buildEmptyPreact(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'sahih-empty-preact-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html lang="en"><body><div id="app"></div><script type="module" src="/src/main.js"></script></body></html>');
  writeFileSync(join(root, 'src', 'main.js'), "import { h, render } from 'preact';\nrender(h('p', { id: 'ready' }, 'Hello'), document.getElementById('app'));\n");
  const { build } = await import('vite');
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    resolve: { alias: { preact: join(repoRoot, 'node_modules', 'preact', 'dist', 'preact.module.js') } },
    build: { outDir: join(root, 'dist'), modulePreload: { polyfill: false }, target: 'es2022' },
  });
  return join(root, 'dist');
}

/** Loads `url` in a fresh tab under throttling; returns ms from navigation start until `ready` holds in the page. */
async function timeToRender(context: BrowserContext, url: string, ready: string, bypassServiceWorker: boolean): Promise<number> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: bypassServiceWorker });
  await cdp.send('Network.setBypassServiceWorker', { bypass: bypassServiceWorker });
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  // Polled from an init script (evaluated over CDP, so the wallet's CSP stays strict) on every animation frame.
  await page.addInitScript(`(() => {
    const check = () => { if (${ready}) { window.__renderedAt = performance.now(); return; } requestAnimationFrame(check); };
    requestAnimationFrame(check);
  })();`);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { __renderedAt?: number }).__renderedAt !== undefined, undefined, { timeout: 120_000 });
  const ms = await page.evaluate(() => (window as unknown as { __renderedAt: number }).__renderedAt);
  await page.close();
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function seedWallet(page: Page, serviceUrl: string): Promise<void> {
  const keyRes = await fetch(`${serviceUrl}/v1/admin/agencies/dukcapil/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ label: 'bench' }),
  });
  const { apiKey } = (await keyRes.json()) as { apiKey: string };
  await addVirtualAuthenticator(page);
  await page.goto(serviceUrl);
  await page.getByRole('button', { name: 'Buat dompet dengan passkey' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kartu saya' }).waitFor();
  for (let i = 0; i < CREDENTIALS; i++) {
    const res = await fetch(`${serviceUrl}/v1/agencies/dukcapil/offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ credentialType: 'ktp-el', claims: { ...dukcapilClaims, nik: testNik(i) } }),
    });
    const { credentialOfferUri } = (await res.json()) as { credentialOfferUri: string };
    await page.goto(`${serviceUrl}/receive${credentialOfferUri.slice(credentialOfferUri.indexOf('?'))}`);
    await page.getByRole('button', { name: 'Terima kartu' }).click();
    await page.getByText('Kartu tersimpan').waitFor();
  }
}

export async function run(): Promise<BenchSection> {
  await ensureWalletBuilt({ root: repoRoot, distDir, log: () => {} });
  const entry = entryScripts(distDir);
  const emptyDist = await buildEmptyPreact();
  const emptyEntry = entryScripts(emptyDist);
  const reference = await serveStatic(emptyDist);
  const service = await startService({ env: { ADMIN_TOKEN } });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'id-ID' });
    const page = await context.newPage();
    await seedWallet(page, service.url);
    await page.evaluate(async () => navigator.serviceWorker.ready);
    const cardsReady = `document.querySelectorAll('.credential-card').length === ${CREDENTIALS}`;
    const wallet = { cold: [] as number[], warm: [] as number[] };
    const empty: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      wallet.cold.push(await timeToRender(context, service.url, cardsReady, true));
      wallet.warm.push(await timeToRender(context, service.url, cardsReady, false));
      empty.push(await timeToRender(context, reference.url, "document.getElementById('ready') !== null", true));
    }
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
    const ms = (v: number) => `${Math.round(v)} ms`;
    const ratio = (v: number) => `${(v / median(empty)).toFixed(1)}x`;
    const sizes = markdownTable(
      ['Page', 'JS before first render', 'raw', 'gzip', 'budget'],
      [
        ['Sahih wallet', entry.files.join(', '), kb(entry.raw), kb(entry.gzip), `60 kB gzip: ${entry.gzip <= 60 * 1024 ? 'within' : 'OVER'}`],
        ['Empty Preact page (reference)', emptyEntry.files.join(', '), kb(emptyEntry.raw), kb(emptyEntry.gzip), '-'],
      ],
    );
    const times = markdownTable(
      ['Page', `median of ${RUNS}`, 'min', 'max', 'vs empty Preact'],
      [
        ['Wallet home, 20 credentials, from the network (service worker bypassed, HTTP cache off)', ms(median(wallet.cold)), ms(Math.min(...wallet.cold)), ms(Math.max(...wallet.cold)), ratio(median(wallet.cold))],
        ['Wallet home, 20 credentials, repeat visit (service worker cache)', ms(median(wallet.warm)), ms(Math.min(...wallet.warm)), ms(Math.max(...wallet.warm)), ratio(median(wallet.warm))],
        ['Empty Preact page (reference, from the network)', ms(median(empty)), ms(Math.min(...empty)), ms(Math.max(...empty)), '1.0x'],
      ],
    );
    return {
      title: 'Wallet: first-render JavaScript and home screen time to render',
      markdown: [
        sizes,
        '',
        `Time from navigation start until the home screen shows all ${CREDENTIALS} credential cards (decrypted from IndexedDB, SD-JWTs decoded), in Chromium with ${CPU_SLOWDOWN}x CPU throttling and slow 4G (${SLOW_4G.latency} ms latency, ${Math.round((SLOW_4G.downloadThroughput * 8) / 1024)} kbit/s down). The reference is an empty Preact page rendering one paragraph, built by Vite and served from localhost under the same throttling.`,
        '',
        times,
        '',
        `Peak RSS of the benchmark process: ${peakRssMiB().toFixed(0)} MiB (the browser and the service run in their own processes).`,
      ].join('\n'),
    };
  } finally {
    await browser?.close();
    await service.stop();
    service.cleanup();
    reference.server.close();
    rmSync(emptyDist, { recursive: true, force: true });
  }
}
