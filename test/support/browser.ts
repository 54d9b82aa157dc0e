// Launches Debian's Chromium through playwright-core with the flags this sandbox needs (no background networking).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { repoRoot } from './service.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const artifactsDir = join(repoRoot, 'test-artifacts');

export async function launchBrowser(options: { extraArgs?: string[] } & Pick<LaunchOptions, 'headless'> = {}): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}; run "npm test", which installs it.`);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: options.headless ?? true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      ...(options.extraArgs ?? []),
    ],
  });
}

export function artifactPath(name: string): string {
  mkdirSync(join(artifactsDir, 'screenshots'), { recursive: true });
  return join(artifactsDir, 'screenshots', name);
}
