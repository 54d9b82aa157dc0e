// A request for two cards in Chromium (issue 18, DCQL credential_sets and claim_sets). Against the Sahih service: the
// hospital asks for the KTP-el (required) and the JKN-KIS card (an optional set); the consent screen lists the KTP,
// offers the JKN card behind a switch, and only the chosen cards and claims leave the phone (both languages). Against
// the verifier outside Sahih (@openid4vc/openid4vp): an alternative the wallet cannot answer, an optional set, and
// claim_sets whose first satisfiable set is preselected; the verifier library accepts the answer.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApiKey, agencyRequest, checkScreen } from '../support/agency-api.js';
import { dukcapilClaims, jknClaims } from '../support/issuance.js';
import { startService, type RunningService } from '../support/service.js';
import { startTestVerifier, type TestVerifier } from '../support/test-verifier.js';
import { visibleCodes } from '../support/visible-codes.js';
import { openWallet, receiveCard, receiveKtp } from '../support/wallet-journey.js';

const ADMIN_TOKEN = 'test-admin-token-for-the-several-cards-tests-0123456789';
const HOSPITAL = 'rsud-sehat-sentosa';

describe('a request for two cards, in Chromium', () => {
  let service: RunningService;
  let verifier: TestVerifier;
  let browser: Browser;
  let page: Page;
  let hospitalKey: string;
  const errors: string[] = [];

  const heading = () => page.getByRole('heading', { level: 1 }).textContent();
  const vct = (type: string) => `${service.url}/vct/${type}`;
  const card = (queryId: string) => page.locator(`.present-card[data-credential-query="${queryId}"]`);

  /** KTP (NIK and name) required; the JKN card (number and care class) an optional set. */
  const twoCardQuery = () => ({
    credentials: [
      { id: 'ktp', format: 'dc+sd-jwt', meta: { vct_values: [vct('ktp-el')] }, claims: [{ id: 'nik', path: ['nik'] }, { id: 'name', path: ['name'] }] },
      { id: 'jkn', format: 'dc+sd-jwt', meta: { vct_values: [vct('kartu-jkn')] }, claims: [{ id: 'card', path: ['card_number'] }, { id: 'class', path: ['care_class'] }] },
    ],
    credential_sets: [{ options: [['ktp']] }, { options: [['jkn']], required: false }],
  });

  async function hospitalRequest(): Promise<{ requestId: string; sameDeviceUrl: string }> {
    const res = await agencyRequest(service.url, hospitalKey, HOSPITAL, '/presentation-requests', { responseMode: 'poll', purposeCode: 'patient_registration', retentionDays: 30, dcqlQuery: twoCardQuery() });
    const created = (await res.json()) as { requestId: string; sameDeviceUrl: string };
    expect(res.status, JSON.stringify(created)).toBe(201);
    return created;
  }

  async function claimsOf(requestId: string): Promise<unknown> {
    const res = await agencyRequest(service.url, hospitalKey, HOSPITAL, `/presentation-requests/${requestId}`);
    return ((await res.json()) as { claims?: unknown }).claims;
  }

  beforeAll(async () => {
    service = await startService({ env: { ADMIN_TOKEN } });
    verifier = await startTestVerifier();
    ({ browser, page } = await openWallet(service.url, errors));
    await receiveKtp(page, service.url, await adminApiKey(service.url, ADMIN_TOKEN, 'dukcapil', 'several cards test'));
    await receiveCard(page, service.url, { agencyId: 'bpjs-kesehatan', apiKey: await adminApiKey(service.url, ADMIN_TOKEN, 'bpjs-kesehatan', 'several cards test'), credentialType: 'kartu-jkn', claims: jknClaims });
    hospitalKey = await adminApiKey(service.url, ADMIN_TOKEN, HOSPITAL, 'several cards test');
  });

  afterAll(async () => {
    await browser?.close();
    await verifier?.stop();
    await service?.stop();
    service?.cleanup();
  });

  it('lists the KTP, offers the JKN card as optional, and shares both once switched on', async () => {
    const request = await hospitalRequest();
    await page.goto(request.sameDeviceUrl);
    await card('ktp').waitFor();
    expect(await card('ktp').getByRole('heading', { level: 2 }).textContent()).toBe('Data dari KTP Elektronik (Identitas Kependudukan Digital)');
    const jknSwitch = page.getByRole('switch', { name: 'Bagikan juga dari Kartu Indonesia Sehat (JKN-KIS)' });
    expect(await jknSwitch.isChecked()).toBe(false);
    expect(await card('jkn').count()).toBe(0);
    expect(await visibleCodes(page), 'codes on the two-card consent screen').toEqual([]);
    await checkScreen(page, 'present-two-cards');

    await jknSwitch.check();
    await card('jkn').waitFor();
    expect(await card('jkn').locator('.consent-claim').allTextContents()).toEqual([`Nomor kartu JKN${jknClaims.card_number}`, `Kelas rawat${jknClaims.care_class}`]);
    // Two cards' claims keep apart ids (each prefixed with its credential query).
    const ids = await page.evaluate(() => [...document.querySelectorAll('[id^="claim-"]')].map((e) => e.id));
    expect(ids).toContain('claim-jkn-card_number-value');
    expect(new Set(ids).size).toBe(ids.length);
    await checkScreen(page, 'present-two-cards-on');
    await page.getByRole('button', { name: 'Setujui dan bagikan' }).click();
    await expect.poll(heading, { timeout: 20_000 }).toBe('Bukti persetujuan');
    expect(await page.locator('.receipt-shared li').allTextContents()).toEqual(['Nomor Induk Kependudukan (NIK)', 'Nama lengkap', 'Nomor kartu JKN', 'Kelas rawat']);
    expect(await claimsOf(request.requestId)).toEqual({
      ktp: { nik: dukcapilClaims.nik, name: dukcapilClaims.name },
      jkn: { card_number: jknClaims.card_number, care_class: jknClaims.care_class },
    });
    expect(errors).toEqual([]);
  });

  it('answers a verifier outside Sahih: an unanswerable alternative skipped, the first satisfiable claim set preselected, an optional card', async () => {
    const query = {
      credentials: [
        { id: 'passport', format: 'dc+sd-jwt', meta: { vct_values: ['https://passport.example/vct/passport'] }, claims: [{ path: ['document_number'] }] },
        {
          id: 'ktp',
          format: 'dc+sd-jwt',
          meta: { vct_values: [vct('ktp-el')] },
          claims: [
            { id: 'email', path: ['email'] },
            { id: 'nik', path: ['nik'] },
            { id: 'name', path: ['name'] },
          ],
          // The card has no email: the first set cannot be met, so the second (NIK and name) is preselected (§6.4.1).
          claim_sets: [
            ['email', 'name'],
            ['nik', 'name'],
          ],
        },
        { id: 'jkn', format: 'dc+sd-jwt', meta: { vct_values: [vct('kartu-jkn')] }, claims: [{ id: 'card', path: ['card_number'] }] },
      ],
      credential_sets: [{ options: [['passport'], ['ktp']] }, { options: [['jkn']], required: false }],
    };
    const request = await verifier.createRequest({ dcql: query, clientName: 'Toko Contoh' });
    await page.goto(request.walletLink(service.url));
    await page.locator('[data-verifier="unregistered"]').waitFor();
    await card('ktp').waitFor();
    expect(await page.getByRole('switch', { name: 'Nomor Induk Kependudukan (NIK)' }).isChecked()).toBe(true);
    expect(await card('ktp').getByRole('heading', { level: 3 }).allTextContents()).toEqual(['Wajib dibagikan', 'Boleh Anda pilih (yang menyala ikut dibagikan)']);
    expect(await card('ktp').locator('.consent-claim[data-claim="email"] input').isDisabled()).toBe(true);
    await page.getByRole('switch', { name: 'Bagikan juga dari Kartu Indonesia Sehat (JKN-KIS)' }).check();
    await card('jkn').waitFor();
    expect(await visibleCodes(page), 'codes on the outside verifier two-card screen').toEqual([]);
    await checkScreen(page, 'present-two-cards-unregistered');
    await page.getByRole('button', { name: 'Setujui dan bagikan' }).click();
    await expect.poll(() => verifier.outcomes.get(request.id)?.status, { timeout: 20_000 }).toBe('shared');
    const outcome = verifier.outcomes.get(request.id)!;
    expect(outcome.disclosed!.ktp!.sort()).toEqual(['name', 'nik']);
    expect(outcome.disclosed!.jkn).toEqual(['card_number']);
    expect(outcome.disclosed!.passport).toBeUndefined();
    await expect.poll(heading, { timeout: 20_000 }).toBe('Bukti persetujuan');
    expect(await page.locator('[data-outside-sahih="true"] .receipt-shared li').allTextContents()).toEqual(['Nomor Induk Kependudukan (NIK)', 'Nama lengkap', 'Nomor kartu JKN']);
    expect(errors).toEqual([]);
  });

  it('offers two cards the wallet holds as alternatives: the first is preselected, the citizen picks the other', async () => {
    const query = {
      credentials: [
        { id: 'ktp', format: 'dc+sd-jwt', meta: { vct_values: [vct('ktp-el')] }, claims: [{ id: 'name', path: ['name'] }] },
        { id: 'jkn', format: 'dc+sd-jwt', meta: { vct_values: [vct('kartu-jkn')] }, claims: [{ id: 'name', path: ['name'] }] },
      ],
      credential_sets: [{ options: [['ktp'], ['jkn']] }],
    };
    const request = await verifier.createRequest({ dcql: query });
    await page.goto(request.walletLink(service.url));
    const choice = page.getByRole('group', { name: 'Pilih kartu yang Anda bagikan' });
    await choice.waitFor();
    expect(await choice.getByRole('radio', { name: 'KTP Elektronik (Identitas Kependudukan Digital)' }).isChecked()).toBe(true);
    expect(await card('ktp').count()).toBe(1);
    await choice.getByRole('radio', { name: 'Kartu Indonesia Sehat (JKN-KIS)' }).check();
    await card('jkn').waitFor();
    expect(await card('ktp').count()).toBe(0);
    await checkScreen(page, 'present-card-choice');
    await page.getByRole('button', { name: 'Setujui dan bagikan' }).click();
    await expect.poll(() => verifier.outcomes.get(request.id)?.status, { timeout: 20_000 }).toBe('shared');
    expect(verifier.outcomes.get(request.id)!.disclosed).toEqual({ jkn: ['name'] });
    await expect.poll(heading, { timeout: 20_000 }).toBe('Bukti persetujuan');
    expect(errors).toEqual([]);
  });

  it('in English: the optional card is named in words and, left off, nothing of it is sent', async () => {
    await page.goto(service.url);
    await page.getByLabel('Bahasa').selectOption('en');
    await expect.poll(heading).toBe('My cards');
    const request = await hospitalRequest();
    await page.goto(request.sameDeviceUrl);
    await card('ktp').waitFor();
    expect(await page.locator('.present-set[data-optional="true"] h2').textContent()).toBe('Another card (your choice)');
    expect(await page.getByRole('switch', { name: 'Also share from your National health insurance card (JKN-KIS)' }).isChecked()).toBe(false);
    expect(await visibleCodes(page), 'codes on the two-card consent screen (en)').toEqual([]);
    await checkScreen(page, 'present-two-cards-en');
    await page.getByRole('button', { name: 'Agree and share' }).click();
    await expect.poll(heading, { timeout: 20_000 }).toBe('Consent receipt');
    expect(await page.locator('.receipt-shared li').allTextContents()).toEqual(['National identity number (NIK)', 'Full name']);
    expect(await claimsOf(request.requestId)).toEqual({ ktp: { nik: dukcapilClaims.nik, name: dukcapilClaims.name } });
    expect(errors).toEqual([]);
  });
});
