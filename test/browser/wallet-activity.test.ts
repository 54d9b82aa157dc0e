// "Who used my data" in Chromium against the real service: a presentation made from the wallet (issue 6 flow, when the
// service offers it) and back-office reads declared by agencies through their API appear for the citizen, each
// checked by the wallet itself (leaf from text + salt, inclusion proof, signed checkpoint under the pinned key,
// consistency with the last checkpoint kept in IndexedDB) and marked verified. Then the test plays a dishonest
// operator in the service's SQLite database: it edits an event's text, and hides a presentation from the citizen;
// the wallet raises the alarm for each. Screens are scanned by axe-core and photographed in both languages.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dukcapilClaims } from '../support/issuance.js';
import { repoRoot, startService, type RunningService } from '../support/service.js';
import { adminApiKey, agencyRequest, checkScreen } from '../support/agency-api.js';
import { openWallet, receiveKtp, shareWithHospital } from '../support/wallet-journey.js';

const ADMIN_TOKEN = 'test-admin-token-for-the-wallet-activity-tests-0123456789';
const HOSPITAL = 'rsud-sehat-sentosa';
const BANK = 'bank-nusantara';
/** The issue-6 presentation flow, when the service has it; otherwise a second declaration stands in. */
const PRESENTATIONS = existsSync(join(repoRoot, 'verifier', 'routes', 'presentations.ts'));

