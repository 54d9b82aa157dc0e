// Wallet backup seal and open (wallet/src/lib/backup-seal.ts) in Chromium under 4x CPU throttling: a backup of 20
// credentials and 1,000 history entries, sealed (JSON, gzip, AES-GCM, base64url) and opened (the passkey slot's HKDF
// unwrap, AES-GCM, gunzip, JSON), against raw WebCrypto AES-GCM over the same JSON bytes in the same page and run.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { encodeBase64url } from '../shared/encoding/base64url.js';
import { launchBrowser } from '../test/support/browser.js';
import { dukcapilClaims } from '../test/support/issuance.js';
import { testNik } from '../test/support/nik.js';
import { repoRoot } from '../test/support/service.js';
import { markdownTable, peakRssMiB, type BenchSection } from './lib.js';
import { serveStatic } from './support/serve-static.js';

const CREDENTIALS = 20;
const HISTORY = 1_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CPU_SLOWDOWN = 4;

const random = (n: number) => encodeBase64url(crypto.getRandomValues(new Uint8Array(n)));
const b64json = (v: unknown) => encodeBase64url(new TextEncoder().encode(JSON.stringify(v)));

/** An SD-JWT VC shaped like Dukcapil's KTP-el (random salts, digests, key and signature: as incompressible as real). */
function credential(i: number) {
  const claims: Record<string, unknown> = { ...dukcapilClaims, nik: testNik(i) };
  const disclosures = Object.entries(claims).map(([name, value]) => b64json([random(16), name, value]));
  const payload = {
    iss: 'https://sahih.example/issuers/dukcapil',
    vct: 'https://sahih.example/credential-types/ktp-el',
    iat: 1_765_000_000 + i,
    exp: 1_900_000_000,
    cnf: { jwk: { kty: 'EC', crv: 'P-256', x: random(32), y: random(32) } },
    status: { status_list: { uri: 'https://sahih.example/v1/status-lists/dukcapil-0a1b2c', idx: 1000 + i } },
    _sd: disclosures.map(() => random(32)),
    _sd_alg: 'sha-256',
  };
  const sdJwt = `${b64json({ alg: 'ES256', typ: 'dc+sd-jwt', kid: 'dukcapil-1' })}.${b64json(payload)}.${random(64)}~${disclosures.join('~')}~`;
  const label = (id: string, en: string) => [{ locale: 'id', name: id }, { locale: 'en', name: en }];
  return {
    id: crypto.randomUUID(),
    keyId: crypto.randomUUID(),
    sdJwt,
    issuer: payload.iss,
    configurationId: 'ktp-el',
    issuerDisplay: label('Dukcapil', 'Dukcapil'),
    credentialDisplay: label('KTP elektronik', 'Electronic ID card'),
    claimsMeta: Object.keys(claims).map((name) => ({ path: [name], display: label(name, name) })),
    receivedAt: 1_765_000_000_000 + i,
    status: { state: 'valid', checkedAt: 1_765_000_000_000 },
  };
}

/** A history entry as the wallet keeps it: names, ids, the log receipt and the signed consent record (JWS). */
function historyEntry(i: number) {
  const record = { recordId: crypto.randomUUID(), subject: { holderKeyThumbprint: random(32) }, purpose: { code: 'patient_registration' }, dataItems: [{ name: 'nik' }, { name: 'name' }], createdAt: 1_765_000_000 + i };
  return {
    id: crypto.randomUUID(),
    requestId: crypto.randomUUID(),
    agencyId: 'rsud-sehat-sentosa',
    agencyName: 'RSUD Sehat Sentosa',
    credentialId: crypto.randomUUID(),
    purposeCode: 'patient_registration',
    claimNames: ['name', 'nik'],
    decision: 'shared',
    at: 1_765_000_000_000 + i * 60_000,
    receipt: { eventId: crypto.randomUUID(), leafIndex: i },
    consentRecordId: record.recordId,
    consentRecordJws: `${b64json({ alg: 'ES256', typ: 'sahih-consent+jwt' })}.${b64json(record)}.${random(64)}`,
  };
}

