// The link a page load brought (see lib/launch-link.ts), held until the wallet is ready — unlocked, signed in, or
// created on this phone — then handed once to the screen that opens it. Taking it removes it, so it never acts twice.
import { captureLaunchLink, clearLaunchLink, readLaunchLink, type LaunchLinkKind } from '../lib/launch-link.js';

/** The screen a kept link waits for, or null when none is kept. */
export function pendingLinkPath(): string | null {
  return readLaunchLink()?.path ?? null;
}

/**
 * Hands the kept link of this kind to its screen, once. An address the wallet reached by in-app navigation (not a
 * fresh page load) is captured first, so both ways in behave the same.
 */
export function takePendingLink(kind: LaunchLinkKind): string | null {
  captureLaunchLink();
  const link = readLaunchLink();
  if (link?.kind !== kind) return null;
  clearLaunchLink();
  return link.text;
}
