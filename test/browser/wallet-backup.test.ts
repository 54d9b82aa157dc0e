// Lost phone, new phone, in Chromium: two browser contexts are two phones sharing one synced passkey (the virtual
// authenticator's credential copied into the second, and its PRF secret synced, see support/synced-prf.ts). Phone A receives two cards, shares once and turns on its backup;
// phone B signs in with the synced passkey and restores it. Without PRF the backup is opened with a recovery code:
// a wrong code and a changed blob are refused and nothing on the phone changes.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApiKey, agencyRequest, checkScreen } from '../support/agency-api.js';
import { launchBrowser } from '../support/browser.js';
import { dukcapilClaims } from '../support/issuance.js';
import { useSyncedPrf } from '../support/synced-prf.js';
import { startService, type RunningService } from '../support/service.js';
import { reportUnknownCodes } from '../support/unknown-codes.js';
import { addVirtualAuthenticator, type VirtualAuthenticator } from '../support/virtual-authenticator.js';
import { createWalletAccount, hospitalRequest, receiveKtp } from '../support/wallet-journey.js';

const ADMIN_TOKEN = 'test-admin-token-for-the-wallet-backup-tests-0123456789ab';
const HOSPITAL = 'rsud-sehat-sentosa';
/** The passkey's PRF secret, which the passkey provider syncs to every phone (see support/synced-prf.ts). */
const SYNCED_PRF_SECRET = '5a'.repeat(32);

interface Phone {
  context: BrowserContext;
  page: Page;
  authenticator: VirtualAuthenticator;
}

