// Agency-side calls the real-browser tests make while the citizen uses the wallet: an API key minted through the
// admin API, agency API requests, and the screenshot-plus-accessibility check every screen gets.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousAxeViolations } from './axe.js';
import { artifactPath } from './browser.js';

export async function adminApiKey(serviceUrl: string, adminToken: string, agencyId: string, label: string): Promise<string> {
  const res = await fetch(`${serviceUrl}/v1/admin/agencies/${agencyId}/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ label }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { apiKey: string }).apiKey;
}

/** GET (no body) or POST (with a JSON body) to `/v1/agencies/{agencyId}{path}` with the agency's key. */
export function agencyRequest(serviceUrl: string, apiKey: string, agencyId: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${serviceUrl}/v1/agencies/${agencyId}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Saves `wallet-<name>.png` and asserts axe finds no serious or critical violation on the screen. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: artifactPath(`wallet-${name}.png`), fullPage: true });
  expect(await seriousAxeViolations(page, `wallet-${name}`), `axe on ${name}`).toEqual([]);
}
