// "I lost my phone" and deleting the account in Chromium, once in Bahasa Indonesia and once in English: phone A and
// phone B are two browser contexts with two passkeys of one account (B's passkey added from A on a second virtual
// authenticator, then moved to B's). A receives a KTP-el and shares it with the hospital; from B the citizen reports A
// lost: A's session ends (its wallet shows the welcome screen), a copy of a card A received is refused as suspended, the event is in B's activity and the
// issuer's webhook arrives. Then B deletes the account (the export offered first) and the passkey no longer signs in.
// Every new screen passes axe and shows no code.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApiKey, checkScreen } from '../support/agency-api.js';
import { jsonInit } from '../support/issuance.js';
import { present } from '../support/presentation.js';
import { launchBrowser } from '../support/browser.js';
import { startService, type RunningService } from '../support/service.js';
import { reportUnknownCodes } from '../support/unknown-codes.js';
import { addVirtualAuthenticator, type VirtualAuthenticator } from '../support/virtual-authenticator.js';
import { visibleCodes } from '../support/visible-codes.js';
import { cardWithBrowserSession, createWalletAccount, hospitalRequest, receiveKtp, shareWithHospital } from '../support/wallet-journey.js';

const ADMIN_TOKEN = 'test-admin-token-for-the-lost-device-tests-0123456789abcd';
const HOSPITAL = 'rsud-sehat-sentosa';
const COUNTER_AUD = 'https://rsud-sehat-sentosa.demo.sahih.id/loket';

const words = {
  id: {
    settings: 'Pengaturan',
    lostOpen: 'Saya kehilangan HP',
    lostTitle: 'Saya kehilangan HP',
    stop: /^Ya, hentikan/,
    activity: 'Siapa yang memakai data saya',
    deleteOpen: 'Hapus akun saya',
    deleteTitle: 'Hapus akun',
    understood: 'Saya mengerti bahwa akun dan data saya dihapus untuk selamanya',
    deleted: 'Akun Anda sudah dihapus.',
    signIn: 'Masuk dengan passkey',
    doneNext: 'Selesai',
  },
  en: {
    settings: 'Settings',
    lostOpen: 'I lost my phone',
    lostTitle: 'I lost my phone',
    stop: /^Yes, stop/,
    activity: 'Who used my data',
    deleteOpen: 'Delete my account',
    deleteTitle: 'Delete account',
    understood: 'I understand my account and data are deleted for good',
    deleted: 'Your account has been deleted.',
    signIn: 'Sign in with a passkey',
    doneNext: 'Done',
  },
} as const;

interface Phone {
  context: BrowserContext;
  page: Page;
  authenticator: VirtualAuthenticator;
}

