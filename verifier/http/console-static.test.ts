// The console mount: /console redirects to /console/, every console HTML path gets the console's shell (not the
// wallet's) under the same strict CSP, and the wallet's fallback still serves everything else.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.js';

describe('console static mount', () => {
  let t: TestApp;
  let dist: string;
  const html = { accept: 'text/html' };

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'sahih-dist-'));
    mkdirSync(join(dist, 'console', 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>wallet</title>');
    writeFileSync(join(dist, 'console', 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dist, 'console', 'assets', 'index-abc.js'), 'export {};');
    t = await createTestApp({ walletDist: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the console shell for its client-side routes, with the strict CSP', async () => {
    const bare = await t.app.request('/console', { headers: html });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/console/');
    for (const path of ['/console/', '/console/issue', '/console/accountability']) {
      const res = await t.app.request(path, { headers: html });
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<title>console</title>');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'; style-src 'self'");
    }
    const asset = await t.app.request('/console/assets/index-abc.js');
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('export {};');
    expect(await (await t.app.request('/receive', { headers: html })).text()).toContain('<title>wallet</title>');
  });
});
