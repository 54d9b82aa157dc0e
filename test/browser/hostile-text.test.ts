// Agency-supplied text is rendered as text (issue 16): an agency registered through the admin API with markup in its
// legal name, contacts and purpose description — and a javascript: privacy notice URL written straight into the
// database, as a row from before registration refused them would be — is shown literally in real Chromium on the
// wallet's consent screen, the agency console and the API docs (/docs, Swagger UI "Try it out"). Each test asserts
// that no script ran (no dialog, no page error, no element built from the markup), that the literal text is visible,
// and that the javascript: notice is not a followable link.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApiKey, agencyRequest } from '../support/agency-api.js';
import { launchBrowser } from '../support/browser.js';
import { startService, type RunningService } from '../support/service.js';
import { openWallet, receiveKtp } from '../support/wallet-journey.js';

const ADMIN_TOKEN = 'test-admin-token-for-the-hostile-text-tests-0123456789abcd';
const AGENCY = 'dinas-uji-markup';
const NAME = 'Dinas <img src=x onerror=alert(1)> Uji <script>alert(2)</script>';
const CONTACT = '<b onmouseover=alert(3)>kontak@dinas.example</b>';
const PURPOSE_ID = 'Pemeriksaan <img src=y onerror=alert(4)> data';
const PURPOSE_EN = 'Checking <svg onload=alert(5)> data';
const NOTICE = 'javascript:alert(6)';

/** Everything that would show a script ran, or that the markup became elements. */
function watch(page: Page): { dialogs: string[]; errors: string[] } {
  const seen = { dialogs: [] as string[], errors: [] as string[] };
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  return seen;
}

const injected = (page: Page) =>
  page.evaluate(() => document.querySelectorAll('img[src="x"], img[src="y"], svg[onload], b[onmouseover], script:not([src])').length);

describe('agency-supplied markup renders as text', () => {
  let service: RunningService;
  let browser: Browser | undefined;
  let key = '';

  const admin = (path: string, body: unknown) =>
    fetch(`${service.url}/v1/admin${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify(body) });

  beforeAll(async () => {
    service = await startService({ env: { ADMIN_TOKEN } });
    const agency = { id: AGENCY, legalName: NAME, contact: CONTACT, dpoContact: CONTACT, privacyNoticeUrl: NOTICE, role: 'verifier' };
    // The API refuses a notice URL that is not http(s), with a code and the field.
    const refused = await admin('/agencies', agency);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'invalid_request', errors: [{ path: '/body/privacyNoticeUrl' }] });
    expect((await admin('/agencies', { ...agency, privacyNoticeUrl: 'https://dinas.example/privasi' })).status).toBe(201);
    const purpose = {
      code: 'pemeriksaan_uji',
      description: { id: PURPOSE_ID, en: PURPOSE_EN },
      legalBasis: 'consent',
      claims: [
        { credentialType: 'ktp-el', path: ['nik'] },
        { credentialType: 'ktp-el', path: ['name'] },
      ],
      maxRetentionDays: 30,
    };
    expect((await admin(`/agencies/${AGENCY}/purposes`, purpose)).status).toBe(201);
    key = await adminApiKey(service.url, ADMIN_TOKEN, AGENCY, 'hostile text test');
    // A row from before the check: the notice URL is a script URL.
    const db = new Database(join(service.dataDir, 'sahih.db'));
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare('UPDATE agencies SET privacy_notice_url = ? WHERE id = ?').run(NOTICE, AGENCY);
    } finally {
      db.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    service?.cleanup();
  });

  it('wallet: the consent screen shows the name, contact and purpose literally, and the notice is not a link', async () => {
    const errors: string[] = [];
    const wallet = await openWallet(service.url, errors);
    try {
      const seen = watch(wallet.page);
      const dukcapil = await adminApiKey(service.url, ADMIN_TOKEN, 'dukcapil', 'hostile text test');
      await receiveKtp(wallet.page, service.url, dukcapil);
      const res = await agencyRequest(service.url, key, AGENCY, '/presentation-requests', {
        responseMode: 'poll',
        purposeCode: 'pemeriksaan_uji',
        credentialType: 'ktp-el',
        claims: [{ path: ['name'], required: true }],
        retentionDays: 30,
      });
      const created = (await res.json()) as { sameDeviceUrl: string };
      expect(res.status, JSON.stringify(created)).toBe(201);
      await wallet.page.goto(created.sameDeviceUrl);
      await wallet.page.locator('details.present-details > summary').click();
      const facts = wallet.page.locator('.consent-facts');
      await facts.waitFor();
      await expect.poll(() => facts.textContent()).toContain(NAME);
      expect(await facts.textContent()).toContain(CONTACT);
      expect(await facts.textContent()).toContain(PURPOSE_ID);
      expect(await wallet.page.getByText(NAME, { exact: false }).first().isVisible()).toBe(true);
      // The notice: no link anywhere points at it; its address is shown as text instead.
      expect(await wallet.page.locator('a[href^="javascript:" i]').count()).toBe(0);
      const notice = wallet.page.locator('.consent-facts__notice');
      expect(await notice.locator('a').count()).toBe(0);
      expect(await notice.textContent()).toContain(NOTICE);
      await notice.click();
      expect(await injected(wallet.page)).toBe(0);
      expect({ dialogs: seen.dialogs, errors: [...seen.errors, ...errors] }).toEqual({ dialogs: [], errors: [] });
    } finally {
      await wallet.browser.close();
    }
  });

  it('console: the sign-in list and the signed-in screen show the legal name literally', async () => {
    browser ??= await launchBrowser();
    const page = await (await browser.newContext({ locale: 'id-ID' })).newPage();
    const seen = watch(page);
    await page.goto(`${service.url}/console/`);
    const select = page.getByLabel('Instansi', { exact: true });
    await expect.poll(() => select.locator(`option[value="${AGENCY}"]`).textContent()).toBe(NAME);
    await select.selectOption(AGENCY);
    await page.getByLabel('Kunci API', { exact: true }).fill(key);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Selamat datang, ${NAME}`);
    expect(await page.getByText(`Masuk sebagai ${NAME}`).isVisible()).toBe(true);
    expect(await injected(page)).toBe(0);
    expect(seen).toEqual({ dialogs: [], errors: [] });
  });

  it('/docs: a registry response tried out in Swagger UI shows the markup as text', async () => {
    browser ??= await launchBrowser();
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    const seen = watch(page);
    await page.goto(`${service.url}/docs`);
    const operation = page.locator('.opblock').filter({ hasText: 'One registered agency' });
    await operation.locator('.opblock-summary').first().click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.locator('input[placeholder="agencyId"]').fill(AGENCY);
    await operation.getByRole('button', { name: 'Execute' }).click();
    const body = operation.locator('.live-responses-table .response-col_description .microlight, .live-responses-table .response-col_description pre').first();
    await expect.poll(() => body.textContent(), { timeout: 20_000 }).toContain('Dinas <img src=x onerror=alert(1)>');
    expect(await body.textContent()).toContain('<script>alert(2)</script>');
    expect(await body.textContent()).toContain(NOTICE);
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
    expect(await injected(page)).toBe(0);
    expect(seen).toEqual({ dialogs: [], errors: [] });
  });
});
