// Citizens' voice in Chromium against the real service (issue 21). A citizen shares with the hospital and rates it with
// a comment in "who used my data"; four counter checks of the same citizen are rated too, and the public transparency
// page shows the hospital's average only once the fifth rating exists. The hospital reads the ratings and comments in
// its console with no name, NIK or account, and a suggestion sent from the hospital's page in the wallet. Then the
// hospital reports a breach in the console: exactly the two citizens whose data it accessed in the window find an
// alert in their inbox (unread count on the home screen, the 3x24-hour deadline in words), in Bahasa Indonesia and
// English; the third citizen's inbox stays empty. Every new screen is scanned by axe and checked for visible codes.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { adminApiKey, checkScreen } from '../support/agency-api.js';
import { dukcapilClaims, holderKey, jsonInit, runIssuance, type HolderKey } from '../support/issuance.js';
import { present } from '../support/presentation.js';
import { startService, type RunningService } from '../support/service.js';
import { reportUnknownCodes } from '../support/unknown-codes.js';
import { addVirtualAuthenticator } from '../support/virtual-authenticator.js';
import { visibleCodes } from '../support/visible-codes.js';
import { createWalletAccount, receiveKtp, shareWithHospital } from '../support/wallet-journey.js';

const ADMIN_TOKEN = 'test-admin-token-for-the-citizen-voice-tests-0123456789';
const HOSPITAL = 'rsud-sehat-sentosa';
const HOUR = 3600_000;
/** The console runs in Jakarta time; datetime-local fields take that wall-clock time. */
const JAKARTA_OFFSET_MS = 7 * HOUR;
const jakartaLocal = (ms: number) => new Date(ms + JAKARTA_OFFSET_MS).toISOString().slice(0, 16);

interface Phone {
  context: BrowserContext;
  page: Page;
  claims: typeof dukcapilClaims;
}

