// Links opened from the phone's camera, in Chromium at phone size against the real service: a fresh page load of the
// console's same-device offer link (with and without a transaction code) and of an agency's presentation-request
// link reaches the offer or consent screen once the wallet is ready — after the passkey unlock, after creating the
// wallet on a phone that has none, after signing in again — and completes; a link opened twice does not act twice.
// Run with a plain passkey and with a PRF passkey (whose wallet is locked after every page load). Every phone reports
// any screen showing "unknown" as its error code.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApiKey, agencyRequest, checkScreen } from '../support/agency-api.js';
import { launchBrowser } from '../support/browser.js';
import { dukcapilClaims } from '../support/issuance.js';
import { startService, type RunningService } from '../support/service.js';
import { reportUnknownCodes } from '../support/unknown-codes.js';
import { addVirtualAuthenticator } from '../support/virtual-authenticator.js';
import { hospitalRequest } from '../support/wallet-journey.js';

const ADMIN_TOKEN = 'test-admin-token-for-the-wallet-links-tests-0123456789';
const HOSPITAL = 'rsud-sehat-sentosa';

interface CreatedOffer {
  credentialOfferUri: string;
  txCode?: string;
}

interface Phone {
  context: BrowserContext;
  page: Page;
}

for (const prf of [false, true]) {
  const tag = prf ? 'prf' : 'device';
  describe(`links opened from the phone's camera (${prf ? 'PRF' : 'plain'} passkey)`, () => {
    let service: RunningService;
    let browser: Browser;
    const keys: Record<string, string> = {};
    const errors: string[] = [];
    /** The phone whose wallet exists; set by the first test. */
    let phone: Phone;
    let twiceOffer: string;
    let twiceRequest: string;

    const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

    async function newPhone(): Promise<Phone> {
      const context = await browser.newContext({ locale: 'id-ID', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await reportUnknownCodes(context, errors);
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await addVirtualAuthenticator(page, { prf });
      return { context, page };
    }

    async function offerLink(extra: Record<string, unknown> = {}): Promise<{ url: string; uri: string; txCode: string | undefined }> {
      const res = await agencyRequest(service.url, keys.dukcapil!, 'dukcapil', '/offers', { credentialType: 'ktp-el', claims: dukcapilClaims, ...extra });
      const created = (await res.json()) as CreatedOffer;
      expect(res.status, JSON.stringify(created)).toBe(201);
      // The console's same-device link: the wallet's /receive with the offer's query.
      return {
        url: `${service.url}/receive${created.credentialOfferUri.slice(created.credentialOfferUri.indexOf('?'))}`,
        uri: created.credentialOfferUri,
        txCode: created.txCode,
      };
    }

    const requestLink = () => hospitalRequest(service.url, keys[HOSPITAL]!, HOSPITAL);

    /** The fresh page load from the camera; a PRF wallet then shows the unlock card, which the citizen uses. */
    async function openFresh(page: Page, url: string, lockedText: string | null): Promise<void> {
      await page.goto(url);
      // The one-time code leaves the address bar at once.
      await expect.poll(() => new URL(page.url()).search).toBe('');
      if (prf && lockedText) {
        await page.getByText(lockedText).waitFor();
        await page.getByRole('button', { name: 'Buka dengan passkey' }).click();
      }
    }

    async function acceptOffer(page: Page, txCode: string | undefined): Promise<void> {
      await page.getByText('ingin memberi Anda').waitFor();
      if (txCode) await page.getByLabel('Kode konfirmasi').fill(txCode);
      else expect(await page.getByLabel('Kode konfirmasi').count()).toBe(0);
      await page.getByRole('button', { name: 'Terima kartu' }).click();
      await page.getByText('Kartu tersimpan').waitFor();
    }

    async function cardCount(page: Page): Promise<number> {
      await page.getByRole('link', { name: 'Beranda' }).click();
      if (prf && (await page.getByRole('button', { name: 'Buka dengan passkey' }).count())) {
        await page.getByRole('button', { name: 'Buka dengan passkey' }).click();
      }
      await expect.poll(() => heading(page)).toBe('Kartu saya');
      await page.locator('.credential-card, .card').first().waitFor();
      return page.locator('.credential-card').count();
    }

    const agencyResult = async (requestId: string) =>
      ((await (await agencyRequest(service.url, keys[HOSPITAL]!, HOSPITAL, `/presentation-requests/${requestId}`)).json()) as { status: string }).status;

    beforeAll(async () => {
      service = await startService({ env: { ADMIN_TOKEN } });
      keys.dukcapil = await adminApiKey(service.url, ADMIN_TOKEN, 'dukcapil', 'wallet links test');
      keys[HOSPITAL] = await adminApiKey(service.url, ADMIN_TOKEN, HOSPITAL, 'wallet links test');
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await service?.stop();
      service?.cleanup();
    });

    it('a phone with no wallet yet: an offer link with a code is kept while the wallet is created, then received', async () => {
      phone = await newPhone();
      const { page } = phone;
      const offer = await offerLink({ txCode: true });
      await page.goto(offer.url);
      await expect.poll(() => heading(page)).toBe('Selamat datang di Sahih');
      expect(page.url()).not.toContain('credential_offer');
      await page.getByRole('button', { name: 'Buat dompet dengan passkey' }).click();
      // Straight on to the offer, not to the empty home screen.
      await expect.poll(() => heading(page)).toBe('Terima kartu');
      await acceptOffer(page, offer.txCode);
    });

    it('a phone with no wallet yet: a request link is kept while the wallet is created, then answered', async () => {
      const other = await newPhone();
      const request = await requestLink();
      await other.page.goto(request.sameDeviceUrl);
      await expect.poll(() => heading(other.page)).toBe('Selamat datang di Sahih');
      await other.page.getByRole('button', { name: 'Buat dompet dengan passkey' }).click();
      await other.page.getByText('meminta data dari kartu Anda').waitFor();
      // A new wallet holds no card: it can only decline, and the refusal is recorded.
      expect(await other.page.getByText('belum punya kartu').count()).toBe(1);
      await other.page.getByRole('button', { name: 'Tolak' }).click();
      await expect.poll(() => heading(other.page)).toBe('Bukti penolakan');
      await expect.poll(() => agencyResult(request.requestId)).toBe('declined');
      await other.context.close();
    });

    it('the wallet locked: an offer link without a code goes to the offer after unlock and completes', async () => {
      const { page } = phone;
      const offer = await offerLink();
      twiceOffer = offer.url;
      await page.goto(offer.url);
      await expect.poll(() => new URL(page.url()).search).toBe('');
      if (prf) {
        // A PRF wallet is locked after a page load: the screen says so in words and offers the passkey.
        await page.getByText('Dompet terkunci').waitFor();
        expect(await page.getByText('ingin memberi Anda').count()).toBe(0);
        await checkScreen(page, `${tag}-link-locked`);
        await page.getByRole('button', { name: 'Buka dengan passkey' }).click();
      }
      await acceptOffer(page, undefined);
    });

    it('the wallet locked: an offer link with a code goes to the offer after unlock and completes', async () => {
      const offer = await offerLink({ txCode: true });
      await openFresh(phone.page, offer.url, 'Dompet terkunci');
      await acceptOffer(phone.page, offer.txCode);
      expect(await cardCount(phone.page)).toBe(3);
    });

    it('the wallet locked: a request link goes to the consent screen after unlock and completes', async () => {
      const { page } = phone;
      const request = await requestLink();
      twiceRequest = request.sameDeviceUrl;
      await openFresh(page, request.sameDeviceUrl, 'Dompet terkunci');
      await page.getByText('meminta data dari kartu Anda').waitFor();
      await page.getByRole('button', { name: 'Setujui dan bagikan' }).click();
      await expect.poll(() => heading(page), { timeout: 20_000 }).toBe('Bukti persetujuan');
      await expect.poll(() => agencyResult(request.requestId)).toBe('shared');
    });

    it('URIs the system hands over (/open?uri=openid-credential-offer://… and openid4vp://…) reach their screens after unlock', async () => {
      const { page } = phone;
      // What an operating system's link handler opens when the camera reads the QR code itself (Chromium refuses
      // custom-scheme protocol handlers in tests, so the test opens the handler's target directly).
      const offer = await offerLink();
      await openFresh(page, `${service.url}/open?uri=${encodeURIComponent(offer.uri)}`, 'Dompet terkunci');
      expect(new URL(page.url()).pathname).toBe('/receive');
      await acceptOffer(page, undefined);
      const request = await requestLink();
      await openFresh(page, `${service.url}/open?uri=${encodeURIComponent(request.authorizationRequestUri)}`, 'Dompet terkunci');
      expect(new URL(page.url()).pathname).toBe('/present');
      await page.getByText('meminta data dari kartu Anda').waitFor();
      await page.getByRole('button', { name: 'Tolak' }).click();
      await expect.poll(() => heading(page)).toBe('Bukti penolakan');
      await expect.poll(() => agencyResult(request.requestId)).toBe('declined');
    });

    it('a link opened twice does not act twice', async () => {
      const { page } = phone;
      await openFresh(page, twiceOffer, 'Dompet terkunci');
      await page.locator('[data-offer="already-received"]').waitFor();
      expect(await page.getByRole('button', { name: 'Terima kartu' }).count()).toBe(0);
      await checkScreen(page, `${tag}-link-already-received`);
      await page.getByRole('button', { name: 'Lihat kartu' }).click();
      await expect.poll(() => heading(page)).toBe('KTP Elektronik (Identitas Kependudukan Digital)');
      // The card's own address loaded fresh: locked is said as locked (never "not found"), and the card follows.
      await openFresh(page, page.url(), 'Dompet terkunci');
      await expect.poll(() => heading(page)).toBe('KTP Elektronik (Identitas Kependudukan Digital)');
      expect(await cardCount(page)).toBe(4);

      await openFresh(page, twiceRequest, 'Dompet terkunci');
      await page.locator('[data-request="already-answered"]').waitFor();
      expect(await page.getByRole('button', { name: 'Setujui dan bagikan' }).count()).toBe(0);
      await page.getByRole('link', { name: 'Lihat bukti persetujuan' }).click();
      await expect.poll(() => heading(page)).toBe('Bukti persetujuan');
    });

    it('signed out: an offer link is kept across signing in again, then received', async () => {
      const { page } = phone;
      await page.getByRole('link', { name: 'Pengaturan' }).click();
      await page.getByRole('button', { name: 'Keluar' }).click();
      await expect.poll(() => heading(page)).toBe('Selamat datang di Sahih');
      const offer = await offerLink();
      await page.goto(offer.url);
      await expect.poll(() => heading(page)).toBe('Selamat datang di Sahih');
      await page.getByRole('button', { name: 'Masuk dengan passkey' }).click();
      await expect.poll(() => heading(page)).toBe('Terima kartu');
      await acceptOffer(page, undefined);
      expect(await cardCount(page)).toBe(5);
      expect(errors).toEqual([]);
    });

    it('the unknown-code guard every journey installs catches a screen showing "unknown" as its code', async () => {
      // The guard itself, checked: a screen rendered with an unknown code (as the wallet once did) is reported.
      const caught: string[] = [];
      const context = await browser.newContext({ locale: 'id-ID' });
      await reportUnknownCodes(context, caught);
      const page = await context.newPage();
      await page.goto(`${service.url}/transparency`);
      await page.evaluate(() => {
        const notice = document.createElement('div');
        notice.setAttribute('data-error-code', 'unknown');
        notice.textContent = 'Terjadi kesalahan yang tidak terduga. Kode: unknown';
        document.body.append(notice);
      });
      await expect.poll(() => caught.length).toBe(1);
      expect(caught[0]).toContain('/transparency');
      await context.close();
    });
  });
}
