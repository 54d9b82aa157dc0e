// The public transparency page in Chromium: no sign-in, the log size and per-agency counts, small counts hidden,
// accessible, in both languages.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeViolations } from '../support/axe.js';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { startService, type RunningService } from '../support/service.js';
import { demoKey } from '../support/demo-keys.js';
import { testNik } from '../support/nik.js';

describe('public transparency page', () => {
  let service: RunningService;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    service = await startService();
    const declare = (agencyId: string, i: number) =>
      fetch(`${service.url}/v1/agencies/${agencyId}/access-declarations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${demoKey(service.output(), agencyId)}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          subject: { nik: testNik(i) },
          legalBasis: 'legal_obligation',
          purposeDescription: { id: 'Pemeriksaan', en: 'Check' },
          dataCategories: ['name'],
        }),
      });
    for (let i = 0; i < 6; i++) expect((await declare('bank-nusantara', i)).status).toBe(201);
    expect((await declare('rsud-sehat-sentosa', 99)).status).toBe(201);
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'id-ID' })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    service?.cleanup();
  });

  it('shows the log size and counts per agency without signing in, hiding counts under 5', async () => {
    await page.goto(`${service.url}/transparency`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Transparansi: pemakaian data warga');
    const agencyTable = page.locator('figure', { hasText: 'Pemakaian data per instansi' });
    await expect.poll(() => agencyTable.getByRole('row').count()).toBe(3);
    const rows = await agencyTable.locator('tbody tr').allTextContents();
    expect(rows.some((r) => /Bank/.test(r) && r.endsWith('6'))).toBe(true);
    expect(rows.some((r) => /RSUD|Sehat/.test(r) && r.includes('kurang dari 5'))).toBe(true);
    expect(await page.locator('dl.facts dd').first().textContent()).toBe('7');
    expect(await seriousAxeViolations(page, 'transparency-id')).toEqual([]);
    await page.screenshot({ path: artifactPath('transparency-id.png'), fullPage: true });
  });

  it('reads in English too', async () => {
    await page.getByLabel('Bahasa').selectOption('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe("Transparency: use of citizens' data");
    expect(await seriousAxeViolations(page, 'transparency-en')).toEqual([]);
    await page.screenshot({ path: artifactPath('transparency-en.png'), fullPage: true });
  });
});