describe('wallet backup and restore on a new phone', () => {
  let service: RunningService;
  let browser: Browser;
  const keys: Record<string, string> = {};
  const errors: string[] = [];

  beforeAll(async () => {
    service = await startService({ env: { ADMIN_TOKEN } });
    for (const id of ['dukcapil', HOSPITAL]) keys[id] = await adminApiKey(service.url, ADMIN_TOKEN, id, 'wallet backup test');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    service?.cleanup();
  });

  async function phone(prf: boolean, from?: Phone): Promise<Phone> {
    const context = await browser.newContext({ locale: 'id-ID', acceptDownloads: true });
    await reportUnknownCodes(context, errors);
    if (prf) await useSyncedPrf(context, SYNCED_PRF_SECRET);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    const authenticator = await addVirtualAuthenticator(page, { prf });
    if (from) {
      // The passkey provider synced the passkey to the new phone.
      const { credentials } = await from.authenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: from.authenticator.authenticatorId });
      for (const credential of credentials) await authenticator.cdp.send('WebAuthn.addCredential', { authenticatorId: authenticator.authenticatorId, credential });
    }
    return { context, page, authenticator };
  }

  /** A synced passkey has one signature counter; the copy on `to` catches up with the phone used last. */
  async function syncCounter(to: Phone, from: Phone): Promise<void> {
    const [source] = (await from.authenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: from.authenticator.authenticatorId })).credentials;
    const { cdp, authenticatorId } = to.authenticator;
    await cdp.send('WebAuthn.removeCredential', { authenticatorId, credentialId: source!.credentialId });
    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: source! });
  }

  const heading = (p: Phone) => p.page.getByRole('heading', { level: 1 }).textContent();
  const cards = (p: Phone) => p.page.locator('.credential-card').count();
  const backupState = (p: Phone) => p.page.locator('[data-backup-state]').getAttribute('data-backup-state');

  /** A PRF wallet locks on every page load: open it with the passkey when the screen asks. */
  async function goUnlocked(p: Phone, url: string, ready: () => Promise<void>): Promise<void> {
    await p.page.goto(url);
    const unlock = p.page.getByRole('button', { name: 'Buka dengan passkey' });
    await Promise.race([unlock.waitFor().then(() => unlock.click()), ready()]);
    await ready();
  }

  async function receiveUnlocked(p: Phone): Promise<void> {
    const res = await agencyRequest(service.url, keys.dukcapil!, 'dukcapil', '/offers', { credentialType: 'ktp-el', claims: dukcapilClaims });
    const { credentialOfferUri } = (await res.json()) as { credentialOfferUri: string };
    const accept = p.page.getByRole('button', { name: 'Terima kartu' });
    await goUnlocked(p, `${service.url}/receive${credentialOfferUri.slice(credentialOfferUri.indexOf('?'))}`, () => accept.waitFor());
    await accept.click();
    await p.page.getByText('Kartu tersimpan').waitFor();
  }

  async function shareUnlocked(p: Phone): Promise<void> {
    const created = await hospitalRequest(service.url, keys[HOSPITAL]!, HOSPITAL);
    const share = p.page.getByRole('button', { name: 'Setujui dan bagikan' });
    await goUnlocked(p, created.sameDeviceUrl, () => share.waitFor());
    await share.click();
    await expect.poll(() => heading(p), { timeout: 20_000 }).toBe('Bukti persetujuan');
  }

  async function signInOnNewPhone(p: Phone): Promise<void> {
    await p.page.goto(service.url);
    await p.page.getByRole('button', { name: 'Masuk dengan passkey' }).click();
    await expect.poll(() => heading(p)).toBe('Kartu saya');
    await expect.poll(() => cards(p)).toBe(0);
  }

  async function openBackupScreen(p: Phone): Promise<void> {
    await p.page.goto(`${service.url}/settings`);
    await p.page.getByRole('link', { name: 'Atur cadangan' }).click();
    const screen = p.page.locator('[data-backup-state]');
    const unlock = p.page.getByRole('button', { name: 'Buka dengan passkey' });
    await Promise.race([unlock.waitFor().then(() => unlock.click()), screen.waitFor()]);
    await screen.waitFor();
    await expect.poll(() => heading(p)).toBe('Cadangan');
  }

  it('restores two cards and the history on phone B with the synced passkey', async () => {
    const a = await phone(true);
    await createWalletAccount(a.page, service.url);
    await receiveUnlocked(a);
    await receiveUnlocked(a);
    await shareUnlocked(a);

    await openBackupScreen(a);
    await checkScreen(a.page, 'wallet-backup-off');
    await a.page.getByRole('button', { name: 'Nyalakan cadangan' }).click();
    await expect.poll(() => backupState(a), { timeout: 20_000 }).toBe('saved');
    await a.page.getByText('Dibuka dengan passkey Anda.').waitFor();
    await checkScreen(a.page, 'wallet-backup-on');
    const stored = await a.page.evaluate(() => fetch('/v1/me/backup').then((r) => r.json() as Promise<{ version: number; sealed: string }>));
    expect(stored.version).toBeGreaterThanOrEqual(1);
    // The service holds ciphertext only: no name or NIK in what it stores.
    expect(Buffer.from(stored.sealed, 'base64url').toString('utf8')).not.toMatch(/3273|Siti|Kartika/);

    // Dukcapil lets its KTP-el be re-signed to a new phone's key.
    const policy = await fetch(`${service.url}/v1/admin/credential-types/ktp-el/rebind-policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rebind: 'rebind' }),
    });
    expect(policy.status).toBe(200);

    const b = await phone(true, a);
    await signInOnNewPhone(b);
    await openBackupScreen(b);
    await b.page.getByRole('button', { name: 'Ambil cadangan akun saya' }).click();
    await b.page.getByRole('button', { name: 'Pulihkan dengan passkey' }).click();
    await expect
      .poll(() => b.page.locator('[role=alert], [role=status]').allTextContents(), { timeout: 30_000 })
      .toContainEqual(expect.stringContaining('Dipulihkan: 2 kartu dan 1 catatan riwayat. 2 kartu sudah tersambung ke ponsel ini'));
    await checkScreen(b.page, 'wallet-backup-restored');
    await goUnlocked(b, service.url, () => b.page.locator('.credential-card').first().waitFor());
    await expect.poll(() => cards(b)).toBe(2);
    expect(await b.page.locator('[data-rebind]').count()).toBe(0);

    // Phone B presents its re-bound card; phone A's old card is revoked at the issuer, so its presentation fails.
    await shareUnlocked(b);
    await syncCounter(a, b);
    const created = await hospitalRequest(service.url, keys[HOSPITAL]!, HOSPITAL);
    const share = a.page.getByRole('button', { name: 'Setujui dan bagikan' });
    await goUnlocked(a, created.sameDeviceUrl, () => share.waitFor());
    await share.click();
    const failure = a.page.locator('[data-error-code]');
    await failure.waitFor({ timeout: 20_000 });
    await checkScreen(a.page, 'wallet-backup-old-phone-revoked');
    const result = await fetch(`${service.url}/v1/agencies/${HOSPITAL}/presentation-requests/${created.requestId}`, { headers: { authorization: `Bearer ${keys[HOSPITAL]}` } });
    // The service refuses the answer with the verification code `revoked` (the wallet shows it as is) and the
    // hospital receives nothing.
    expect(await failure.getAttribute('data-error-code')).toBe('revoked');
    expect(((await result.json()) as { status: string }).status).toBe('pending');
    await openBackupScreen(a);

    // Phone A, still on the old version, does not silently replace the backup phone B now keeps.
    await openBackupScreen(b);
    await b.page.getByRole('button', { name: 'Simpan cadangan sekarang' }).click();
    await expect.poll(() => backupState(b)).toBe('saved');
    await a.page.getByRole('button', { name: 'Simpan cadangan sekarang' }).click();
    await expect.poll(() => backupState(a)).toBe('conflict');
    await a.page.getByText('Ponsel lain sudah menyimpan cadangan yang lebih baru.', { exact: false }).waitFor();
    await a.context.close();
    await b.context.close();
  });

  it('opens with a recovery code without PRF; a wrong code and a changed backup are refused, nothing is written', async () => {
    const a = await phone(false);
    await createWalletAccount(a.page, service.url);
    await receiveKtp(a.page, service.url, keys.dukcapil!);
    await openBackupScreen(a);
    await a.page.getByRole('button', { name: 'Nyalakan cadangan' }).click();
    const codeBox = a.page.locator('[data-recovery-code]');
    await codeBox.waitFor();
    const code = (await codeBox.getAttribute('data-recovery-code'))!;
    expect(code).toMatch(/^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/);
    await checkScreen(a.page, 'wallet-backup-code');
    await a.page.getByRole('button', { name: 'Sudah saya catat' }).click();
    await expect.poll(() => a.page.locator('[data-recovery-code]').count()).toBe(0);
    await expect.poll(() => backupState(a), { timeout: 20_000 }).toBe('saved');

    const b = await phone(false, a);
    await signInOnNewPhone(b);
    await openBackupScreen(b);
    const restoreWithCode = async (typed: string) => {
      await b.page.getByLabel('Kode pemulihan').fill(typed);
      await b.page.getByRole('button', { name: 'Pulihkan dengan kode' }).click();
    };

    await b.page.getByRole('button', { name: 'Ambil cadangan akun saya' }).click();
    await restoreWithCode('AAAA-BBBB-CCCC-DDDD-EEEE');
    await expect.poll(() => b.page.locator('[data-backup-error]').getAttribute('data-backup-error'), { timeout: 20_000 }).toBe('backup_wrong_code');
    await b.page.getByText('Kode pemulihan salah.', { exact: false }).waitFor();

    // The service (or anyone on the way) changes one byte of the ciphertext.
    await b.page.route('**/v1/me/backup', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { sealed: string };
      const sealed = JSON.parse(Buffer.from(body.sealed, 'base64url').toString('utf8')) as { ciphertext: string };
      const c = sealed.ciphertext;
      sealed.ciphertext = c.slice(0, 40) + (c[40] === 'A' ? 'B' : 'A') + c.slice(41);
      await route.fulfill({ response: res, json: { ...body, sealed: Buffer.from(JSON.stringify(sealed)).toString('base64url') } });
    });
    await b.page.getByRole('button', { name: 'Ambil cadangan akun saya' }).click();
    await restoreWithCode(code);
    await expect.poll(() => b.page.locator('[data-backup-error]').getAttribute('data-backup-error'), { timeout: 20_000 }).toBe('backup_damaged');
    await b.page.getByText('Tidak ada data di ponsel ini yang berubah.', { exact: false }).waitFor();
    await checkScreen(b.page, 'wallet-backup-damaged');
    await b.page.unroute('**/v1/me/backup');
    await b.page.goto(service.url);
    await expect.poll(() => cards(b)).toBe(0);

    // Typed in lower case with spaces, the right code opens it.
    await openBackupScreen(b);
    await b.page.getByRole('button', { name: 'Ambil cadangan akun saya' }).click();
    await restoreWithCode(code.toLowerCase().replace(/-/g, ' '));
    await b.page.getByText('Dipulihkan: 1 kartu', { exact: false }).waitFor({ timeout: 20_000 });
    await b.page.goto(service.url);
    await expect.poll(() => cards(b)).toBe(1);
    expect(errors).toEqual([]);
  });
});
