// Real Chromium against the served wallet: it renders, registers its service worker, and opens offline.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { startService, type RunningService } from '../support/service.js';

describe('wallet shell in Chromium', () => {
  let service: RunningService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    service = await startService();
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'id-ID' });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    service?.cleanup();
  });

  it('renders the welcome screen in Bahasa Indonesia on http://localhost', async () => {
    expect(service.url).toMatch(/^http:\/\/localhost:\d+$/);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(service.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Selamat datang di Sahih');
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    expect(errors).toEqual([]);
    await page.screenshot({ path: artifactPath('wallet-welcome-id.png'), fullPage: true });
  });

  it('registers its service worker and takes control', async () => {
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${service.url}/`);
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  });

  it('opens with no network and says it is offline', async () => {
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Selamat datang di Sahih');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('luring');
    await context.setOffline(false);
  });

  it('switches to English and remembers it', async () => {
    await page.getByLabel('Bahasa').selectOption('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to Sahih');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to Sahih');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.screenshot({ path: artifactPath('wallet-welcome-en.png'), fullPage: true });
  });
});
