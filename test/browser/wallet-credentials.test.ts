// Receiving, holding and checking credentials in Chromium against the real service: an offer link with a tx_code, a
// QR code through Chromium's fake camera, encrypted IndexedDB (no claim value in clear), offline reload, revocation
// seen once back online, deletion. Screens are scanned by axe-core and photographed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeViolations } from '../support/axe.js';
import { artifactPath } from '../support/browser.js';
import { dukcapilClaims } from '../support/issuance.js';
import { writeQrY4m } from '../support/qr-video.js';
import { startService, type RunningService } from '../support/service.js';
import { openWallet } from '../support/wallet-journey.js';

const ADMIN_TOKEN = 'test-admin-token-for-the-wallet-browser-tests-0123456789';

interface CreatedOffer {
  offerId: string;
  credentialOfferUri: string;
  txCode?: string;
}

describe('wallet credentials in Chromium', () => {
  let service: RunningService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let apiKey: string;
  let linkOffer: CreatedOffer;
  let cameraOffer: CreatedOffer;
  const errors: string[] = [];

  const heading = () => page.getByRole('heading', { level: 1 }).textContent();

  async function screen(name: string): Promise<void> {
    await page.screenshot({ path: artifactPath(`wallet-${name}.png`), fullPage: true });
    expect(await seriousAxeViolations(page, `wallet-${name}`), `axe on ${name}`).toEqual([]);
  }

  async function agencyApi(path: string, body: unknown): Promise<Response> {
    return fetch(`${service.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(body),
    });
  }

  async function createOffer(extra: Record<string, unknown>): Promise<CreatedOffer> {
    const res = await agencyApi('/v1/agencies/dukcapil/offers', { credentialType: 'ktp-el', claims: dukcapilClaims, ...extra });
    expect(res.status).toBe(201);
    return (await res.json()) as CreatedOffer;
  }

  beforeAll(async () => {
    service = await startService({ env: { ADMIN_TOKEN } });
    const keyRes = await fetch(`${service.url}/v1/admin/agencies/dukcapil/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ label: 'wallet browser test' }),
    });
    expect(keyRes.status).toBe(201);
    apiKey = ((await keyRes.json()) as { apiKey: string }).apiKey;
    linkOffer = await createOffer({ txCode: true });
    cameraOffer = await createOffer({});
    // The camera sees the second offer's QR code from the start; the scan screen is the only one that opens it.
    const video = join(mkdtempSync(join(tmpdir(), 'sahih-qr-')), 'offer.y4m');
    writeQrY4m(video, cameraOffer.credentialOfferUri);
    ({ browser, context, page } = await openWallet(service.url, errors, { cameraVideo: video }));
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    service?.cleanup();
  });

  it('receives a credential from an offer link, with the tx_code prompt', async () => {
    const query = linkOffer.credentialOfferUri.slice(linkOffer.credentialOfferUri.indexOf('?'));
    await page.goto(`${service.url}/receive${query}`);
    await expect.poll(() => page.getByText('ingin memberi Anda').count()).toBe(1);
    expect(new URL(page.url()).search).toBe('');
    await screen('receive-offer');
    // A wrong code is refused by its code, in Bahasa Indonesia, with what to do next.
    await page.getByLabel('Kode konfirmasi').fill('000000' === linkOffer.txCode ? '111111' : '000000');
    await page.getByRole('button', { name: 'Terima kartu' }).click();
    await expect.poll(() => page.getByRole('alert').getAttribute('data-error-code')).toBe('tx_code_invalid');
    await page.getByLabel('Kode konfirmasi').fill(linkOffer.txCode!);
    await page.getByRole('button', { name: 'Terima kartu' }).click();
    await expect.poll(() => page.getByText('Kartu tersimpan').count()).toBe(1);
    await page.getByRole('button', { name: 'Lihat kartu' }).click();
    await expect.poll(heading).toBe('KTP Elektronik (Identitas Kependudukan Digital)');
    // Every claim labelled from the type metadata, values formatted for Indonesia.
    const row = (label: string) => page.locator('.claims__row', { has: page.locator('dt', { hasText: label }) }).first().locator('dd').textContent();
    expect(await row('Nama lengkap')).toBe(dukcapilClaims.name);
    expect(await row('Nomor Induk Kependudukan (NIK)')).toBe(dukcapilClaims.nik);
    expect(await row('Tanggal lahir')).toBe('17 Agustus 1990');
    expect(await row('Kabupaten/Kota')).toBe(dukcapilClaims.address.locality);
    expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('valid');
    await screen('credential-detail');
  });

  it('shows the card on the home screen', async () => {
    await page.getByRole('link', { name: 'Beranda' }).click();
    await expect.poll(() => page.locator('.credential-card').count()).toBe(1);
    const card = page.locator('.credential-card').first();
    expect(await card.textContent()).toContain(dukcapilClaims.name);
    expect(await card.textContent()).toContain('Direktorat Jenderal Kependudukan');
    expect(await card.textContent()).toMatch(/Berlaku sampai \d+ \w+ \d{4}/);
    await screen('home');
  });

  it('keeps no claim value in clear in IndexedDB', async () => {
    const dump = await page.evaluate(async () => {
      const open = indexedDB.open('sahih-wallet');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const text: string[] = [];
      const visit = (value: unknown): void => {
        if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
          const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
          text.push(new TextDecoder('utf-8', { fatal: false }).decode(bytes), String.fromCharCode(...bytes));
        } else if (typeof value === 'string' || typeof value === 'number') text.push(String(value));
        else if (value && typeof value === 'object' && !(value instanceof CryptoKey)) {
          for (const [k, v] of Object.entries(value)) {
            text.push(k);
            visit(v);
          }
        }
      };
      const stores = [...db.objectStoreNames];
      for (const name of stores) {
        const all = await new Promise<unknown[]>((resolve) => {
          const req = db.transaction(name).objectStore(name).getAll();
          req.onsuccess = () => resolve(req.result as unknown[]);
        });
        visit(all);
      }
      db.close();
      return { stores, text: text.join('\n') };
    });
    expect(dump.stores.sort()).toEqual(['credentials', 'keys', 'log', 'meta', 'presentations']);
    expect(dump.text.length).toBeGreaterThan(500);
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    for (const value of [dukcapilClaims.nik, dukcapilClaims.name, dukcapilClaims.birth_place, dukcapilClaims.birth_date, dukcapilClaims.address.street_address, 'Kartika']) {
      expect(dump.text).not.toContain(value);
      expect(dump.text).not.toContain(b64(value).slice(0, 12));
    }
    // Nor the credential itself (its issuer JWT header starts with eyJ).
    expect(dump.text).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}/);
  });

  it('opens with no network and still shows the card and its details', async () => {
    await page.evaluate(async () => navigator.serviceWorker.ready);
    await context.setOffline(true);
    await page.goto(service.url);
    await expect.poll(heading).toBe('Kartu saya');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('luring');
    await expect.poll(() => page.locator('.credential-card').count()).toBe(1);
    await page.locator('.credential-card__link').first().click();
    await expect.poll(heading).toBe('KTP Elektronik (Identitas Kependudukan Digital)');
    expect(await page.locator('.claims').first().textContent()).toContain(dukcapilClaims.name);
    await screen('offline-detail');
  });

  it('shows the revocation once back online', async () => {
    // Revoked on the server while the phone is offline.
    const state = (await (
      await fetch(`${service.url}/v1/agencies/dukcapil/offers/${linkOffer.offerId}`, { headers: { authorization: `Bearer ${apiKey}` } })
    ).json()) as { credentialId: string };
    expect((await agencyApi(`/v1/agencies/dukcapil/credentials/${state.credentialId}/status`, { status: 'revoked' })).status).toBe(200);
    await page.getByRole('link', { name: 'Beranda' }).click();
    await expect.poll(() => page.locator('[data-status]').first().getAttribute('data-status')).toBe('valid');
    await context.setOffline(false);
    // The wallet notices the connection is back (event or probe) and re-checks the status list.
    await expect.poll(() => page.locator('[data-status]').first().getAttribute('data-status'), { timeout: 15_000 }).toBe('revoked');
    expect(await page.locator('[data-status]').first().textContent()).toBe('Dicabut');
    await screen('home-revoked');
  });

  it('receives a credential through the camera (QR code)', async () => {
    await page.getByRole('link', { name: 'Tambah kartu' }).click();
    await expect.poll(heading).toBe('Terima kartu');
    await screen('receive');
    await page.getByRole('link', { name: 'Pindai kode QR' }).click();
    // The scan screen reads the fake camera's QR code and hands the offer over; no tx_code on this one.
    await expect.poll(() => page.getByText('ingin memberi Anda').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByLabel('Kode konfirmasi').count()).toBe(0);
    await page.getByRole('button', { name: 'Terima kartu' }).click();
    await expect.poll(() => page.getByText('Kartu tersimpan').count()).toBe(1);
    await page.getByRole('link', { name: 'Beranda' }).click();
    await expect.poll(() => page.locator('.credential-card').count()).toBe(2);
  });

  it('shows the scan screen accessibly', async () => {
    // The fake camera would read its QR code at once and leave the screen: this visit has no camera.
    await page.evaluate(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('no camera', 'NotAllowedError'));
    });
    await page.getByRole('link', { name: 'Pindai', exact: true }).click();
    await expect.poll(heading).toBe('Pindai kode QR');
    await expect.poll(() => page.locator('[data-camera-state]').getAttribute('data-camera-state')).toBe('unavailable');
    await screen('scan');
    await page.goto(service.url);
  });

  it('deletes a credential', async () => {
    await expect.poll(() => page.locator('.credential-card').count()).toBe(2);
    await page.locator('.credential-card__link').first().click();
    await page.getByRole('button', { name: 'Hapus kartu ini' }).click();
    await screen('credential-delete-confirm');
    await page.getByRole('button', { name: 'Ya, hapus' }).click();
    await expect.poll(heading).toBe('Kartu saya');
    await expect.poll(() => page.locator('.credential-card').count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.locator('.credential-card').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('shows every screen in English too', async () => {
    await page.getByLabel('Bahasa').selectOption('en');
    await expect.poll(heading).toBe('My cards');
    expect(await page.locator('.credential-card').first().textContent()).toMatch(/Valid until \d+ \w+ \d{4}/);
    await page.locator('.credential-card__link').first().click();
    await expect.poll(heading).toBe('Electronic ID card (digital population identity)');
    expect(await page.locator('dt', { hasText: 'Full name' }).count()).toBe(1);
    await screen('credential-detail-en');
    await page.getByLabel('Language').selectOption('id');
  });
});