describe('lost phone and account deletion in the wallet', () => {
  let service: RunningService;
  let browser: Browser;
  let receiver: Server;
  const deliveries: { type: string; data: Record<string, unknown> }[] = [];
  const keys: Record<string, string> = {};
  const errors: string[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        deliveries.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; data: Record<string, unknown> });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, 'localhost', resolve));
    const receiverUrl = `http://localhost:${(receiver.address() as AddressInfo).port}/hooks/sahih`;
    // The receiver listens on this machine, which the webhook client refuses unless the operator allows it.
    service = await startService({ env: { ADMIN_TOKEN, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
    for (const id of ['dukcapil', HOSPITAL]) {
      keys[id] = await adminApiKey(service.url, ADMIN_TOKEN, id, 'lost device test');
      const hook = await fetch(`${service.url}/v1/agencies/${id}/webhook`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[id]}` },
        body: JSON.stringify({ url: receiverUrl }),
      });
      expect(hook.status).toBe(200);
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    service?.cleanup();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  });

  async function phone(): Promise<Phone> {
    const context = await browser.newContext({ locale: 'id-ID' });
    await reportUnknownCodes(context, errors);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    return { context, page, authenticator: await addVirtualAuthenticator(page) };
  }

  /** Phone B's passkey: added from A's settings on a second authenticator, then moved into B's authenticator. */
  async function secondPhone(a: Phone): Promise<Phone> {
    await a.page.goto(`${service.url}/settings`);
    const usb = await a.authenticator.addAnother();
    await a.authenticator.setPresent(false);
    await a.page.getByLabel('Nama passkey baru').fill('HP B');
    await a.page.getByRole('button', { name: 'Tambah passkey' }).click();
    await expect.poll(() => a.page.locator('.passkey').count()).toBe(2);
    const { credentials } = await usb.cdp.send('WebAuthn.getCredentials', { authenticatorId: usb.authenticatorId });
    await usb.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: usb.authenticatorId });
    await a.authenticator.setPresent(true);
    const b = await phone();
    for (const credential of credentials) await b.authenticator.cdp.send('WebAuthn.addCredential', { authenticatorId: b.authenticator.authenticatorId, credential });
    await b.page.goto(service.url);
    await b.page.getByRole('button', { name: 'Masuk dengan passkey' }).click();
    await b.page.getByRole('heading', { level: 1, name: 'Kartu saya' }).waitFor();
    return b;
  }

  async function setLanguage(page: Page, lang: 'id' | 'en'): Promise<void> {
    const select = page.getByLabel(lang === 'id' ? 'Language' : 'Bahasa', { exact: true });
    if ((await select.count()) === 0) return;
    await select.selectOption(lang);
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe(lang);
  }

  /** axe clean, no code in sight, photographed. */
  async function look(page: Page, name: string): Promise<void> {
    expect(await visibleCodes(page), `codes visible on ${name}`).toEqual([]);
    await checkScreen(page, name);
  }

  for (const lang of ['id', 'en'] as const) {
    it(`stops the lost phone A from phone B, then deletes the account (${lang})`, async () => {
      const w = words[lang];
      const a = await phone();
      await createWalletAccount(a.page, service.url);
      await receiveKtp(a.page, service.url, keys.dukcapil!);
      await shareWithHospital(a.page, service.url, keys[HOSPITAL]!, HOSPITAL);
      // A second card received with phone A's session (so bound to A's passkey), its holder key kept by the test.
      const copied = await cardWithBrowserSession(service.url, a.context, keys.dukcapil!);
      const b = await secondPhone(a);
      await setLanguage(b.page, lang);
      const heading = () => b.page.getByRole('heading', { level: 1 }).textContent();

      // From phone B: Settings -> I lost my phone -> pick phone A -> what will happen -> confirm.
      await b.page.goto(`${service.url}/settings`);
      await b.page.getByRole('link', { name: w.lostOpen }).click();
      await expect.poll(heading).toBe(w.lostTitle);
      const choices = b.page.locator('input[name="lost-passkey"]');
      await expect.poll(() => choices.count()).toBe(2);
      expect(await b.page.locator('input[name="lost-passkey"]:disabled').count()).toBe(1);
      await look(b.page, `lost-device-pick-${lang}`);
      await b.page.locator('input[name="lost-passkey"]:enabled').check();
      await b.page.locator('[data-lost-confirm]').waitFor();
      await look(b.page, `lost-device-confirm-${lang}`);
      await b.page.getByRole('button', { name: w.stop }).click();
      const done = b.page.locator('[data-lost-done]');
      await done.waitFor({ timeout: 20_000 });
      expect([await done.locator('[data-sessions-ended]').getAttribute('data-sessions-ended'), await done.locator('[data-cards-suspended]').getAttribute('data-cards-suspended')]).toEqual(['1', '2']);
      await look(b.page, `lost-device-done-${lang}`);

      // Phone A's session is over, and its card is refused as suspended when it presents.
      expect(await a.page.evaluate(() => fetch('/v1/session').then((r) => r.status))).toBe(401);
      // Its wallet, signed out, sends the holder of phone A to the welcome screen instead of the request.
      const created = await hospitalRequest(service.url, keys[HOSPITAL]!, HOSPITAL);
      await a.page.goto(created.sameDeviceUrl);
      await a.page.waitForURL(/\/welcome/);
      // A copy of a card phone A received (its key held by the test, as a thief's tool would) is refused as suspended.
      const presentation = await present({ sdJwt: copied.sdJwt, holder: copied.holder, disclose: [['nik']], audience: COUNTER_AUD, nonce: lang, issuedAt: Math.floor(Date.now() / 1000) });
      const verdict = await fetch(`${service.url}/v1/verify`, jsonInit({ presentation, nonce: lang, audience: COUNTER_AUD, purposeCode: 'patient_registration' }, { authorization: `Bearer ${keys[HOSPITAL]}` }));
      expect(await verdict.json()).toMatchObject({ valid: false, code: 'suspended' });
      const result = await fetch(`${service.url}/v1/agencies/${HOSPITAL}/presentation-requests/${created.requestId}`, { headers: { authorization: `Bearer ${keys[HOSPITAL]}` } });
      expect(((await result.json()) as { status: string }).status).toBe('pending');

      // The suspension is in B's activity; the issuer and the hospital were told by webhook.
      await b.page.goto(`${service.url}/activity`);
      await expect.poll(heading).toBe(w.activity);
      await b.page.locator('[data-kind="credential_suspended"]').first().waitFor({ timeout: 20_000 });
      await look(b.page, `lost-device-activity-${lang}`);
      await expect.poll(() => deliveries.filter((d) => d.type === 'credential.suspended').length, { timeout: 30_000, interval: 500 }).toBeGreaterThanOrEqual(lang === 'id' ? 1 : 2);
      await expect.poll(() => deliveries.filter((d) => d.type === 'account.device_lost').length, { timeout: 30_000, interval: 500 }).toBeGreaterThanOrEqual(lang === 'id' ? 1 : 2);

      // Delete the account from phone B: the export is offered first, then one confirmed step.
      await b.page.goto(`${service.url}/settings`);
      await b.page.getByRole('link', { name: w.deleteOpen }).click();
      await expect.poll(heading).toBe(w.deleteTitle);
      expect(await b.page.locator('[data-export-link]').getAttribute('href')).toBe('/rights#export');
      const confirm = b.page.locator('[data-delete-confirm] button');
      expect(await confirm.isDisabled()).toBe(true);
      await look(b.page, `account-delete-${lang}`);
      await b.page.getByLabel(w.understood).check();
      await confirm.click();
      await b.page.getByRole('heading', { name: w.deleted }).waitFor({ timeout: 20_000 });
      await look(b.page, `account-deleted-${lang}`);
      await expect.poll(() => deliveries.filter((d) => d.type === 'account.deleted').length, { timeout: 30_000, interval: 500 }).toBeGreaterThanOrEqual(lang === 'id' ? 1 : 2);

      // Signing in with the passkey fails now: the account is gone.
      await b.page.getByRole('button', { name: w.doneNext }).click();
      await b.page.waitForURL(/\/welcome/);
      await b.page.getByRole('button', { name: w.signIn }).click();
      const failed = b.page.locator('[data-error-code]');
      await failed.waitFor({ timeout: 20_000 });
      expect(await failed.getAttribute('data-error-code')).toBe('webauthn_credential_unknown');
      expect(await b.page.evaluate(() => fetch('/v1/session').then((r) => r.status))).toBe(401);
      expect(errors).toEqual([]);
      await a.context.close();
      await b.context.close();
    });
  }
});
