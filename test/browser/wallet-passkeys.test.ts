// The wallet's passkey account in Chromium with the DevTools virtual authenticator: register, sign out, sign in,
// add and remove a passkey, settings; each screen scanned by axe-core and photographed. Run twice: without and with
// the PRF extension (which changes how the storage key is protected).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeViolations } from '../support/axe.js';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { startService, type RunningService } from '../support/service.js';
import { reportUnknownCodes } from '../support/unknown-codes.js';
import { addVirtualAuthenticator, type VirtualAuthenticator } from '../support/virtual-authenticator.js';

for (const prf of [false, true]) {
  const tag = prf ? 'prf' : 'device';
  describe(`wallet passkey account in Chromium (${prf ? 'with' : 'without'} PRF)`, () => {
    let service: RunningService;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let authenticator: VirtualAuthenticator;
    const errors: string[] = [];

    const heading = () => page.getByRole('heading', { level: 1 }).textContent();

    async function screen(name: string): Promise<void> {
      await page.screenshot({ path: artifactPath(`wallet-${tag}-${name}.png`), fullPage: true });
      expect(await seriousAxeViolations(page, `wallet-${tag}-${name}`), `axe on ${name}`).toEqual([]);
    }

    beforeAll(async () => {
      service = await startService();
      browser = await launchBrowser();
      context = await browser.newContext({ locale: 'id-ID' });
      await reportUnknownCodes(context, errors);
      page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      authenticator = await addVirtualAuthenticator(page, { prf });
    });

    afterAll(async () => {
      await browser?.close();
      await service?.stop();
      service?.cleanup();
    });

    it('onboards and registers a passkey', async () => {
      expect(service.url).toMatch(/^http:\/\/localhost:\d+$/);
      await page.goto(service.url);
      await expect.poll(heading).toBe('Selamat datang di Sahih');
      expect(new URL(page.url()).pathname).toBe('/welcome');
      await screen('welcome');
      await page.getByLabel('Nama panggilan').fill('Siti');
      await page.getByRole('button', { name: 'Buat dompet dengan passkey' }).click();
      await expect.poll(heading).toBe('Kartu saya');
      expect((await authenticator.credentials()).filter((c) => c.isResidentCredential)).toHaveLength(1);
      await expect.poll(() => page.getByText('Belum ada kartu').count()).toBe(1);
      await screen('home-empty');
    });

    it('says in settings which protection is active', async () => {
      await page.getByRole('link', { name: 'Pengaturan' }).click();
      await expect.poll(heading).toBe('Pengaturan');
      await expect.poll(() => page.locator('[data-protection]').getAttribute('data-protection')).toBe(prf ? 'prf' : 'device');
      await expect.poll(() => page.locator('.passkey').count()).toBe(1);
      await expect.poll(() => page.getByText('Terakhir dipakai').count()).toBe(1);
      await screen('settings');
    });

    it('signs out and signs in again with the passkey', async () => {
      await page.getByRole('button', { name: 'Keluar' }).click();
      await expect.poll(heading).toBe('Selamat datang di Sahih');
      // Signed out means signed out, also after a reload.
      await page.goto(service.url);
      await expect.poll(heading).toBe('Selamat datang di Sahih');
      expect(await page.evaluate(() => fetch('/v1/session').then((r) => r.status))).toBe(401);
      await page.getByRole('button', { name: 'Masuk dengan passkey' }).click();
      await expect.poll(heading).toBe('Kartu saya');
      expect(await page.evaluate(() => fetch('/v1/session').then((r) => r.status))).toBe(200);
    });

    it('adds a second passkey and removes one, never the last', async () => {
      await page.goto(`${service.url}/settings`);
      if (prf) {
        // A reload forgets the unwrapped key: the PRF wallet is locked until a passkey opens it.
        await page.goto(service.url);
        await page.getByRole('button', { name: 'Buka dengan passkey' }).click();
        await expect.poll(() => page.getByText('Belum ada kartu').count()).toBe(1);
        await page.getByRole('link', { name: 'Pengaturan' }).click();
      }
      await expect.poll(() => page.locator('.passkey').count()).toBe(1);
      await expect.poll(() => page.getByText('passkey terakhir').count()).toBe(1);
      // The new passkey lives on another device: the first one is put away so the second answers.
      const laptop = await authenticator.addAnother();
      await authenticator.setPresent(false);
      await page.getByLabel('Nama passkey baru').fill('Laptop kantor');
      await page.getByRole('button', { name: 'Tambah passkey' }).click();
      await expect.poll(() => page.locator('.passkey').count()).toBe(2);
      expect((await laptop.credentials()).length).toBe(1);
      const first = page.locator('.passkey').first();
      const firstName = await first.locator('.passkey__name').textContent();
      expect(firstName).not.toBe('Laptop kantor');
      await first.getByRole('button', { name: /Hapus passkey/ }).click();
      await screen('settings-remove-confirm');
      await first.getByRole('button', { name: 'Ya, hapus' }).click();
      await expect.poll(() => page.locator('.passkey').count()).toBe(1);
      expect(await page.locator('.passkey__name').textContent()).toBe('Laptop kantor');
      await expect.poll(() => page.getByText('passkey terakhir').count()).toBe(1);
      // Only the laptop's passkey signs in now.
      await page.getByRole('button', { name: 'Keluar' }).click();
      await expect.poll(heading).toBe('Selamat datang di Sahih');
      await page.getByRole('button', { name: 'Masuk dengan passkey' }).click();
      await expect.poll(heading).toBe('Kartu saya');
      expect(errors).toEqual([]);
    });
  });
}
