// Every wallet journey walked as a citizen on a cheap phone would: with the names a person reads (roles, labels,
// visible text), at 360x740 and 1280x800, in Bahasa Indonesia and English. Each screen must pass axe-core (WCAG 2.2
// A/AA, no serious or critical) and show no code (snake_case, UUID, ISO date, JSON) outside "Detail teknis". The
// phone-size shots go to docs/screenshots for DEMO.md. Also: one scan state at a time, the first activity entry above
// the fold, status words that follow a withdrawal, a refusal explained as a refusal, no "complain" under the
// citizen's own requests, consents under "Hak saya" as links, the consent flow walked with the keyboard only, a
// typical consent on one phone screen, a refusal receipt in plain words, and every other screen (card detail, consents,
// opening a request, moving a card, backup, lost phone, account deletion, inbox, agency page, not found) checked too.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApiKey, agencyRequest } from '../support/agency-api.js';
import { seriousAxeViolations } from '../support/axe.js';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { dukcapilClaims } from '../support/issuance.js';
import { repoRoot, startService, type RunningService } from '../support/service.js';
import { reportUnknownCodes } from '../support/unknown-codes.js';
import { addVirtualAuthenticator } from '../support/virtual-authenticator.js';
import { visibleCodes } from '../support/visible-codes.js';
import { createWalletAccount, hospitalRequest } from '../support/wallet-journey.js';

const ADMIN_TOKEN = 'test-admin-token-for-the-wallet-screens-tests-0123456789';
const HOSPITAL = 'rsud-sehat-sentosa';
const PHONE = { width: 360, height: 740 };
const LAPTOP = { width: 1280, height: 800 };
const docsDir = join(repoRoot, 'docs', 'screenshots');