/** The page: the wallet's own module, bundled by Vite, and a function the bench calls with the content. */
async function buildPage(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'sahih-backup-bench-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html lang="en"><body><p id="ready">ready</p><script type="module" src="/src/main.js"></script></body></html>');
  writeFileSync(
    join(root, 'src', 'main.js'),
    `import { createBackupKeys, openBackup, sealBackup } from ${JSON.stringify(join(repoRoot, 'wallet', 'src', 'lib', 'backup-seal.ts'))};
const time = async (fn) => { const t = performance.now(); const r = await fn(); return [performance.now() - t, r]; };
window.benchBackup = async (content, runs) => {
  const prf = crypto.getRandomValues(new Uint8Array(32)).buffer;
  const keys = await createBackupKeys({ passkey: { credentialId: 'bench', prf, salt: crypto.getRandomValues(new Uint8Array(32)) } });
  const plain = new TextEncoder().encode(JSON.stringify(content));
  const rawKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const out = { seal: [], open: [], rawEncrypt: [], rawDecrypt: [], plainBytes: plain.length, sealedBytes: 0 };
  for (let i = 0; i < runs; i++) {
    const [sealMs, sealed] = await time(() => sealBackup(keys, content));
    const [openMs] = await time(() => openBackup(sealed, { kind: 'passkey', prf }));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const [encMs, ct] = await time(() => crypto.subtle.encrypt({ name: 'AES-GCM', iv }, rawKey, plain));
    const [decMs] = await time(() => crypto.subtle.decrypt({ name: 'AES-GCM', iv }, rawKey, ct));
    out.seal.push(sealMs); out.open.push(openMs); out.rawEncrypt.push(encMs); out.rawDecrypt.push(decMs);
    out.sealedBytes = sealed.length;
  }
  return out;
};
`,
  );
  const { build } = await import('vite');
  await build({ root, configFile: false, logLevel: 'silent', build: { outDir: join(root, 'dist'), modulePreload: { polyfill: false }, target: 'es2022' } });
  return root;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(): Promise<BenchSection> {
  const root = await buildPage();
  const page = await serveStatic(join(root, 'dist'));
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const tab = await (await browser.newContext()).newPage();
    const cdp = await tab.context().newCDPSession(tab);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await cdp.send('Performance.enable');
    await tab.goto(page.url);
    await tab.waitForFunction(() => typeof (window as unknown as { benchBackup?: unknown }).benchBackup === 'function');
    const content = {
      format: 'sahih-backup-content/1',
      credentials: Array.from({ length: CREDENTIALS }, (_, i) => credential(i)),
      presentations: Array.from({ length: HISTORY }, (_, i) => historyEntry(i)),
      logPins: [['checkpoint', { size: 123_456, root: random(32), note: `sahih.example/log\n123456\n${random(32)}\n\n— sahih.example/log ${random(68)}\n` }]],
      settings: { locale: 'id' },
    };
    const r = await tab.evaluate(
      ([c, runs]) => (window as unknown as { benchBackup: (c: unknown, runs: number) => Promise<Record<string, number[]> & { plainBytes: number; sealedBytes: number }> }).benchBackup(c, runs),
      [content, RUNS] as const,
    );
    const metrics = (await cdp.send('Performance.getMetrics')).metrics;
    const heapMiB = (metrics.find((m) => m.name === 'JSHeapTotalSize')?.value ?? 0) / 1024 / 1024;
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    const row = (name: string, values: number[], reference: number[]) => [name, ms(median(values)), ms(Math.min(...values)), ms(Math.max(...values)), `${(median(values) / median(reference)).toFixed(1)}x`];
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;
    const times = markdownTable(
      ['Operation', `median of ${RUNS}`, 'min', 'max', 'vs raw AES-GCM'],
      [
        row('Seal (JSON, gzip, AES-GCM, base64url, outer JSON)', r.seal!, r.rawEncrypt!),
        row('Open (passkey slot: HKDF + unwrap, AES-GCM, gunzip, JSON)', r.open!, r.rawDecrypt!),
        row('Raw WebCrypto AES-GCM encrypt of the same JSON bytes (reference)', r.rawEncrypt!, r.rawEncrypt!),
        row('Raw WebCrypto AES-GCM decrypt (reference)', r.rawDecrypt!, r.rawDecrypt!),
      ],
    );
    return {
      title: 'Wallet backup: seal and open time and size',
      markdown: [
        `\`npm run bench backup-seal\`. A backup of ${CREDENTIALS} KTP-el-shaped SD-JWT VCs and ${HISTORY.toLocaleString('en-US')} history entries (each with its signed consent record), sealed and opened by \`wallet/src/lib/backup-seal.ts\` bundled by Vite, in Chromium with ${CPU_SLOWDOWN}x CPU throttling (CDP \`Emulation.setCPUThrottlingRate\`). Synthetic content: salts, digests, keys and signatures are random bytes, so it compresses like real data. The reference is WebCrypto AES-GCM over the same JSON bytes in the same page and run.`,
        '',
        times,
        '',
        "The seal runs in the background after a change (state/backup.ts), never on a screen's path; an open runs once per restore. Which step makes up the seal's ratio over raw AES-GCM (JSON, gzip through CompressionStream, base64url in JavaScript) is not broken down yet.",
        '',
        markdownTable(
          ['Size', 'bytes'],
          [
            ['Content as JSON', kb(r.plainBytes)],
            ['Sealed backup (what the service stores and the file holds)', `${kb(r.sealedBytes)} (${((r.sealedBytes / r.plainBytes) * 100).toFixed(0)}% of the JSON)`],
          ],
        ),
        '',
        `Peak RSS of the benchmark process: ${peakRssMiB().toFixed(0)} MiB; the page's JS heap after the runs: ${heapMiB.toFixed(0)} MiB (Chromium runs in its own processes).`,
      ].join('\n'),
    };
  } finally {
    await browser?.close();
    page.server.close();
    rmSync(root, { recursive: true, force: true });
  }
}
