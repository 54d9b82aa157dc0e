// Answering a verifier outside Sahih in Chromium (issue 18): a test verifier built on @openid4vc/openid4vp 0.4.6 on its
// own localhost port (another origin) signs its requests under x509_san_dns with a certificate from its own CA. The
// wallet shows it as unregistered, in plain words, with no purpose or legal basis; the citizen shares with one optional
// claim chosen (a same-device answer that lands back on the verifier's page) or declines; the verifier library
// accepts every answer; the wallet's own history says the access is outside Sahih's log. Requests come by reference,
// by value (`request`) or by reference with request_uri_method=post (wallet_metadata and wallet_nonce).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApiKey, checkScreen } from '../support/agency-api.js';
import { startService, type RunningService } from '../support/service.js';
import { startTestVerifier, type TestVerifier } from '../support/test-verifier.js';
import { openWallet, receiveKtp } from '../support/wallet-journey.js';

const ADMIN_TOKEN = 'test-admin-token-for-the-external-verifier-tests-012345';

describe('a verifier outside Sahih, in Chromium', () => {
  let service: RunningService;
  let verifier: TestVerifier;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  /** Name and NIK required, address optional (claim_sets with and without it). */
  const ktpQuery = () => ({
    credentials: [
      {
        id: 'ktp',
        format: 'dc+sd-jwt',
        meta: { vct_values: [`${service.url}/vct/ktp-el`] },
        claims: [
          { id: 'name', path: ['name'] },
          { id: 'nik', path: ['nik'] },
          { id: 'address', path: ['address'] },
        ],
        claim_sets: [
          ['name', 'nik'],
          ['name', 'nik', 'address'],
        ],
      },
    ],
  });

  beforeAll(async () => {
    service = await startService({ env: { ADMIN_TOKEN } });
    verifier = await startTestVerifier();
    ({ browser, page } = await openWallet(service.url, errors));
    await receiveKtp(page, service.url, await adminApiKey(service.url, ADMIN_TOKEN, 'dukcapil', 'external verifier test'));
  });

  afterAll(async () => {
    await browser?.close();
    await verifier?.stop();
    await service?.stop();
    service?.cleanup();
  });

  it('warns that the verifier is unregistered, shares one optional claim, and lands back on its page', async () => {
    const request = await verifier.createRequest({ dcql: ktpQuery(), sameDevice: true, clientName: 'Toko Contoh' });
    const host = new URL(verifier.url).host;
    await page.goto(request.walletLink(service.url));
    const warning = page.locator('[data-verifier="unregistered"]');
    await warning.waitFor();
    const text = (await warning.textContent())!;
    expect(text).toContain(`${host} meminta data dari kartu Anda.`);
    expect(text).toContain('Layanan ini tidak terdaftar di Sahih.');
    expect(text).toContain('Sahih tidak dapat memastikan siapa pengelola');
    expect(text).toContain('"Toko Contoh" (tidak diperiksa Sahih)');
    // No purpose, legal basis or retention is invented for it.
    expect(await page.locator('.consent-facts').count()).toBe(0);
    expect(await page.getByRole('switch', { name: 'Alamat' }).isChecked()).toBe(false);
    await checkScreen(page, 'present-unregistered');

    await page.getByRole('switch', { name: 'Alamat' }).check();
    await page.getByRole('button', { name: 'Setujui dan bagikan' }).click();
    // Same-device: the verifier's redirect_uri brings the citizen back to its own page.
    await page.getByRole('heading', { name: 'Terima kasih dari Toko Contoh' }).waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).origin).toBe(verifier.url);
    expect(new URL(page.url()).searchParams.get('response_code')).toBe(request.id);
    const outcome = verifier.outcomes.get(request.id)!;
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ status: 'shared' });
    // The address's own members are disclosed with it (nested selective disclosure); nothing else of the card is.
    expect(outcome.disclosed!.ktp).toEqual(expect.arrayContaining(['name', 'nik', 'address']));
    expect(outcome.disclosed!.ktp).not.toContain('birth_date');

    // The wallet's own history keeps it, and says it is outside Sahih's log.
    await page.goto(`${service.url}/consent-receipts`);
    await page.getByRole('link', { name: host }).first().click();
    const receipt = page.locator('[data-outside-sahih="true"]');
    await receipt.waitFor();
    expect(await receipt.locator('.receipt-shared li').allTextContents()).toEqual(['Nama lengkap', 'Nomor Induk Kependudukan (NIK)', 'Alamat']);
    expect(await receipt.textContent()).toContain('di luar log Sahih');
    expect(errors).toEqual([]);
  });

  it('answers a request passed by value and one fetched with request_uri_method=post (OpenID4VP 1.0 §5, §5.10)', async () => {
    const byValue = await verifier.createRequest({ dcql: ktpQuery(), byValue: true });
    await page.goto(byValue.walletLink(service.url));
    await page.locator('[data-verifier="unregistered"]').waitFor();
    await page.getByRole('button', { name: 'Setujui dan bagikan' }).click();
    await expect.poll(() => verifier.outcomes.get(byValue.id)?.status, { timeout: 20_000 }).toBe('shared');
    expect(verifier.outcomes.get(byValue.id)!.disclosed!.ktp!.sort()).toEqual(['name', 'nik']);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 }).toBe('Bukti persetujuan');
    // The same link again is recognised as answered (its signature is its one-time key).
    await page.goto(byValue.walletLink(service.url));
    await page.locator('[data-request="already-answered"]').waitFor();

    const posted = await verifier.createRequest({ dcql: ktpQuery(), requestUriMethod: 'post' });
    await page.goto(posted.walletLink(service.url));
    await page.locator('[data-verifier="unregistered"]').waitFor();
    const sent = verifier.posted.get(posted.id)!;
    expect(sent.walletNonce).toMatch(/^[\w-]{22}$/);
    expect(sent.walletMetadata).toMatchObject({ vp_formats_supported: { 'dc+sd-jwt': {} }, request_object_signing_alg_values_supported: ['ES256'] });
    await page.getByRole('button', { name: 'Setujui dan bagikan' }).click();
    await expect.poll(() => verifier.outcomes.get(posted.id)?.status, { timeout: 20_000 }).toBe('shared');

    // A request object that does not carry the wallet's nonce is refused before anything is shown.
    const replayed = await verifier.createRequest({ dcql: ktpQuery(), requestUriMethod: 'post', wrongWalletNonce: true });
    await page.goto(replayed.walletLink(service.url));
    await page.locator('[role="alert"][data-error-code="request_invalid"]').waitFor();
    expect(await page.locator('[data-verifier="unregistered"]').count()).toBe(0);
    expect(verifier.outcomes.get(replayed.id)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('declines: the verifier library reads access_denied', async () => {
    const request = await verifier.createRequest({ dcql: ktpQuery() });
    await page.goto(request.walletLink(service.url));
    await page.locator('[data-verifier="unregistered"]').waitFor();
    await page.getByRole('button', { name: 'Tolak' }).click();
    await expect.poll(() => verifier.outcomes.get(request.id)?.status, { timeout: 20_000 }).toBe('declined');
    expect(verifier.outcomes.get(request.id)!.error).toBe('access_denied');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Bukti penolakan');
    expect(errors).toEqual([]);
  });
});