describe('wallet screens at phone and laptop size, in both languages', () => {
  let service: RunningService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const keys: Record<string, string> = {};
  const errors: string[] = [];

  const heading = () => page.getByRole('heading', { level: 1 }).textContent();
  const setLanguage = async (lang: 'id' | 'en') => {
    const select = page.getByLabel(lang === 'id' ? 'Language' : 'Bahasa', { exact: true });
    if ((await select.count()) === 0) return;
    await select.selectOption(lang);
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe(lang);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
  };

  /**
   * The screen in both languages at both sizes: axe clean, no visible code, photographed (phone shots into
   * docs/screenshots when `docs`). Leaves the page in Bahasa Indonesia at phone size.
   */
  async function look(name: string, options: { docs?: boolean } = {}): Promise<void> {
    for (const lang of ['id', 'en'] as const) {
      await setLanguage(lang);
      for (const size of [LAPTOP, PHONE]) {
        await page.setViewportSize(size);
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
        const label = `wallet-screens-${name}-${lang}-${size.width}`;
        expect(await visibleCodes(page), `codes visible on ${label}`).toEqual([]);
        expect(await seriousAxeViolations(page, label), `axe on ${label}`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `nothing wider than ${label}`).toBeLessThanOrEqual(size.width);
        const shot = artifactPath(`${label}.png`);
        // What fits on the screen at once, as the person sees it (the bottom bar at the bottom).
        await page.screenshot({ path: shot });
        if (options.docs && size === PHONE) {
          mkdirSync(docsDir, { recursive: true });
          copyFileSync(shot, join(docsDir, `wallet-${name}-${lang}.png`));
        }
      }
    }
    await setLanguage('id');
  }

  const nav = (name: string) => page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name, exact: true });

  let offerId = '';

  async function offer(extra: Record<string, unknown> = {}): Promise<{ credentialOfferUri: string; txCode?: string }> {
    const res = await agencyRequest(service.url, keys.dukcapil!, 'dukcapil', '/offers', { credentialType: 'ktp-el', claims: dukcapilClaims, ...extra });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { offerId: string; credentialOfferUri: string; txCode?: string };
    offerId = created.offerId;
    return created;
  }

  beforeAll(async () => {
    service = await startService({ env: { ADMIN_TOKEN } });
    for (const id of ['dukcapil', HOSPITAL]) keys[id] = await adminApiKey(service.url, ADMIN_TOKEN, id, 'wallet screens test');
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'id-ID', viewport: PHONE });
    await reportUnknownCodes(context, errors);
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await addVirtualAuthenticator(page);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    service?.cleanup();
  });

  it('welcomes a new citizen, then shows an empty home with the bottom navigation', async () => {
    await page.goto(service.url);
    await expect.poll(heading).toBe('Selamat datang di Sahih');
    await look('welcome', { docs: true });
    await createWalletAccount(page, service.url);
    for (const name of ['Beranda', 'Pindai', 'Aktivitas', 'Hak saya']) expect(await nav(name).count(), name).toBe(1);
    expect(await nav('Beranda').getAttribute('aria-current')).toBe('page');
    // The header is one compact line with the language picker folded in.
    const header = await page.locator('.app-header').boundingBox();
    expect(header!.height).toBeLessThanOrEqual(60);
    await look('home-empty');
  });

  it('scans: one camera state at a time, a plain message when there is no camera, and the paste field', async () => {
    await nav('Pindai').click();
    await expect.poll(heading).toBe('Pindai kode QR');
    // Headless Chromium here has no camera: the screen says so in words and hides the video.
    await expect.poll(() => page.locator('[data-camera-state]').getAttribute('data-camera-state'), { timeout: 10_000 }).toBe('unavailable');
    expect(await page.locator('video').isVisible()).toBe(false);
    expect(await page.getByRole('status').filter({ hasText: 'Menyalakan kamera' }).count()).toBe(0);
    expect(await page.getByText('Kamera tidak bisa dipakai di ponsel ini').count()).toBe(1);
    const hint = await page.locator('#scan-link-hint').textContent();
    expect(hint).toContain('openid-credential-offer://');
    expect(hint).toContain('openid4vp://');
    await look('scan', { docs: true });
  });

  it('receives a card from a pasted link with a transaction code; a wrong code is told in words', async () => {
    const created = await offer({ txCode: true });
    await page.getByLabel('Tautan dari instansi').fill(created.credentialOfferUri);
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByLabel('Kode konfirmasi').waitFor();
    // The hint is in the chosen language only.
    await setLanguage('en');
    await expect.poll(() => page.locator('#tx-code-hint').textContent()).toBe('The 6-digit code the agency sent you separately.');
    await setLanguage('id');
    await expect.poll(() => page.locator('#tx-code-hint').textContent()).toBe('Kode 6 angka yang dikirim instansi kepada Anda secara terpisah.');
    const wrong = created.txCode === '000000' ? '111111' : '000000';
    await page.getByLabel('Kode konfirmasi').fill(wrong);
    await page.getByRole('button', { name: 'Terima kartu' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Kode konfirmasi salah');
    await look('receive-wrong-code', { docs: true });
    await page.getByLabel('Kode konfirmasi').fill(created.txCode!);
    await page.getByRole('button', { name: 'Terima kartu' }).click();
    await page.getByText('Kartu tersimpan').waitFor({ timeout: 20_000 });
    await nav('Beranda').click();
    await expect.poll(() => page.locator('.credential-card').count()).toBe(1);
    await look('home', { docs: true });
  });

  it('fits a typical consent on one phone screen, details one tap away, and answers it with the keyboard only', async () => {
    // Typical: one card, four claims (one of them optional), a registered agency.
    const request = await hospitalRequest(service.url, keys[HOSPITAL]!, HOSPITAL, [
      { path: ['nik'], required: true },
      { path: ['name'], required: true },
      { path: ['birth_date'], required: true },
      { path: ['address'], required: false },
    ]);
    await page.goto(request.sameDeviceUrl);
    const approve = page.getByRole('button', { name: 'Setujui dan bagikan' });
    await approve.waitFor({ timeout: 20_000 });
    await look('consent', { docs: true });
    // Both buttons in view at 360x740 without scrolling, above the bottom bar, in both languages.
    for (const [lang, names] of [
      ['id', ['Setujui dan bagikan', 'Tolak']],
      ['en', ['Agree and share', 'Refuse']],
    ] as const) {
      await setLanguage(lang);
      await page.setViewportSize(PHONE);
      await page.evaluate(() => window.scrollTo(0, 0));
      const barTop = (await page.locator('.bottom-nav').boundingBox())!.y;
      for (const name of names) {
        const box = (await page.getByRole('button', { name, exact: true }).boundingBox())!;
        expect(box.y, `${name} (${lang}) below the top`).toBeGreaterThanOrEqual(0);
        expect(box.y + box.height, `${name} (${lang}) above the bottom bar without scrolling`).toBeLessThanOrEqual(barTop);
      }
      // And the whole request above them: the last claim asked for is not hidden behind the buttons.
      const lastClaim = (await page.locator('.consent-claim').last().boundingBox())!;
      const buttons = (await page.locator('.present-screen .button-row').boundingBox())!;
      expect(lastClaim.y + lastClaim.height, `every claim in view (${lang})`).toBeLessThanOrEqual(buttons.y + 1);
    }
    await setLanguage('id');
    // Legal basis, retention and the privacy notice are one tap away, folded until asked for.
    const details = page.locator('details.present-details');
    expect(await details.getAttribute('open')).toBeNull();
    expect(await page.getByText('Berapa lama disimpan').isVisible()).toBe(false);
    await details.locator('summary').first().click();
    await expect.poll(() => page.getByText('Berapa lama disimpan').isVisible()).toBe(true);
    expect(await page.getByText('Persetujuan Anda. Anda boleh menolak').isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: /pemberitahuan privasi/ }).isVisible()).toBe(true);
    expect(await visibleCodes(page), 'codes visible with the details open').toEqual([]);
    expect(await seriousAxeViolations(page, 'wallet-screens-consent-details-id'), 'axe with the details open').toEqual([]);
    await details.locator('summary').first().click();
    // Keyboard only: Tab from the top of the page (focus moved to the body, so Tab starts there, not after the summary
    // clicked above); the details open with Enter on their summary and close again; then Tab on to the approve button,
    // and Enter.
    await page.evaluate(() => {
      document.body.tabIndex = -1;
      document.body.focus();
      document.body.removeAttribute('tabindex');
    });
    let reached = false;
    let openedByKey = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      if (!openedByKey && (await details.locator('summary').first().evaluate((el) => el === document.activeElement))) {
        await page.keyboard.press('Enter');
        await expect.poll(() => details.getAttribute('open')).toBe('');
        await page.keyboard.press('Enter');
        await expect.poll(() => details.getAttribute('open')).toBeNull();
        openedByKey = true;
      }
      reached = await approve.evaluate((el) => el === document.activeElement);
    }
    expect(openedByKey, 'the details open and close with the keyboard').toBe(true);
    expect(reached, 'the approve button is reachable with Tab').toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(heading, { timeout: 20_000 }).toBe('Bukti persetujuan');
    await look('receipt', { docs: true });
  });

  it('refuses a second request; the activity explains it as refused, first entry above the fold on a phone', async () => {
    const request = await hospitalRequest(service.url, keys[HOSPITAL]!, HOSPITAL);
    await page.goto(request.sameDeviceUrl);
    await page.getByRole('button', { name: 'Tolak' }).click();
    await expect.poll(heading, { timeout: 20_000 }).toBe('Bukti penolakan');
    // The refusal receipt says plainly that nothing was shared and what the agency received; nothing to withdraw.
    const receipt = () => page.locator('article').textContent();
    await expect.poll(receipt).toContain('Tidak ada data yang dibagikan.');
    expect(await receipt()).toContain('Yang diterima RSUD Sehat Sentosa (demo): hanya jawaban bahwa Anda menolak, dan kapan.');
    expect(await receipt()).toContain('bukan nama, NIK, atau data lainnya');
    expect(await page.locator('.receipt-not-shared li').allTextContents()).toEqual(['Nama lengkap', 'Nomor Induk Kependudukan (NIK)']);
    expect(await page.locator('.receipt-shared').count()).toBe(0);
    expect(await receipt()).not.toContain('Cara menarik persetujuan');
    expect(await receipt()).toContain('Tidak ada, karena tidak ada data yang dikirim.');
    await setLanguage('en');
    await expect.poll(receipt).toContain('No data was shared.');
    expect(await receipt()).toContain('RSUD Sehat Sentosa (demo) received only the answer that you refused, and when.');
    expect(await receipt()).toContain('not your name, NIK or anything else');
    expect(await receipt()).not.toContain('How to withdraw');
    await setLanguage('id');
    await look('refusal-receipt', { docs: true });
    await nav('Aktivitas').click();
    await expect.poll(heading).toBe('Siapa yang memakai data saya');
    await expect.poll(() => page.locator('.access-event').count(), { timeout: 20_000 }).toBe(2);
    const declined = page.locator('.access-event[data-kind="presentation_declined"]');
    expect(await declined.textContent()).toContain('Anda menolak permintaan ini. Tidak ada data yang dibagikan.');
    expect(await declined.textContent()).not.toContain('Data yang dipakai');
    await page.setViewportSize(PHONE);
    const first = await page.locator('.access-event').first().boundingBox();
    expect(first!.y, 'first entry starts above the fold').toBeLessThan(PHONE.height - 120);
    await look('activity', { docs: true });
  });

  it('lists consents under "Hak saya" as links; withdrawing one changes the activity words', async () => {
    await nav('Hak saya').click();
    await expect.poll(heading).toBe('Hak saya');
    // The consent given and the refusal are both listed, each a link to its receipt.
    await expect.poll(() => page.locator('.rights-consents').getByRole('link').count(), { timeout: 10_000 }).toBe(2);
    await look('rights', { docs: true });
    await page.locator('.rights-consents').getByRole('link').filter({ hasText: '(Aktif)' }).click();
    await expect.poll(heading).toBe('Bukti persetujuan');
    await page.getByRole('button', { name: 'Tarik persetujuan' }).click();
    await page.getByRole('button', { name: 'Ya, konfirmasi dengan passkey' }).click();
    await expect.poll(() => page.locator('.consent-control').getAttribute('data-consent-state'), { timeout: 20_000 }).toBe('withdrawn');
    await nav('Aktivitas').click();
    const shared = page.locator('.access-event[data-kind="presentation_shared"]');
    await expect.poll(() => shared.locator('.access-event__facts').textContent(), { timeout: 20_000 }).toContain('Sudah Anda tarik');
    expect(await shared.locator('.access-event__facts').textContent()).not.toContain('Berlaku');
  });

  it('files a deletion request: no "complain about this access" under the citizen\'s own request', async () => {
    await nav('Hak saya').click();
    await page.getByLabel('Permintaan penghapusan data').check();
    await page.getByLabel('Pesan Anda').fill('Mohon hapus data saya.');
    await page.getByRole('button', { name: 'Kirim permintaan' }).click();
    await page.locator('.rights-request').first().waitFor({ timeout: 20_000 });
    await look('rights-request');
    await nav('Aktivitas').click();
    const own = page.locator('.access-event[data-kind="rights_request_filed"]');
    await own.first().waitFor({ timeout: 20_000 });
    expect(await own.getByRole('link', { name: 'Adukan akses ini' }).count()).toBe(0);
    expect(await page.locator('.access-event[data-kind="presentation_shared"]').getByRole('link', { name: 'Adukan akses ini' }).count()).toBe(1);
  });

  it('shows settings without jargon', async () => {
    await page.getByRole('link', { name: 'Pengaturan', exact: true }).click();
    await expect.poll(heading).toBe('Pengaturan');
    expect(await page.locator('main').textContent()).not.toMatch(/PRF|JSON|garam|checkpoint/);
    await look('settings', { docs: true });
  });

  it('every other screen speaks words and passes axe at both sizes in both languages', async () => {
    const settle = async () => {
      await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 20_000 });
      await expect.poll(() => page.locator('[aria-busy="true"], [role="status"]:has-text("Memuat")').count(), { timeout: 20_000 }).toBe(0);
    };
    await nav('Beranda').click();
    await page.locator('.credential-card__link').first().click();
    await settle();
    await look('credential');
    for (const [name, path] of [
      ['consents', '/consent-receipts'],
      ['present-open', '/present'],
      ['move-card', '/receive/move'],
      ['backup', '/settings/backup'],
      ['lost-phone', '/settings/lost-phone'],
      ['delete-account', '/settings/delete-account'],
      ['inbox', '/inbox'],
      ['agency', `/agencies/${HOSPITAL}`],
      ['not-found', '/no-such-page'],
    ] as const) {
      await page.goto(`${service.url}${path}`);
      await settle();
      await look(name);
    }
  });

  it('says a revoked card is revoked (ask the agency for a new one), not "you do not have this card yet"', async () => {
    const state = (await (await agencyRequest(service.url, keys.dukcapil!, 'dukcapil', `/offers/${offerId}`)).json()) as { credentialId: string };
    expect((await agencyRequest(service.url, keys.dukcapil!, 'dukcapil', `/credentials/${state.credentialId}/status`, { status: 'revoked' })).status).toBe(200);
    await nav('Beranda').click();
    await expect.poll(() => page.locator('[data-status]').first().getAttribute('data-status'), { timeout: 15_000 }).toBe('revoked');
    const request = await hospitalRequest(service.url, keys[HOSPITAL]!, HOSPITAL);
    await page.goto(request.sameDeviceUrl);
    await page.getByRole('button', { name: 'Tolak' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-no-card]').getAttribute('data-no-card')).toBe('revoked');
    expect(await page.locator('main').textContent()).toContain('sudah dicabut penerbitnya');
    expect(await page.locator('main').textContent()).not.toContain('belum punya kartu');
    await look('consent-revoked');
    expect(errors).toEqual([]);
  });
});
