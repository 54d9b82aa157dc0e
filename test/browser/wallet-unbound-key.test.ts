// A card used from a standard wallet, then moved into Sahih's wallet (issue 17), in Chromium against the real service.
// A standard OpenID4VC wallet (@openid4vc/openid4vci + @openid4vc/openid4vp 0.4.6, no Sahih account) receives a KTP-el
// from Dukcapil and answers the hospital's x509_san_dns request with no consent_record: the access is logged with no
// owner. The citizen then moves that card, exported with its key, into the Sahih wallet: the key becomes a
// non-extractable CryptoKey, the wallet proves it to the service, says one earlier use now shows, and "who used my
// data" shows that access verified against the signed checkpoint, in Bahasa Indonesia and English. A file whose key
// is not the card's, and a proof altered on the way, are refused in words and store nothing; the moved card then
// presents from the Sahih wallet like any other; a card moved while the service cannot be reached waits, and is proved
// when the wallet next opens with a session.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApiKey, agencyRequest, checkScreen } from '../support/agency-api.js';
import { dukcapilClaims, holderKey, type HolderKey } from '../support/issuance.js';
import { present } from '../support/presentation.js';
import { startService, type RunningService } from '../support/service.js';
import { answerWithLibrary, receiveWithLibrary, standardVpClient, trustAnchors } from '../support/standard-wallet.js';
import { visibleCodes } from '../support/visible-codes.js';
import { hospitalRequest, openWallet, shareWithHospital } from '../support/wallet-journey.js';

const ADMIN_TOKEN = 'test-admin-token-for-the-unbound-key-tests-0123456789';
const HOSPITAL = 'rsud-sehat-sentosa';

interface StandardCard {
  sdJwt: string;
  holder: HolderKey;
  /** The hospital's access, logged with no owner. */
  eventId: string;
}