describe("citizens' voice in Chromium", () => {
  let service: RunningService;
  let browser: Browser;
  const keys: Record<string, string> = {};
  const errors: string[] = [];
  let siti: Phone;
  let budi: Phone;
  let ani: Phone;
  const started = Date.now();

  async function phone(): Promise<Phone> {
    const context = await browser.newContext({ locale: 'id-ID', viewport: { width: 360, height: 740 } });
    await reportUnknownCodes(context, errors);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await addVirtualAuthenticator(page);
    await createWalletAccount(page, service.url);
    const claims = dukcapilClaims;
    await receiveKtp(page, service.url, keys.dukcapil!, claims);
    return { context, page, claims };
  }

  /** A second card of the same account, held by the test: what a counter's direct check presents. */
  async function counterCard(p: Phone): Promise<{ sdJwt: string; holder: HolderKey }> {
    const cookie = (await p.context.cookies(service.url)).map((c) => `${c.name}=${c.value}`).join('; ');
    const holder = holderKey();
    const issued = await runIssuance({
      request: (path, init) => fetch(`${service.url}${path}`, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } }),
      agencyId: 'dukcapil',
      apiKey: keys.dukcapil!,
      offer: { credentialType: 'ktp-el', claims: p.claims },
      holder,
      nowSeconds: () => Math.floor(Date.now() / 1000),
      issuerUrl: `${service.url}/issuers/dukcapil`,
    });
    return { sdJwt: issued.sdJwt, holder };
  }

  async function counterCheck(card: { sdJwt: string; holder: HolderKey }): Promise<void> {
    const audience = 'https://rsud-sehat-sentosa.demo.sahih.id/loket';
    const nonce = crypto.randomUUID();
    const presentation = await present({ sdJwt: card.sdJwt, holder: card.holder, disclose: [['nik'], ['name']], audience, nonce, issuedAt: Math.floor(Date.now() / 1000) });
    const res = await fetch(`${service.url}/v1/verify`, jsonInit({ presentation, nonce, audience, purposeCode: 'patient_registration' }, { authorization: `Bearer ${keys[HOSPITAL]}` }));
    expect(res.status, await res.clone().text()).toBe(200);
  }

  async function setLanguage(page: Page, lang: 'id' | 'en'): Promise<void> {
    await page.getByLabel(lang === 'id' ? 'Language' : 'Bahasa', { exact: true }).selectOption(lang);
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe(lang);
  }

  async function wordsOnly(page: Page, label: string, allow: string[] = []): Promise<void> {
    expect(await visibleCodes(page, { allow }), `codes visible on ${label}`).toEqual([]);
    await checkScreen(page, label);
  }

  /** Rates the first unrated entry of this kind in "who used my data". */
  async function rate(page: Page, kind: string, stars: number, comment?: string): Promise<void> {
    const entry = page.locator(`li.access-event[data-kind="${kind}"]`).filter({ has: page.getByText('Beri penilaian layanan ini') }).first();
    await entry.getByText('Beri penilaian layanan ini').click();
    await entry.getByRole('radio', { name: new RegExp(`^${stars} dari 5`) }).check();
    if (comment) await entry.getByLabel('Komentar (boleh dikosongkan)').fill(comment);
    await entry.getByRole('button', { name: 'Kirim penilaian' }).click();
    await page.getByText(`Anda sudah memberi nilai ${stars} dari 5`).first().waitFor();
  }

  const publishNotice = (text: string) =>
    fetch(`${service.url}/v1/agencies/${HOSPITAL}/privacy-notice`, { method: 'PUT', headers: { authorization: `Bearer ${keys[HOSPITAL]}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });

  const hospitalRating = (page: Page) => page.getByRole('table', { name: 'Penilaian warga' }).or(page.locator('.transparency-feedback')).getByRole('row', { name: /RSUD/ });

  beforeAll(async () => {
    service = await startService({ env: { ADMIN_TOKEN, TRANSPARENCY_CACHE_SECONDS: '0' } });
    for (const id of ['dukcapil', HOSPITAL]) keys[id] = await adminApiKey(service.url, ADMIN_TOKEN, id, 'citizen voice test');
    expect((await publishNotice('Kami memakai nama dan NIK Anda untuk pendaftaran pasien.')).status).toBe(200);
    browser = await launchBrowser();
    siti = await phone();
    budi = await phone();
    ani = await phone();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    service?.cleanup();
  });

  it('rates a sharing with a comment, and publishes the average only from the fifth rating', async () => {
    const { page } = siti;
    await shareWithHospital(page, service.url, keys[HOSPITAL]!, HOSPITAL);
    const card = await counterCard(siti);
    for (let i = 0; i < 4; i++) await counterCheck(card);

    await page.goto(`${service.url}/activity`);
    await page.locator('li.access-event[data-kind="presentation_shared"]').first().waitFor();
    await rate(page, 'presentation_shared', 4, 'Pendaftaran cepat, petugas ramah');
    await wordsOnly(page, 'voice-rated', ['Pendaftaran cepat, petugas ramah']);
    for (const stars of [5, 5, 4]) await rate(page, 'direct_verification', stars);

    await page.goto(`${service.url}/transparency`);
    await expect.poll(() => hospitalRating(page).textContent()).toContain('belum ditampilkan');
    expect(await hospitalRating(page).textContent()).toContain('kurang dari 5');

    await page.goto(`${service.url}/activity`);
    await page.locator('li.access-event[data-kind="direct_verification"]').first().waitFor();
    await rate(page, 'direct_verification', 3);
    await page.reload();
    // Each access is rated once: after a reload every rated entry says so instead of offering the form again.
    await page.getByText('Anda sudah memberi nilai 3 dari 5. Terima kasih.').waitFor();
    expect(await page.getByText('Beri penilaian layanan ini').count()).toBe(0);

    await page.goto(`${service.url}/transparency`);
    await expect.poll(() => hospitalRating(page).textContent()).toContain('4,2 dari 5');
    expect(await page.textContent('body')).not.toContain('Pendaftaran cepat');
    await wordsOnly(page, 'voice-transparency');
  });

  it("sends a suggestion from the hospital's page", async () => {
    const { page } = siti;
    await page.goto(`${service.url}/activity`);
    await page.getByRole('link', { name: /Tentang RSUD .* dan kotak saran/ }).first().click();
    await page.getByRole('heading', { level: 1, name: /RSUD/ }).waitFor();
    await page.getByLabel('Saran atau keluhan Anda').fill('Mohon tambah loket pada sore hari');
    await page.getByRole('button', { name: 'Kirim saran' }).click();
    await page.getByText('Terima kasih. Masukan Anda sudah terkirim.').waitFor();
    await wordsOnly(page, 'voice-agency');
  });

  it('shows the hospital the ratings and comments without who gave them', async () => {
    const desk = await (await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Jakarta', viewport: { width: 1280, height: 800 } })).newPage();
    desk.on('pageerror', (e) => errors.push(e.message));
    await desk.goto(`${service.url}/console/`);
    await desk.getByLabel('Instansi', { exact: true }).selectOption(HOSPITAL);
    await desk.getByLabel('Kunci API', { exact: true }).fill(keys[HOSPITAL]!);
    await desk.getByRole('button', { name: 'Masuk' }).click();
    await desk.getByRole('navigation', { name: 'Menu konsol' }).getByRole('link', { name: 'Masukan & kebocoran' }).click();
    const table = desk.getByRole('table', { name: 'Masukan warga' });
    await table.getByRole('row', { name: /Pendaftaran cepat, petugas ramah/ }).waitFor();
    expect(await table.getByRole('row', { name: /Pendaftaran cepat/ }).textContent()).toContain('4 dari 5');
    expect(await table.getByRole('row', { name: /loket pada sore hari/ }).textContent()).toContain('Saran');
    await desk.getByText('Rata-rata 4,2 dari 5').waitFor();
    const text = (await desk.textContent('body')) ?? '';
    for (const secret of [siti.claims.nik, siti.claims.name]) expect(text).not.toContain(secret);
    expect(await visibleCodes(desk, { allow: ['Pendaftaran cepat, petugas ramah', 'Mohon tambah loket pada sore hari'] })).toEqual([]);
    await desk.screenshot({ path: artifactPath('console-voice.png'), fullPage: true });

    // The breach: Siti and Budi shared with the hospital inside the window, Ani never did.
    await shareWithHospital(budi.page, service.url, keys[HOSPITAL]!, HOSPITAL);
    const discovered = Date.now() - 10 * 60_000;
    await desk.getByLabel(/Nomor Induk Kependudukan/).check();
    await desk.getByLabel('Nama lengkap').check();
    await desk.getByLabel('Kebocoran mulai').fill(jakartaLocal(started - HOUR));
    await desk.getByLabel('Kebocoran berakhir').fill(jakartaLocal(Date.now()));
    await desk.getByLabel('Diketahui pada').fill(jakartaLocal(discovered));
    await desk.getByLabel('Apa yang terjadi').fill('Salinan data pasien terbuka di server uji.');
    await desk.getByLabel('Yang sudah Anda lakukan').fill('Server dimatikan dan akses diperiksa.');
    await desk.getByLabel('Yang perlu dilakukan warga').fill('Waspadai pesan yang meminta kode OTP.');
    await desk.getByRole('button', { name: 'Laporkan dan beri tahu warga' }).click();
    await desk.getByText('Laporan tercatat. 2 warga diberi tahu di kotak masuk mereka.').waitFor().catch(async (e: unknown) => {
      console.log('breach form:', await desk.locator('#breach-title').locator('..').innerText());
      throw e;
    });
    expect(await desk.locator('[data-breach] [data-late]').first().getAttribute('data-late')).toBe('false');
    await desk.screenshot({ path: artifactPath('console-breach.png'), fullPage: true });
    await desk.context().close();
  });

  it('puts the breach alert in exactly the affected inboxes, with the deadline in words, in both languages', async () => {
    for (const p of [siti, budi]) {
      await p.page.goto(service.url);
      await p.page.getByRole('link', { name: 'Kotak masuk: 1 pesan belum dibaca' }).click();
      await p.page.getByRole('heading', { level: 1, name: 'Kotak masuk' }).waitFor();
      await p.page.getByText(/Kebocoran data di RSUD/).click();
      await p.page.getByText('Waspadai pesan yang meminta kode OTP.').waitFor();
      expect(await p.page.locator('.inbox-item__deadline').textContent()).toMatch(/paling lambat .* tepat waktu\.$/);
    }
    await wordsOnly(siti.page, 'voice-inbox', ['Salinan data pasien terbuka di server uji.', 'Server dimatikan dan akses diperiksa.', 'Waspadai pesan yang meminta kode OTP.']);
    // Read once opened.
    await siti.page.goto(service.url);
    await siti.page.getByRole('link', { name: 'Kotak masuk', exact: true }).waitFor();

    await setLanguage(budi.page, 'en');
    await budi.page.goto(`${service.url}/inbox`);
    await budi.page.getByText(/Data breach at RSUD/).click();
    expect(await budi.page.locator('.inbox-item__deadline').textContent()).toMatch(/had to be told by .* in time\.$/);
    await wordsOnly(budi.page, 'voice-inbox-en', ['Salinan data pasien terbuka di server uji.', 'Server dimatikan dan akses diperiksa.', 'Waspadai pesan yang meminta kode OTP.']);

    await ani.page.goto(service.url);
    await ani.page.getByRole('link', { name: 'Kotak masuk', exact: true }).click();
    await ani.page.getByText('Tidak ada pesan.', { exact: false }).waitFor();
    expect(await ani.page.locator('.inbox-item').count()).toBe(0);
  });

  it("asks to keep or withdraw a consent after the hospital changes its notice or purpose, and holds the hospital's checks until then", async () => {
    const card = await counterCard(siti);
    const verify = async () => {
      const audience = 'https://rsud-sehat-sentosa.demo.sahih.id/loket';
      const nonce = crypto.randomUUID();
      const presentation = await present({ sdJwt: card.sdJwt, holder: card.holder, disclose: [['nik'], ['name']], audience, nonce, issuedAt: Math.floor(Date.now() / 1000) });
      const res = await fetch(`${service.url}/v1/verify`, jsonInit({ presentation, nonce, audience, purposeCode: 'patient_registration' }, { authorization: `Bearer ${keys[HOSPITAL]}` }));
      return [res.status, ((await res.json()) as { code?: string }).code];
    };
    expect((await verify())[0]).toBe(200);

    // A new notice text: the consent Siti gave under the first one waits for her.
    expect((await publishNotice('Kami juga membagikan nama Anda kepada BPJS Kesehatan untuk penagihan.')).status).toBe(200);
    expect(await verify()).toEqual([403, 'consent_needs_review']);
    const { page } = siti;
    await page.goto(service.url);
    await page.getByRole('link', { name: /^Kotak masuk: 1 pesan belum dibaca$/ }).click();
    const item = page.locator('li.inbox-item[data-kind="consent_review"]');
    await item.getByText(/mengubah pemberitahuan privasinya sejak Anda memberi persetujuan/).waitFor();
    await wordsOnly(page, 'voice-review');
    await item.getByRole('button', { name: 'Tetap setuju' }).click();
    await expect.poll(() => item.count()).toBe(0);
    expect((await verify())[0]).toBe(200);

    // Then a purpose change: asked again, and kept again.
    const changed = await fetch(`${service.url}/v1/agencies/${HOSPITAL}/purposes/patient_registration`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${keys[HOSPITAL]}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        description: { id: 'Pendaftaran pasien dan penagihan JKN', en: 'Patient registration and JKN billing' },
        legalBasis: 'consent',
        claims: [
          { credentialType: 'ktp-el', path: ['nik'] },
          { credentialType: 'ktp-el', path: ['name'] },
        ],
        maxRetentionDays: 365,
      }),
    });
    expect(changed.status, await changed.clone().text()).toBe(200);
    expect(await verify()).toEqual([403, 'consent_needs_review']);
    await page.reload();
    await item.getByText(/mengubah tujuan "Pendaftaran pasien dan penagihan JKN"/).waitFor();
    await item.getByRole('button', { name: 'Tetap setuju' }).click();
    await expect.poll(() => item.count()).toBe(0);
    expect((await verify())[0]).toBe(200);

    // Budi reads the same question in English, and his consent stays held until he answers.
    await budi.page.goto(`${service.url}/inbox`);
    const budiItem = budi.page.locator('li.inbox-item[data-kind="consent_review"]');
    await budiItem.getByText(/changed its privacy notice and the purpose "Patient registration and JKN billing" since you consented/).waitFor();
    expect(await budiItem.getByRole('link', { name: 'Withdraw my consent' }).count()).toBe(1);
    await wordsOnly(budi.page, 'voice-review-en');
    expect(errors).toEqual([]);
  });
});