describe('who used my data in Chromium', () => {
  let service: RunningService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const keys: Record<string, string> = {};
  /** eventId of the bank's back-office read, and of the second event (presentation or declaration). */
  let backofficeId: string;
  let secondId: string;
  const errors: string[] = [];

  const heading = () => page.getByRole('heading', { level: 1 }).textContent();
  const eventCard = (id: string) => page.locator(`.access-event[data-event-id="${id}"]`);
  const verification = (id: string) => eventCard(id).locator('[data-verification]').getAttribute('data-verification');

  const screen = (name: string) => checkScreen(page, name);

  const apiKeyFor = (agencyId: string) => adminApiKey(service.url, ADMIN_TOKEN, agencyId, 'wallet activity test');

  const agency = (agencyId: string, path: string, body?: unknown) => agencyRequest(service.url, keys[agencyId]!, agencyId, path, body);

  async function declare(agencyId: string, body: Record<string, unknown>): Promise<string> {
    const res = await agency(agencyId, '/access-declarations', { subject: { nik: dukcapilClaims.nik }, ...body });
    const answer = (await res.json()) as { matched: boolean; receipt: { eventId: string } };
    expect(res.status, JSON.stringify(answer)).toBe(201);
    expect(answer.matched).toBe(true);
    return answer.receipt.eventId;
  }

  /** The dishonest operator: opens the service's database while it runs. */
  function tamper(run: (db: Database.Database) => void): void {
    const db = new Database(join(service.dataDir, 'sahih.db'));
    try {
      db.pragma('busy_timeout = 5000');
      run(db);
    } finally {
      db.close();
    }
  }

  async function openActivity(): Promise<void> {
    await page.getByRole('link', { name: 'Aktivitas' }).click();
    await expect.poll(heading).toBe('Siapa yang memakai data saya');
  }

  beforeAll(async () => {
    service = await startService({ env: { ADMIN_TOKEN } });
    for (const id of ['dukcapil', HOSPITAL, BANK]) keys[id] = await apiKeyFor(id);
    ({ browser, context, page } = await openWallet(service.url, errors));
    // Received while signed in: the service learns the NIK's keyed hash for this account, so declarations match.
    await receiveKtp(page, service.url, keys.dukcapil!);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    service?.cleanup();
  });

  it('shows a presentation and a back-office access, each verified by the wallet itself', async () => {
    if (PRESENTATIONS) {
      const requestId = await shareWithHospital(page, service.url, keys[HOSPITAL]!, HOSPITAL);
      const answer = (await (await agency(HOSPITAL, `/presentation-requests/${requestId}`)).json()) as { receipt: { eventId: string } };
      secondId = answer.receipt.eventId;
    } else {
      secondId = await declare(HOSPITAL, {
        legalBasis: 'public_task',
        purposeDescription: { id: 'Pemeriksaan klaim rujukan', en: 'Checking a referral claim' },
        dataCategories: ['name', 'nik'],
        system: 'SIMRS',
      });
    }
    backofficeId = await declare(BANK, {
      legalBasis: 'legal_obligation',
      purposeCode: 'account_opening',
      dataCategories: ['name', 'address'],
      system: 'Core banking',
      reference: 'KYC-2025-0042',
    });

    await page.goto(service.url);
    await openActivity();
    await expect.poll(() => page.locator('.access-event').count()).toBe(2);
    // Newest first; both checked by the wallet and marked verified.
    expect(await page.locator('.access-event').first().getAttribute('data-event-id')).toBe(backofficeId);
    await expect.poll(() => verification(backofficeId)).toBe('verified');
    await expect.poll(() => verification(secondId)).toBe('verified');
    expect(await eventCard(backofficeId).locator('[data-verification]').textContent()).toContain('Terverifikasi');
    expect(await page.getByRole('alert').count()).toBe(0);

    // The back-office read: labelled and explained, purpose and legal basis in plain words, data labelled.
    const bank = (await eventCard(backofficeId).textContent())!;
    expect(bank).toContain('PT Bank Nusantara Sejahtera Tbk (demo)');
    expect(bank).toContain('Akses kantor');
    expect(bank).toContain('membaca data Anda dari sistemnya sendiri');
    expect(bank).toContain('Verifikasi identitas nasabah untuk pembukaan rekening');
    expect(bank).toContain('Kewajiban hukum: undang-undang mewajibkan instansi melakukannya.');
    expect(bank).toContain('Core banking');
    expect(await eventCard(backofficeId).locator('.access-event__data li').allTextContents()).toEqual(['Nama lengkap', 'Alamat']);
    expect(await eventCard(backofficeId).locator('time').textContent()).toMatch(/\d{1,2} \w{3} \d{4}/);

    const second = (await eventCard(secondId).textContent())!;
    expect(second).toContain('RSUD Sehat Sentosa (demo)');
    if (PRESENTATIONS) {
      // Shared from this wallet: reconciled with its own record, consent state from the log, link to the receipt.
      expect(await eventCard(secondId).getAttribute('data-kind')).toBe('presentation_shared');
      expect(second).toContain('Anda membagikan data');
      expect(second).toContain('Berlaku');
      expect(second).not.toContain('Tidak dibagikan dari dompet ini');
      expect(await eventCard(secondId).getByRole('link', { name: 'Lihat atau tarik persetujuan' }).count()).toBe(1);
      expect(await eventCard(secondId).locator('.access-event__data li').allTextContents()).toEqual(['Nama lengkap', 'Nomor Induk Kependudukan (NIK)']);
    }

    // The wallet pinned the log key and kept the checkpoint it verified (public data, in clear).
    const kept = await page.evaluate(async () => {
      const open = indexedDB.open('sahih-wallet');
      const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
      const get = (key: string) =>
        new Promise<unknown>((resolve) => {
          const req = db.transaction('log').objectStore('log').get(key);
          req.onsuccess = () => resolve(req.result);
        });
      const result = { key: await get('verifierKey'), checkpoint: (await get('checkpoint')) as { size: number } | undefined };
      db.close();
      return result;
    });
    const log = (await (await fetch(`${service.url}/v1/log`)).json()) as { verifierKey: string; size: number };
    expect(kept.key).toBe(log.verifierKey);
    expect(kept.checkpoint?.size).toBeGreaterThanOrEqual(2);
    await screen('activity');
  });

  it('filters by agency and purpose with labelled controls, and groups by agency', async () => {
    // The filters are folded so the first entry stays above the fold on a phone.
    await page.getByText('Saring dan kelompokkan').click();
    await page.getByLabel('Instansi').selectOption(BANK);
    await expect.poll(() => page.locator('.access-event').count()).toBe(1);
    expect(await page.locator('.activity__count').textContent()).toBe('Menampilkan 1 dari 2 catatan yang dimuat.');
    await page.getByLabel('Tujuan').selectOption(`${BANK}/account_opening`);
    await expect.poll(() => page.locator('.access-event').count()).toBe(1);
    await page.getByRole('button', { name: 'Hapus saringan' }).click();
    await expect.poll(() => page.locator('.access-event').count()).toBe(2);
    await page.getByLabel('Kelompokkan menurut').selectOption('agency');
    expect(await page.locator('.activity__group h2').allTextContents()).toEqual(['PT Bank Nusantara Sejahtera Tbk (demo)', 'RSUD Sehat Sentosa (demo)']);
    await screen('activity-grouped');
    await page.getByLabel('Kelompokkan menurut').selectOption('day');
    // A small phone: nothing wider than the screen.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screen('activity-phone');
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it('shows the screen in English', async () => {
    await page.getByLabel('Bahasa').selectOption('en');
    await expect.poll(heading).toBe('Who used my data');
    expect(await eventCard(backofficeId).locator('[data-verification]').textContent()).toContain('Verified');
    const bank = (await eventCard(backofficeId).textContent())!;
    expect(bank).toContain('Back-office access');
    expect(bank).toContain('Verifying customer identity to open an account');
    expect(bank).toContain('Legal obligation: a law requires the agency to do this.');
    expect(await eventCard(backofficeId).locator('.access-event__data li').allTextContents()).toEqual(['Full name', 'Address']);
    await screen('activity-en');
    await page.getByLabel('Language').selectOption('id');
    await expect.poll(heading).toBe('Siapa yang memakai data saya');
  });

  it('shows the last listing offline, with when it was fetched', async () => {
    await page.evaluate(async () => navigator.serviceWorker.ready);
    await context.setOffline(true);
    await page.goto(`${service.url}/activity`);
    await expect.poll(heading).toBe('Siapa yang memakai data saya');
    await expect.poll(() => page.locator('.access-event').count()).toBe(2);
    expect(await page.locator('.notice[role="status"]').textContent()).toContain('terakhir diambil pada');
    expect(await verification(backofficeId)).toBe('verified');
    await screen('activity-offline');
    await context.setOffline(false);
    await page.goto(`${service.url}/activity`);
    await expect.poll(() => page.locator('.notice[role="status"]').count()).toBe(0);
  });

  it('raises the alarm when an event is edited in the database', async () => {
    tamper((db) => {
      const row = db.prepare('SELECT body FROM access_events WHERE id = ?').get(backofficeId) as { body: string };
      const edited = row.body.replace('Verifikasi identitas nasabah untuk pembukaan rekening', 'Penawaran produk asuransi');
      expect(edited).not.toBe(row.body);
      db.prepare('UPDATE access_events SET body = ? WHERE id = ?').run(edited, backofficeId);
    });
    await page.reload();
    await expect.poll(() => verification(backofficeId)).toBe('failed');
    expect(await verification(secondId)).toBe('verified');
    const alert = page.getByRole('alert').first();
    expect(await alert.getAttribute('data-alarm-codes')).toBe('event_altered');
    const text = (await alert.textContent())!;
    expect(text).toContain('Peringatan');
    expect(text).toContain('PT Bank Nusantara Sejahtera Tbk (demo)');
    expect(text).toContain('diubah setelah dicatat di log');
    expect(text).toContain('laporkan ke lembaga pengawas');
    expect(await eventCard(backofficeId).locator('.access-event__alarm').getAttribute('data-alarm-code')).toBe('event_altered');
    await screen('activity-alarm');
    await page.getByLabel('Bahasa').selectOption('en');
    expect(await page.getByRole('alert').first().textContent()).toContain('was changed after it was logged');
    await screen('activity-alarm-en');
    await page.getByLabel('Language').selectOption('id');
  });

  it.runIf(PRESENTATIONS)('raises the alarm when a presentation this wallet made is hidden from its log', async () => {
    tamper((db) => db.prepare('UPDATE access_events SET account_id = NULL WHERE id = ?').run(secondId));
    await page.reload();
    await expect.poll(() => page.locator('.access-event').count()).toBe(1);
    await expect.poll(() => page.getByRole('alert').first().getAttribute('data-alarm-codes')).toBe('event_altered presentation_missing');
    expect(await page.getByRole('alert').first().textContent()).toContain('tidak ada di log');
    expect(errors).toEqual([]);
  });
});
