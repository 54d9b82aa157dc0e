// Steps most real-browser journeys start with: create the wallet with a (virtual) passkey, and receive a KTP-el
// from Dukcapil through its offer link while signed in, so the service binds the card's holder key to the account.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { agencyRequest } from './agency-api.js';
import { launchBrowser } from './browser.js';
import { dukcapilClaims, holderKey, runIssuance, type HolderKey } from './issuance.js';
import { reportUnknownCodes } from './unknown-codes.js';
import { addVirtualAuthenticator } from './virtual-authenticator.js';

/**
 * Chromium in Indonesian with a virtual authenticator and a new wallet account; page errors, and any screen showing
 * "unknown" as its error code, go to `errors`. With
 * `cameraVideo` (a .y4m file), the fake camera shows that video and the service's origin may use it.
 */
export async function openWallet(serviceUrl: string, errors: string[], options: { cameraVideo?: string } = {}): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  const browser = await launchBrowser(
    options.cameraVideo
      ? { extraArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${options.cameraVideo}`] }
      : {},
  );
  const context = await browser.newContext({ locale: 'id-ID' });
  await reportUnknownCodes(context, errors);
  if (options.cameraVideo) await context.grantPermissions(['camera'], { origin: serviceUrl });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await addVirtualAuthenticator(page);
  await createWalletAccount(page, serviceUrl);
  return { browser, context, page };
}

/** Opens the wallet and creates an account; the page needs a virtual authenticator already. */
export async function createWalletAccount(page: Page, serviceUrl: string): Promise<void> {
  await page.goto(serviceUrl);
  await page.getByRole('button', { name: 'Buat dompet dengan passkey' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kartu saya' }).waitFor();
}

/** Dukcapil offers a KTP-el and the wallet accepts it through the same-device offer link. */
export async function receiveKtp(page: Page, serviceUrl: string, dukcapilKey: string, claims: Record<string, unknown> = dukcapilClaims): Promise<void> {
  await receiveCard(page, serviceUrl, { agencyId: 'dukcapil', apiKey: dukcapilKey, credentialType: 'ktp-el', claims });
}

/** Any demo agency's card, received in the wallet from a pre-authorised offer. */
export async function receiveCard(page: Page, serviceUrl: string, card: { agencyId: string; apiKey: string; credentialType: string; claims: Record<string, unknown> }): Promise<void> {
  const res = await agencyRequest(serviceUrl, card.apiKey, card.agencyId, '/offers', { credentialType: card.credentialType, claims: card.claims });
  expect(res.status).toBe(201);
  const { credentialOfferUri } = (await res.json()) as { credentialOfferUri: string };
  await page.goto(`${serviceUrl}/receive${credentialOfferUri.slice(credentialOfferUri.indexOf('?'))}`);
  await page.getByRole('button', { name: 'Terima kartu' }).click();
  await page.getByText('Kartu tersimpan').waitFor();
}

/** A claim asked for, as the agency API takes it. */
export type AskedClaim = { path: string[]; required: boolean };

/**
 * The hospital asks for name and NIK (or `claims`) for patient registration (poll mode); returns the request and its
 * links.
 */
export async function hospitalRequest(
  serviceUrl: string,
  hospitalKey: string,
  hospitalId = 'rsud-sehat-sentosa',
  claims: AskedClaim[] = [
    { path: ['name'], required: true },
    { path: ['nik'], required: true },
  ],
): Promise<{ requestId: string; sameDeviceUrl: string; authorizationRequestUri: string }> {
  const res = await agencyRequest(serviceUrl, hospitalKey, hospitalId, '/presentation-requests', {
    responseMode: 'poll',
    purposeCode: 'patient_registration',
    credentialType: 'ktp-el',
    claims,
    retentionDays: 30,
  });
  const created = (await res.json()) as { requestId: string; sameDeviceUrl: string; authorizationRequestUri: string };
  expect(res.status, JSON.stringify(created)).toBe(201);
  return created;
}

/**
 * The hospital asks for name and NIK for patient registration (poll mode); the citizen shares in the wallet with the
 * passkey and lands on the consent receipt. Returns the request id.
 */
export async function shareWithHospital(page: Page, serviceUrl: string, hospitalKey: string, hospitalId = 'rsud-sehat-sentosa'): Promise<string> {
  const created = await hospitalRequest(serviceUrl, hospitalKey, hospitalId);
  await page.goto(created.sameDeviceUrl);
  await page.getByRole('button', { name: 'Setujui dan bagikan' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 }).toBe('Bukti persetujuan');
  return created.requestId;
}

/**
 * Another KTP-el for the browser's signed-in account, issued with its session cookie (so the service binds its key to
 * the account and the session's passkey) while the test keeps the holder key: what a card copied off the phone, or a
 * counter clerk's direct verification, presents.
 */
export async function cardWithBrowserSession(serviceUrl: string, context: BrowserContext, dukcapilKey: string): Promise<{ sdJwt: string; holder: HolderKey }> {
  const cookie = (await context.cookies(serviceUrl)).map((c) => `${c.name}=${c.value}`).join('; ');
  const holder = holderKey();
  const issued = await runIssuance({
    request: (path, init) => fetch(`${serviceUrl}${path}`, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } }),
    agencyId: 'dukcapil',
    apiKey: dukcapilKey,
    offer: { credentialType: 'ktp-el', claims: dukcapilClaims },
    holder,
    nowSeconds: () => Math.floor(Date.now() / 1000),
    issuerUrl: `${serviceUrl}/issuers/dukcapil`,
  });
  return { sdJwt: issued.sdJwt, holder };
}