describe('a card from a standard wallet, moved into the Sahih wallet', () => {
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  const keys: Record<string, string> = {};
  const errors: string[] = [];
  let first: StandardCard;

  const heading = () => page.getByRole('heading', { level: 1 }).textContent();
  const eventCard = (id: string) => page.locator(`.access-event[data-event-id="${id}"]`);
  const cardCount = () => page.locator('.credential-card').count();

  /** The standard wallet receives a KTP-el and shares name and NIK with the hospital; no account, no consent_record. */
  async function useFromStandardWallet(): Promise<StandardCard> {
    const offered = await agencyRequest(service.url, keys.dukcapil!, 'dukcapil', '/offers', { credentialType: 'ktp-el', claims: dukcapilClaims, txCode: true });
    expect(offered.status).toBe(201);
    const offer = (await offered.json()) as { credentialOfferUri: string; txCode: string };
    const holder = holderKey();
    const sdJwt = await receiveWithLibrary({ fetch, credentialOfferUri: offer.credentialOfferUri, holder, txCode: offer.txCode });

    // The hospital's usual request: x509_san_dns is the default client identifier when the operator holds a CA.
    const request = await hospitalRequest(service.url, keys[HOSPITAL]!, HOSPITAL);
    const client = standardVpClient(fetch, await trustAnchors(fetch, service.url));
    const resolved = await client.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: Object.fromEntries(new URL(request.authorizationRequestUri).searchParams) as never });
    expect(resolved.client).toMatchObject({ prefix: 'x509_san_dns' });
    const payload = resolved.authorizationRequestPayload as { client_id: string; nonce: string };
    const presentation = await present({ sdJwt, holder, disclose: [['name'], ['nik']], audience: payload.client_id, nonce: payload.nonce, issuedAt: Math.floor(Date.now() / 1000) });
    expect(await answerWithLibrary(client, resolved, { 'ktp-el': [presentation] })).toBe(200);

    const result = (await (await agencyRequest(service.url, keys[HOSPITAL]!, HOSPITAL, `/presentation-requests/${request.requestId}`)).json()) as {
      verdict: string;
      consent: { kind: string };
      receipt: { eventId: string };
    };
    expect(result).toMatchObject({ verdict: 'valid', consent: { kind: 'verifier_receipt' } });
    return { sdJwt, holder, eventId: result.receipt.eventId };
  }

  /** What the other wallet exports: the card and its private key as a JWK. */
  const exportFile = (card: { sdJwt: string; holder: HolderKey }, key = card.holder) => ({
    name: 'kartu-ktp.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ credential: card.sdJwt, key: key.privateKey.export({ format: 'jwk' }) })),
  });

  async function openMoveScreen(): Promise<void> {
    await page.goto(`${service.url}/receive`);
    await page.getByRole('link', { name: 'Pindahkan kartu dari dompet lain' }).click();
    await expect.poll(heading).toBe('Pindahkan kartu dari dompet lain');
  }

  const refusal = () => page.getByRole('alert').first();

  /** Waits for the move's outcome; a refusal instead fails with its code and technical note. */
  async function movedOutcome() {
    const outcome = page.locator('[data-moved-card]');
    await page.locator('[data-moved-card], .notice--error').first().waitFor({ timeout: 20_000 });
    if (!(await outcome.count())) expect.fail(`refused: ${await page.locator('.notice--error').first().getAttribute('data-error-code')} ${await page.locator('.notice--error [data-technical]').first().textContent()}`);
    return outcome;
  }

  beforeAll(async () => {
    service = await startService({ env: { ADMIN_TOKEN } });
    for (const id of ['dukcapil', HOSPITAL]) keys[id] = await adminApiKey(service.url, ADMIN_TOKEN, id, 'unbound key test');
    first = await useFromStandardWallet();
    ({ browser, page } = await openWallet(service.url, errors));
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    service?.cleanup();
  });

  it('refuses a file whose key is not the card\u2019s, in words, and stores nothing', async () => {
    await openMoveScreen();
    expect(await page.getByText('tidak bisa mengekspornya').count()).toBe(1);
    await checkScreen(page, 'move-card');
    await page.getByLabel('Pilih berkas ekspor kartu').setInputFiles(exportFile(first, holderKey()));
    await expect.poll(() => refusal().getAttribute('data-error-code'), { timeout: 20_000 }).toBe('card_key_mismatch');
    expect(await refusal().textContent()).toContain('Kunci dalam berkas bukan kunci kartu ini.');
    expect(await visibleCodes(page)).toEqual([]);
    await page.goto(service.url);
    await expect.poll(heading).toBe('Kartu saya');
    expect(await cardCount()).toBe(0);
  });

  it('refuses a proof altered on its way to the service, in words, and stores nothing', async () => {
    await openMoveScreen();
    // Someone on the way changes the signed proof's challenge: its signature no longer holds.
    const proofPost = (url: URL) => url.pathname === '/v1/me/holder-keys';
    await page.route(
      proofPost,
      async (route) => {
        const { proof } = JSON.parse(route.request().postData() ?? '{}') as { proof: string };
        const [header, body, signature] = proof.split('.');
        const payload = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
        const forged = Buffer.from(JSON.stringify({ ...payload, nonce: `${String(payload.nonce)}x` })).toString('base64url');
        await route.continue({ postData: JSON.stringify({ proof: `${header}.${forged}.${signature}` }) });
      },
    );
    await page.getByLabel('Pilih berkas ekspor kartu').setInputFiles(exportFile(first));
    await expect.poll(() => refusal().getAttribute('data-error-code'), { timeout: 20_000 }).toBe('holder_key_proof_invalid');
    const text = (await refusal().textContent())!;
    expect(text).toContain('Layanan Sahih menolak bukti bahwa kunci kartu ini milik Anda.');
    expect(text).toContain('Kartu tidak dipindahkan.');
    expect(await visibleCodes(page)).toEqual([]);
    await checkScreen(page, 'move-card-refused');
    await page.unroute(proofPost);
    await page.goto(service.url);
    await expect.poll(heading).toBe('Kartu saya');
    expect(await cardCount()).toBe(0);
  });

  it('moves the card, proves its key, and says one earlier use now shows', async () => {
    await openMoveScreen();
    await page.getByLabel('Pilih berkas ekspor kartu').setInputFiles(exportFile(first));
    const outcome = await movedOutcome();
    expect(await outcome.getAttribute('data-attached-events')).toBe('1');
    const text = (await outcome.textContent())!;
    expect(text).toContain('Kartu sudah dipindahkan ke dompet ini.');
    expect(text).toContain('Pemakaian kartu ini sebelumnya yang kini tampil di Aktivitas: 1.');
    expect(text).toContain('hapus berkas ekspor');
    expect(await visibleCodes(page)).toEqual([]);
    await checkScreen(page, 'move-card-done');

    // The key is kept as a CryptoKey that cannot be read out again.
    const stored = await page.evaluate(async () => {
      const open = indexedDB.open('sahih-wallet');
      const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
      const all = await new Promise<{ privateKey: CryptoKey }[]>((resolve) => {
        const req = db.transaction('keys').objectStore('keys').getAll();
        req.onsuccess = () => resolve(req.result as { privateKey: CryptoKey }[]);
      });
      db.close();
      return all.map((k) => ({ extractable: k.privateKey.extractable, usages: k.privateKey.usages }));
    });
    expect(stored).toEqual([{ extractable: false, usages: ['sign'] }]);

    await page.goto(service.url);
    await expect.poll(cardCount).toBe(1);
    expect(await page.locator('.credential-card [data-key-proof]').count()).toBe(0);
  });

  it('shows the standard wallet\u2019s access in "who used my data", verified against the log, in both languages', async () => {
    await page.getByRole('link', { name: 'Aktivitas', exact: true }).click();
    await expect.poll(heading).toBe('Siapa yang memakai data saya');
    await expect.poll(() => eventCard(first.eventId).locator('[data-verification]').getAttribute('data-verification'), { timeout: 20_000 }).toBe('verified');
    const card = (await eventCard(first.eventId).textContent())!;
    expect(card).toContain('RSUD Sehat Sentosa (demo)');
    expect(card).toContain('Terverifikasi');
    expect(card).toContain('Dibagikan dari dompet lain, dengan kartu yang kemudian Anda pindahkan ke sini');
    expect(await eventCard(first.eventId).locator('.access-event__data li').allTextContents()).toEqual(['Nama lengkap', 'Nomor Induk Kependudukan (NIK)']);
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    expect(await visibleCodes(page)).toEqual([]);
    await checkScreen(page, 'activity-moved-card');

    await page.getByLabel('Bahasa').selectOption('en');
    await expect.poll(heading).toBe('Who used my data');
    expect(await eventCard(first.eventId).locator('[data-verification]').textContent()).toContain('Verified');
    expect(await eventCard(first.eventId).textContent()).toContain('Shared from another wallet, with a card you later moved here');
    expect(await eventCard(first.eventId).locator('.access-event__data li').allTextContents()).toEqual(['Full name', 'National identity number (NIK)']);
    expect(await visibleCodes(page)).toEqual([]);
    await checkScreen(page, 'activity-moved-card-en');

    // The move screen in English too.
    await page.goto(`${service.url}/receive/move`);
    await expect.poll(heading).toBe('Move a card from another wallet');
    expect(await page.getByText('cannot export them').count()).toBe(1);
    await checkScreen(page, 'move-card-en');
    await page.getByLabel('Language').selectOption('id');
    await expect.poll(heading).toBe('Pindahkan kartu dari dompet lain');
  });

  it('presents the moved card from the Sahih wallet like any card it received', async () => {
    const requestId = await shareWithHospital(page, service.url, keys[HOSPITAL]!, HOSPITAL);
    const result = (await (await agencyRequest(service.url, keys[HOSPITAL]!, HOSPITAL, `/presentation-requests/${requestId}`)).json()) as { verdict: string; consent: { kind: string }; receipt: { eventId: string } };
    // Sahih's wallet signs the consent record with the moved key, and the access is the citizen's at once.
    expect(result).toMatchObject({ verdict: 'valid', consent: { kind: 'holder_signed' } });
    await page.getByRole('link', { name: 'Aktivitas', exact: true }).click();
    await expect.poll(() => eventCard(result.receipt.eventId).locator('[data-verification]').getAttribute('data-verification'), { timeout: 20_000 }).toBe('verified');
    expect(await eventCard(result.receipt.eventId).textContent()).toContain('Anda membagikan data');
  });

  it('keeps a card moved while the service cannot be reached, and proves it when the wallet next opens', async () => {
    const second = await useFromStandardWallet();
    await openMoveScreen();
    const challenge = (url: URL) => url.pathname === '/v1/me/holder-keys/challenge';
    await page.route(challenge, (route) => route.abort('internetdisconnected'));
    await page.getByLabel('Pilih berkas ekspor kartu').setInputFiles(exportFile(second));
    const outcome = await movedOutcome();
    expect(await outcome.getAttribute('data-attached-events')).toBe('later');
    expect(await outcome.textContent()).toContain('saat Anda masuk dan online');
    await page.unroute(challenge);

    await page.goto(service.url);
    await expect.poll(cardCount).toBe(2);
    const notice = page.locator('[data-proved-keys]');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.getAttribute('data-proved-keys')).toBe('1');
    expect(await notice.textContent()).toContain('Pemakaian sebelumnya yang kini tampil di Aktivitas: 1.');
    expect(await page.locator('.credential-card [data-key-proof]').count()).toBe(0);

    await page.getByRole('link', { name: 'Aktivitas', exact: true }).click();
    await expect.poll(() => eventCard(second.eventId).locator('[data-verification]').getAttribute('data-verification'), { timeout: 20_000 }).toBe('verified');
    expect(errors).toEqual([]);
  });
});
