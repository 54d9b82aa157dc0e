// Consent control and UU PDP rights in Chromium against the real service. The citizen shares with the hospital, whose
// webhook is registered to a tiny receiver in this test; withdrawing in the wallet (confirmed with the virtual
// authenticator's passkey, the next record signed with the card's holder key) reaches the receiver as a signed
// `consent.withdrawn`, and the hospital's later `/v1/verify` for the same citizen and purpose and its result read are
// refused with `consent_not_active`. The direct verification uses a second KTP-el issued in the test to the same
// account (the browser's holder keys cannot leave IndexedDB). Then pause and resume, a deletion request with its
// 3x24-hour deadline, a complaint about one access, and the "download all my data" bundle. Screens are scanned by
// axe-core and photographed in both languages.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../verifier/webhooks/signature.js';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { dukcapilClaims, jsonInit, type HolderKey, type Requester } from '../support/issuance.js';
import { present } from '../support/presentation.js';
import { startService, type RunningService } from '../support/service.js';
import { reportUnknownCodes } from '../support/unknown-codes.js';
import { addVirtualAuthenticator } from '../support/virtual-authenticator.js';
import { adminApiKey, checkScreen } from '../support/agency-api.js';
import { cardWithBrowserSession, createWalletAccount, receiveKtp, shareWithHospital as shareWith } from '../support/wallet-journey.js';

const ADMIN_TOKEN = 'test-admin-token-for-the-wallet-rights-tests-0123456789';
const HOSPITAL = 'rsud-sehat-sentosa';
const DAY_MS = 24 * 3600 * 1000;

interface Delivery {
  headers: Record<string, string>;
  body: string;
}

