// Presenting data with informed consent (OpenID4VP 1.0 + DCQL, direct_post) in Chromium against the real service. The
// agency side is the agency API called from the test with the demo verifiers' API keys (made through the admin API,
// as wallet-credentials.test.ts does for the issuer); the wallet side is the browser with a virtual authenticator.
//
// The "beyond its purpose" case: the service refuses to create such a request (claims_outside_purpose), and it signs
// request objects only with keys it holds sealed. So the test plays a compromised agency back-end the real way: it
// creates a request within the purpose, then rewrites the stored DCQL query in the service's SQLite database to ask for
// `birth_place` too, which the hospital's registered purpose does not allow. The request object the wallet then
// fetches is genuinely signed by the registered agency's key, so only the wallet's own purpose check can catch it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dukcapilClaims } from '../support/issuance.js';
import { writeQrY4m } from '../support/qr-video.js';
import { startService, type RunningService } from '../support/service.js';
import { adminApiKey, agencyRequest, checkScreen } from '../support/agency-api.js';
import { openWallet, receiveKtp } from '../support/wallet-journey.js';

const ADMIN_TOKEN = 'test-admin-token-for-the-wallet-present-tests-0123456789';
const HOSPITAL = 'rsud-sehat-sentosa';
const BANK = 'bank-nusantara';

interface CreatedRequest {
  requestId: string;
  clientId: string;
  authorizationRequestUri: string;
  sameDeviceUrl: string;
}

interface AgencyResult {
  status: string;
  claims?: Record<string, Record<string, unknown>>;
  consentRecordId?: string;
  receipt?: { eventId: string; leafIndex: number; checkpoint: string; inclusionProof: string[] };
}

/** Name and NIK required; birth date and address optional (claim_sets with and without them). */
const hospitalClaims = [
  { path: ['name'], required: true },
  { path: ['nik'], required: true },
  { path: ['birth_date'], required: false },
  { path: ['address'], required: false },
];

