// The public transparency page in Chromium: no sign-in, the log size and per-agency counts as labelled bar rows of a
// real table (bar proportional to the count, never a sliver; small counts said in words, with no bar), accessible and
// free of codes at 360x740 and 1280x800 in both languages; the shots go to docs/screenshots.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeViolations } from '../support/axe.js';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { repoRoot, startService, type RunningService } from '../support/service.js';
import { demoKey } from '../support/demo-keys.js';
import { testNik } from '../support/nik.js';
import { visibleCodes } from '../support/visible-codes.js';

const PHONE = { width: 360, height: 740 };
const LAPTOP = { width: 1280, height: 800 };
const docsDir = join(repoRoot, 'docs', 'screenshots');

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
    for (let i = 0; i < 12; i++) expect((await declare('bank-nusantara', i)).status).toBe(201);
    for (let i = 20; i < 26; i++) expect((await declare('dukcapil', i)).status).toBe(201);
    expect((await declare('rsud-sehat-sentosa', 99)).status).toBe(201);
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'id-ID', viewport: PHONE })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    service?.cleanup();
  });

  const agencyChart = () => page.getByRole('table', { name: /Pemakaian data per instansi|Data use by agency/ });
  const bar = (row: string) => agencyChart().getByRole('row', { name: new RegExp(row) }).locator('.bar-chart__bar');

  /** Both sizes in the current language: bars readable, axe clean, no code, nothing wider than the screen, photographed. */
  async function look(lang: 'id' | 'en'): Promise<void> {
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
      const label = `transparency-${lang}-${size.width}`;
      const big = (await bar('Bank').boundingBox())!;
      const small = (await bar('Dukcapil|Kependudukan|Population').boundingBox())!;
      // Proportional (12 against 6) and wide enough to see on a phone.
      expect(small.width, `the smaller bar is visible on ${label}`).toBeGreaterThanOrEqual(size === PHONE ? 20 : 60);
      expect(Math.abs(big.width / small.width - 2), `bars proportional on ${label}`).toBeLessThan(0.15);
      expect(big.height).toBeGreaterThanOrEqual(12);
      expect(await visibleCodes(page), `codes visible on ${label}`).toEqual([]);
      expect(await seriousAxeViolations(page, label), `axe on ${label}`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `nothing wider than ${label}`).toBeLessThanOrEqual(size.width);
      // Chromium's own accessibility tree still has the table (the phone layout stacks the rows with CSS).
      expect(await axRoleCounts(page), `table roles on ${label}`).toMatchObject({ table: 3, row: 10, columnheader: 6, rowheader: 7, cell: 7 });
      // The whole page as on a tall screen, so the bottom bar sits at the bottom of the shot, not across a chart.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
      const shot = artifactPath(`${label}.png`);
      await page.screenshot({ path: shot });
      await page.setViewportSize(size);
      mkdirSync(docsDir, { recursive: true });
      copyFileSync(shot, join(docsDir, `${label}.png`));
    }
  }

  /** How many nodes of each role Chromium exposes to assistive technology (from the CDP accessibility tree). */
  async function axRoleCounts(p: Page): Promise<Record<string, number>> {
    const cdp = await p.context().newCDPSession(p);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { ignored?: boolean; role?: { value?: string } }[] };
    await cdp.detach();
    const counts: Record<string, number> = {};
    for (const n of nodes) if (!n.ignored && n.role?.value) counts[n.role.value] = (counts[n.role.value] ?? 0) + 1;
    return counts;
  }

  it('shows the log size and counts per agency as labelled bars without signing in, small counts said in words', async () => {
    await page.goto(`${service.url}/transparency`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Transparansi: pemakaian data warga');
    const table = agencyChart();
    await expect.poll(() => table.getByRole('row').count()).toBe(4);
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Bagian', 'Jumlah']);
    // Each row: the agency as the row header, the number as text beside its bar.
    expect(await table.getByRole('row', { name: /Bank/ }).getByRole('cell').textContent()).toBe('12');
    expect(await table.getByRole('row', { name: /Bank/ }).getByRole('rowheader').textContent()).toContain('Bank Nusantara');
    // A suppressed count is words, with no bar at all.
    const hidden = table.getByRole('row', { name: /RSUD|Sehat/ });
    expect(await hidden.getByRole('cell').textContent()).toBe('kurang dari 5');
    expect(await hidden.locator('.bar-chart__bar').count()).toBe(0);
    expect(await page.locator('dl.facts dd').first().textContent()).toBe('19');
    await look('id');
  });

  it('reads in English too', async () => {
    await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe("Transparency: use of citizens' data");
    expect(await agencyChart().getByRole('row', { name: /RSUD|Sehat/ }).getByRole('cell').textContent()).toBe('fewer than 5');
    await look('en');
  });
});