describe('consent control and rights in Chromium', () => {
  let service: RunningService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let receiver: Server;
  const deliveries: Delivery[] = [];
  const keys: Record<string, string> = {};
  let webhookSecret: string;
  /** A second card for the same account, held by the test: what a counter clerk's direct verification presents. */
  let counterCard: { sdJwt: string; holder: HolderKey };
  let withdrawnRequestId: string;
  const errors: string[] = [];

  const heading = () => page.getByRole('heading', { level: 1 }).textContent();
  const request: Requester = (path, init) => fetch(`${service.url}${path}`, init);

  const screen = (name: string) => checkScreen(page, name);

  const apiKeyFor = (agencyId: string) => adminApiKey(service.url, ADMIN_TOKEN, agencyId, 'wallet rights test');

  async function agency(agencyId: string, path: string, body?: unknown, method?: string): Promise<Response> {
    return fetch(`${service.url}/v1/agencies/${agencyId}${path}`, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[agencyId]}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** The hospital asks for name and NIK; the citizen shares in the wallet and lands on the receipt. */
  const shareWithHospital = () => shareWith(page, service.url, keys[HOSPITAL]!, HOSPITAL);

  /** POST /v1/verify by the hospital's counter for the same citizen (second card of the account) and purpose. */
  async function directVerify(): Promise<{ status: number; body: Record<string, unknown> }> {
    const AUD = 'https://rsud-sehat-sentosa.demo.sahih.id/loket';
    const nonce = crypto.randomUUID();
    const presentation = await present({ sdJwt: counterCard.sdJwt, holder: counterCard.holder, disclose: [['nik'], ['name']], audience: AUD, nonce, issuedAt: Math.floor(Date.now() / 1000) });
    const res = await request('/v1/verify', jsonInit({ presentation, nonce, audience: AUD, purposeCode: 'patient_registration' }, { authorization: `Bearer ${keys[HOSPITAL]}` }));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  const controlState = () => page.locator('.consent-control').getAttribute('data-consent-state');

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        deliveries.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, 'localhost', resolve));
    const receiverUrl = `http://localhost:${(receiver.address() as AddressInfo).port}/hooks/sahih`;

    // The receiver listens on this machine, which the webhook client refuses unless the operator allows it.
    service = await startService({ env: { ADMIN_TOKEN, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
    for (const id of ['dukcapil', HOSPITAL]) keys[id] = await apiKeyFor(id);
    const hook = await agency(HOSPITAL, '/webhook', { url: receiverUrl }, 'PUT');
    const registered = (await hook.json()) as { secret: string };
    expect(hook.status, JSON.stringify(registered)).toBeLessThan(300);
    webhookSecret = registered.secret;

    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'id-ID', acceptDownloads: true });
    await reportUnknownCodes(context, errors);
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await addVirtualAuthenticator(page);
    await createWalletAccount(page, service.url);
    await receiveKtp(page, service.url, keys.dukcapil!);

    // The same account's second card, issued with the browser's session cookie so the service binds its key to it.
    counterCard = await cardWithBrowserSession(service.url, context, keys.dukcapil!);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    service?.cleanup();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  });

  it('withdraws a consent: the agency webhook fires signed, and verify and result reads are refused', async () => {
    withdrawnRequestId = await shareWithHospital();
    await expect.poll(controlState).toBe('active');
    expect(await page.locator('.consent-control').textContent()).toContain('Aktif');
    expect((await directVerify()).body.valid).toBe(true);

    await page.getByRole('button', { name: 'Tarik persetujuan' }).click();
    const confirm = (await page.locator('.consent-control__confirm').textContent())!;
    expect(confirm).toContain('RSUD Sehat Sentosa (demo) akan diberi tahu');
    expect(confirm).toContain('3x24 jam');
    await screen('consent-withdraw-confirm');
    const before = Date.now();
    await page.getByRole('button', { name: 'Ya, konfirmasi dengan passkey' }).click();
    await expect.poll(controlState, { timeout: 20_000 }).toBe('withdrawn');
    expect(await page.locator('.consent-control [role="status"]').textContent()).toContain('Persetujuan ditarik');
    const due = Date.parse((await page.locator('.consent-control__due').getAttribute('data-due-at'))!);
    expect(due - before).toBeGreaterThan(3 * DAY_MS - 60_000);
    expect(due - Date.now()).toBeLessThanOrEqual(3 * DAY_MS);
    expect(await page.locator('.consent-control__due').textContent()).toContain('wajib menindaklanjuti');
    // Withdrawn is final: no more actions.
    expect(await page.locator('.consent-control__actions button').count()).toBe(0);
    await screen('consent-withdrawn');

    // The hospital's receiver gets a signed consent.withdrawn (the worker polls every 5 s).
    await expect.poll(() => deliveries.filter((d) => JSON.parse(d.body).type === 'consent.withdrawn').length, { timeout: 30_000, interval: 500 }).toBe(1);
    const hook = deliveries.find((d) => JSON.parse(d.body).type === 'consent.withdrawn')!;
    const signed = {
      secret: webhookSecret,
      id: hook.headers['webhook-id']!,
      timestamp: hook.headers['webhook-timestamp']!,
      signatureHeader: hook.headers['webhook-signature']!,
      nowSeconds: Math.floor(Date.now() / 1000),
    };
    expect(verifyWebhookSignature({ ...signed, body: hook.body })).toBe(true);
    expect(verifyWebhookSignature({ ...signed, body: `${hook.body} ` })).toBe(false);
    const payload = JSON.parse(hook.body) as { data: Record<string, unknown> };
    expect(payload.data).toMatchObject({ requestId: withdrawnRequestId, purposeCode: 'patient_registration', previousState: 'active', state: 'withdrawn' });
    expect(Date.parse(payload.data.actionDueAt as string)).toBe(due);
    expect(hook.body).not.toContain(dukcapilClaims.nik);

    // Later reliance on that consent is refused with a code.
    expect(await directVerify()).toMatchObject({ status: 403, body: { code: 'consent_not_active' } });
    const read = await agency(HOSPITAL, `/presentation-requests/${withdrawnRequestId}`);
    expect([read.status, ((await read.json()) as { code: string }).code]).toEqual([403, 'consent_not_active']);

    // The new state survives a reload (kept in the wallet and read from the service).
    await page.reload();
    await expect.poll(controlState, { timeout: 10_000 }).toBe('withdrawn');
  });

  it('pauses and resumes a consent, the state shown changing each time', async () => {
    await shareWithHospital();
    await expect.poll(controlState).toBe('active');
    await page.getByRole('button', { name: 'Jeda' }).click();
    expect(await page.locator('.consent-control__confirm').textContent()).toContain('Anda dapat melanjutkannya kapan saja');
    await page.getByRole('button', { name: 'Ya, konfirmasi dengan passkey' }).click();
    await expect.poll(controlState, { timeout: 20_000 }).toBe('paused');
    expect(await page.locator('.consent-control__state').textContent()).toBe('Dijeda');
    expect(await page.locator('.consent-control__due').count()).toBe(1);
    await screen('consent-paused');
    // While paused, the hospital's counter is refused too.
    expect(await directVerify()).toMatchObject({ status: 403, body: { code: 'consent_not_active' } });

    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByRole('button', { name: 'Ya, konfirmasi dengan passkey' }).click();
    await expect.poll(controlState, { timeout: 20_000 }).toBe('active');
    expect(await page.locator('.consent-control__state').textContent()).toBe('Aktif');
    expect(await page.getByRole('button', { name: 'Tarik persetujuan' }).count()).toBe(1);
    await expect.poll(() => deliveries.map((d) => (JSON.parse(d.body) as { type: string }).type).filter((t) => t !== 'consent.withdrawn'), { timeout: 30_000, interval: 500 }).toEqual(
      expect.arrayContaining(['consent.paused', 'consent.resumed']),
    );
  });

  it('files a deletion request and a complaint about one access, with their 3x24-hour deadlines', async () => {
    await page.goto(service.url);
    await page.getByRole('link', { name: 'Hak saya' }).click();
    await expect.poll(heading).toBe('Hak saya');
    await page.getByLabel('Instansi').selectOption(HOSPITAL);
    await page.getByLabel('Permintaan penghapusan data').check();
    await page.getByLabel('Pesan Anda').fill('Mohon hapus data saya dari sistem pendaftaran pasien.');
    await page.getByRole('button', { name: 'Kirim permintaan' }).click();
    const deletion = page.locator('.rights-request[data-kind="deletion"]');
    await deletion.waitFor();
    expect(await page.locator('[role="status"]').textContent()).toContain('Terkirim ke RSUD Sehat Sentosa (demo)');
    expect(await deletion.locator('.rights-request__status').textContent()).toBe('Terkirim');
    const dueAt = Date.parse((await deletion.locator('.rights-request__due').getAttribute('data-due-at'))!);
    expect(Math.abs(dueAt - (Date.now() + 3 * DAY_MS))).toBeLessThan(60_000);
    expect(await deletion.getAttribute('class')).not.toContain('overdue');
    await screen('rights');

    // A complaint about one access, from "Who used my data".
    await page.getByRole('link', { name: 'Aktivitas' }).click();
    await expect.poll(heading).toBe('Siapa yang memakai data saya');
    const complain = page.locator('.access-event[data-kind="presentation_shared"] .access-event__complain a').first();
    await complain.waitFor({ timeout: 20_000 });
    const eventId = await page.locator('.access-event[data-kind="presentation_shared"]').first().getAttribute('data-event-id');
    await complain.click();
    await expect.poll(heading).toBe('Hak saya');
    expect(await page.getByLabel('Pengaduan').isChecked()).toBe(true);
    // The access is named in words (agency and time); its id is only carried by the request.
    expect(await page.locator('.rights__event').textContent()).toContain('Tentang akses RSUD Sehat Sentosa (demo)');
    await page.getByLabel('Pesan Anda').fill('Saya tidak mengenali akses ini.');
    await page.getByRole('button', { name: 'Kirim permintaan' }).click();
    const complaint = page.locator('.rights-request[data-kind="complaint"]');
    await complaint.waitFor();
    // The access's id is kept for support under "Detail teknis", not in the visible text.
    expect(await complaint.locator('[data-technical-details] code').textContent()).toBe(eventId);

    // Past its deadline without an answer, a request is highlighted as overdue (the test moves the deadline back).
    const db = new Database(join(service.dataDir, 'sahih.db'));
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare("UPDATE rights_requests SET due_at = ? WHERE kind = 'deletion'").run(Date.now() - 60_000);
    } finally {
      db.close();
    }
    await page.reload();
    await expect.poll(() => deletion.getAttribute('class')).toContain('rights-request--overdue');
    expect(await deletion.locator('.rights-request__overdue').textContent()).toContain('(terlambat)');
    expect(await complaint.getAttribute('class')).not.toContain('overdue');
    await screen('rights-overdue');

    // The service has both, addressed to the hospital.
    const listed = (await (await agency(HOSPITAL, '/rights-requests')).json()) as { requests: { kind: string; eventId: string | null }[] };
    expect(listed.requests.map((r) => [r.kind, r.eventId])).toEqual(expect.arrayContaining([['deletion', null], ['complaint', eventId]]));
  });

  it('downloads all my data as one JSON file, and prints a summary', async () => {
    await page.goto(`${service.url}/rights`);
    await expect.poll(heading).toBe('Hak saya');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh semua data saya' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^sahih-data-saya-\d{4}-\d{2}-\d{2}\.json$/);
    const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
      format: string;
      service: { accessEvents: { eventId: string; kind: string; salt: string; body: string }[] };
      wallet: { presentations: Record<string, unknown>[]; consentRecords: { jws: string }[]; lastVerifiedCheckpoint: unknown };
    };
    expect(bundle.format).toBe('sahih-wallet-export/1');
    const kinds = bundle.service.accessEvents.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['presentation_shared', 'consent_withdrawn', 'consent_paused', 'consent_resumed']));
    expect(bundle.service.accessEvents.every((e) => typeof e.salt === 'string' && e.salt.length > 0)).toBe(true);
    // Two shared consents: the first withdrawn (2 records), the second paused and resumed (3 records).
    expect(bundle.wallet.consentRecords).toHaveLength(5);
    expect(bundle.wallet.consentRecords.every((r) => r.jws.split('.').length === 3)).toBe(true);
    expect(bundle.wallet.presentations.length).toBe(2);
    expect(JSON.stringify(bundle.wallet)).not.toContain(dukcapilClaims.nik);
    expect(bundle.wallet.lastVerifiedCheckpoint).not.toBeNull();

    // The printable summary: the requests and consents stay, the forms and the navigation go.
    expect(await page.getByRole('button', { name: 'Cetak' }).count()).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.print-summary').isVisible()).toBe(true);
    expect(await page.locator('.site-nav').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Kirim permintaan' }).isVisible()).toBe(false);
    await page.screenshot({ path: artifactPath('wallet-rights-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  it('shows the new screens in English too', async () => {
    await page.goto(service.url);
    await page.getByLabel('Bahasa').selectOption('en');
    await expect.poll(heading).toBe('My cards');
    await page.getByRole('link', { name: 'My rights' }).click();
    await expect.poll(heading).toBe('My rights');
    expect(await page.locator('.rights-request[data-kind="deletion"] .rights-request__status').textContent()).toBe('Sent');
    await screen('rights-en');
    // A small phone: nothing wider than the screen.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${service.url}/consent-receipts`);
    await expect.poll(heading).toBe('My consents');
    await page.locator('.consent-list a').first().click();
    await expect.poll(controlState, { timeout: 10_000 }).toBe('active');
    await page.getByRole('button', { name: 'Withdraw' }).click();
    expect(await page.locator('.consent-control__confirm').textContent()).toContain('within 3x24 hours');
    await screen('consent-control-en');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByLabel('Language').selectOption('id');
    expect(errors).toEqual([]);
  });
});