describe('presenting data with consent in Chromium', () => {
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  const keys: Record<string, string> = {};
  let scanned: CreatedRequest;
  const errors: string[] = [];

  const heading = () => page.getByRole('heading', { level: 1 }).textContent();

  const screen = (name: string) => checkScreen(page, name);

  const apiKeyFor = (agencyId: string) => adminApiKey(service.url, ADMIN_TOKEN, agencyId, 'wallet present test');

  const agency = (agencyId: string, path: string, body?: unknown) => agencyRequest(service.url, keys[agencyId]!, agencyId, path, body);

  async function createRequest(agencyId: string, body: Record<string, unknown>): Promise<CreatedRequest> {
    const res = await agency(agencyId, '/presentation-requests', { responseMode: 'poll', ...body });
    const created = (await res.json()) as CreatedRequest;
    expect(res.status, JSON.stringify(created)).toBe(201);
    return created;
  }

  const hospitalRequest = () =>
    createRequest(HOSPITAL, { purposeCode: 'patient_registration', credentialType: 'ktp-el', claims: hospitalClaims, retentionDays: 30 });

  async function result(agencyId: string, requestId: string): Promise<AgencyResult> {
    const res = await agency(agencyId, `/presentation-requests/${requestId}`);
    expect(res.status).toBe(200);
    return (await res.json()) as AgencyResult;
  }

  /** The compromised agency back-end: the stored query asks for one more claim than the purpose allows. */
  function overAsk(requestId: string): void {
    const db = new Database(join(service.dataDir, 'sahih.db'));
    try {
      db.pragma('busy_timeout = 5000');
      const row = db.prepare('SELECT dcql FROM presentation_requests WHERE id = ?').get(requestId) as { dcql: string };
      const query = JSON.parse(row.dcql) as { credentials: { claims: { id: string; path: string[] }[]; claim_sets?: string[][] }[] };
      const cq = query.credentials[0]!;
      cq.claims.push({ id: 'birth_place', path: ['birth_place'] });
      if (cq.claim_sets) cq.claim_sets = cq.claim_sets.map((set) => [...set, 'birth_place']);
      db.prepare('UPDATE presentation_requests SET dcql = ? WHERE id = ?').run(JSON.stringify(query), requestId);
    } finally {
      db.close();
    }
  }

  const switchFor = (name: string) => page.getByRole('switch', { name });
  const claimValue = (path: string) => page.locator(`.consent-claim[data-claim="${path}"] .consent-claim__value`).textContent();

  beforeAll(async () => {
    service = await startService({ env: { ADMIN_TOKEN } });
    for (const id of ['dukcapil', HOSPITAL, BANK]) keys[id] = await apiKeyFor(id);
    // The camera sees a hospital request's QR code from the start; only the scan screen looks at it.
    scanned = await hospitalRequest();
    const video = join(mkdtempSync(join(tmpdir(), 'sahih-qr-')), 'request.y4m');
    writeQrY4m(video, scanned.authorizationRequestUri);
    ({ browser, page } = await openWallet(service.url, errors, { cameraVideo: video }));
    // Signed in, so the service binds the card's holder key to this account.
    await receiveKtp(page, service.url, keys.dukcapil!);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    service?.cleanup();
  });

  it('shares the required claims and one optional claim the citizen turns on, and shows the consent receipt', async () => {
    const request = await hospitalRequest();
    await page.goto(request.sameDeviceUrl);
    await expect.poll(() => page.getByText('RSUD Sehat Sentosa (demo) meminta data dari kartu Anda.').count()).toBe(1);
    expect(await heading()).toBe('Permintaan data');
    // The one-time request link leaves the address bar.
    expect(new URL(page.url()).search).toBe('');
    // Who, why, under which legal basis, for how long: from the signed request and the trust registry, one tap away.
    await page.getByText('Dasar hukum, lama simpan, kontak').click();
    const facts = (await page.locator('.consent-facts').textContent())!;
    expect(facts).toContain('Pendaftaran pasien rawat jalan dan pengecekan kepesertaan JKN.');
    expect(facts).toContain('Persetujuan Anda. Anda boleh menolak');
    expect(facts).toContain('Paling lama 30 hari setelah dibagikan');
    expect(facts).toContain('layanan@rsud-sehat-sentosa.demo.sahih.id');
    expect(facts).toContain('pdp@rsud-sehat-sentosa.demo.sahih.id');
    expect(await page.getByRole('link', { name: 'Baca pemberitahuan privasi RSUD Sehat Sentosa (demo)' }).getAttribute('href')).toBe(
      'https://rsud-sehat-sentosa.demo.sahih.id/pemberitahuan-privasi',
    );
    // Each claim labelled from the type metadata with the value the citizen holds; optional ones off by default.
    expect(await claimValue('name')).toBe(dukcapilClaims.name);
    expect(await claimValue('nik')).toBe(dukcapilClaims.nik);
    expect(await claimValue('birth_date')).toBe('17 Agustus 1990');
    expect(await claimValue('address')).toContain(dukcapilClaims.address.locality);
    expect(await page.locator('.consent-claim[data-claim="name"]').textContent()).toContain('Nama lengkap');
    expect(await switchFor('Tanggal lahir').isChecked()).toBe(false);
    expect(await switchFor('Alamat').isChecked()).toBe(false);
    await screen('present-consent');

    await switchFor('Alamat').check();
    expect(await switchFor('Alamat').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Setujui dan bagikan' }).click();
    // The passkey (virtual authenticator, user verification) confirms; then the receipt.
    await expect.poll(heading, { timeout: 20_000 }).toBe('Bukti persetujuan');
    const receipt = (await page.locator('article').textContent())!;
    expect(receipt).toContain('Anda membagikan data kepada RSUD Sehat Sentosa (demo)');
    expect(await page.locator('.receipt-shared li').allTextContents()).toEqual(['Nama lengkap', 'Nomor Induk Kependudukan (NIK)', 'Alamat']);
    expect(await page.locator('.receipt-not-shared li').allTextContents()).toEqual(['Tanggal lahir']);
    expect(receipt).toContain('Pendaftaran pasien rawat jalan');
    await screen('present-receipt');

    // The agency gets exactly the chosen claims, and a receipt from the log.
    const answer = await result(HOSPITAL, request.requestId);
    expect(answer.status).toBe('shared');
    expect(answer.claims).toEqual({ 'ktp-el': { name: dukcapilClaims.name, nik: dukcapilClaims.nik, address: dukcapilClaims.address } });
    expect(answer.receipt?.leafIndex).toEqual(expect.any(Number));
    expect(answer.receipt?.inclusionProof).toEqual(expect.any(Array));
    expect(await page.locator('article').textContent()).toContain(answer.consentRecordId!);

    // The record stays reachable: My consents, and the card's detail.
    await page.getByRole('link', { name: 'Semua persetujuan saya' }).first().click();
    await expect.poll(heading).toBe('Persetujuan saya');
    // The list is read from IndexedDB after the heading renders: wait for it rather than race it.
    await expect.poll(() => page.locator('.consent-list li[data-decision="shared"]').count()).toBe(1);
    await screen('consents');
    await page.goto(service.url);
    await page.locator('.credential-card__link').first().click();
    await expect.poll(() => page.locator('.consent-list li').count()).toBe(1);
  });

  it('declines: the agency sees declined and the wallet keeps the refusal', async () => {
    const request = await hospitalRequest();
    await page.goto(request.sameDeviceUrl);
    await page.getByRole('button', { name: 'Tolak' }).waitFor();
    await page.getByRole('button', { name: 'Tolak' }).click();
    await expect.poll(heading).toBe('Bukti penolakan');
    expect(await page.locator('article').textContent()).toContain('Tidak ada data yang dibagikan');
    await screen('present-refusal-receipt');
    const answer = await result(HOSPITAL, request.requestId);
    expect(answer.status).toBe('declined');
    expect(answer.claims).toBeUndefined();
    expect(answer.consentRecordId).toEqual(expect.any(String));
    await page.goto(`${service.url}/consent-receipts`);
    await expect.poll(() => page.locator('.consent-list li[data-decision="declined"]').count()).toBe(1);
  });

  it('refuses a request that asks beyond its registered purpose, and sends nothing', async () => {
    const request = await createRequest(HOSPITAL, {
      purposeCode: 'patient_registration',
      credentialType: 'ktp-el',
      claims: [{ path: ['name'], required: true }],
      retentionDays: 30,
    });
    overAsk(request.requestId);
    await page.goto(request.sameDeviceUrl);
    const warning = page.locator('[data-refusal="beyond-purpose"]');
    await warning.waitFor();
    expect(await warning.getAttribute('role')).toBe('alert');
    const text = (await warning.textContent())!;
    expect(text).toContain('Permintaan ditolak untuk melindungi data Anda');
    expect(text).toContain('RSUD Sehat Sentosa (demo) meminta data yang tidak diizinkan');
    expect(text).toContain('Tempat lahir');
    expect(text).toContain('tidak mengirim data apa pun');
    // No consent screen at all.
    expect(await page.getByRole('button', { name: 'Setujui dan bagikan' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Tolak' }).count()).toBe(0);
    await screen('present-beyond-purpose');
    expect((await result(HOSPITAL, request.requestId)).status).toBe('pending');
  });

  it('answers an age check with the predicate alone: the birth date is not disclosed', async () => {
    const request = await createRequest(BANK, { purposeCode: 'age_check', credentialType: 'ktp-el', claims: [{ path: ['age_over_21'], required: true }], retentionDays: 0 });
    await page.goto(request.sameDeviceUrl);
    await page.locator('.consent-claim[data-claim="age_over_21"]').waitFor();
    expect(await page.locator('.consent-claim[data-claim="age_over_21"]').textContent()).toBe('Berusia 21 tahun ke atasYa');
    expect(await page.locator('.consent-claim').count()).toBe(1);
    expect(await page.locator('.consent-facts').textContent()).toContain('Tidak disimpan');
    await page.getByRole('button', { name: 'Setujui dan bagikan' }).click();
    await expect.poll(heading, { timeout: 20_000 }).toBe('Bukti persetujuan');
    const answer = await result(BANK, request.requestId);
    expect(answer.claims).toEqual({ 'ktp-el': { age_over_21: true } });
  });

  it('opens a request from a scanned QR code (openid4vp://)', async () => {
    await page.goto(`${service.url}/receive/scan`);
    await expect.poll(() => page.getByText('RSUD Sehat Sentosa (demo) meminta data dari kartu Anda.').count(), { timeout: 20_000 }).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/present');
    await page.getByRole('button', { name: 'Tolak' }).click();
    await expect.poll(heading).toBe('Bukti penolakan');
    expect((await result(HOSPITAL, scanned.requestId)).status).toBe('declined');
  });

  it('shows the new screens in English too', async () => {
    await page.goto(service.url);
    await page.getByLabel('Bahasa').selectOption('en');
    await expect.poll(heading).toBe('My cards');
    const request = await hospitalRequest();
    await page.goto(request.sameDeviceUrl);
    await expect.poll(() => page.getByText('RSUD Sehat Sentosa (demo) is asking for data from your card.').count()).toBe(1);
    expect(await page.locator('.consent-facts').textContent()).toContain('Your consent. You may refuse');
    expect(await switchFor('Address').isChecked()).toBe(false);
    await screen('present-consent-en');
    await switchFor('Date of birth').check();
    await page.getByRole('button', { name: 'Agree and share' }).click();
    await expect.poll(heading, { timeout: 20_000 }).toBe('Consent receipt');
    expect(await page.locator('.receipt-shared li').allTextContents()).toEqual(['Full name', 'National identity number (NIK)', 'Date of birth']);
    await screen('present-receipt-en');
    expect((await result(HOSPITAL, request.requestId)).claims).toEqual({
      'ktp-el': { name: dukcapilClaims.name, nik: dukcapilClaims.nik, birth_date: dukcapilClaims.birth_date },
    });

    const beyond = await createRequest(HOSPITAL, { purposeCode: 'patient_registration', credentialType: 'ktp-el', claims: [{ path: ['nik'], required: true }], retentionDays: 7 });
    overAsk(beyond.requestId);
    await page.goto(beyond.sameDeviceUrl);
    await page.locator('[data-refusal="beyond-purpose"]').waitFor();
    expect(await page.locator('[data-refusal="beyond-purpose"]').textContent()).toContain('Place of birth');
    await screen('present-beyond-purpose-en');

    const declined = await hospitalRequest();
    await page.goto(declined.sameDeviceUrl);
    await page.getByRole('button', { name: 'Refuse' }).click();
    await expect.poll(heading).toBe('Refusal receipt');
    await screen('present-refusal-receipt-en');
    await page.getByRole('link', { name: 'All my consents' }).first().click();
    await expect.poll(heading).toBe('My consents');
    await screen('consents-en');
    await page.getByLabel('Language').selectOption('id');
    expect(errors).toEqual([]);
  });
});
