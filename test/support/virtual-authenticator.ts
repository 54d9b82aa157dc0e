// Chromium's DevTools virtual authenticator (CDP WebAuthn domain): a platform passkey with user verification, and
// optionally the PRF extension, so real-browser tests can register and sign in without hardware.
import type { CDPSession, Page } from 'playwright-core';

export interface VirtualAuthenticator {
  cdp: CDPSession;
  authenticatorId: string;
  credentials(): Promise<{ credentialId: string; signCount: number; isResidentCredential: boolean }[]>;
  /** Stops (or resumes) answering ceremonies, as if the device were put away. */
  setPresent(present: boolean): Promise<void>;
  /** A second device (a USB security key) on the same page, e.g. to add another passkey to the account. */
  addAnother(): Promise<VirtualAuthenticator>;
}

function authenticatorOptions(prf: boolean, transport: 'internal' | 'usb') {
  return {
    protocol: 'ctap2' as const,
    transport,
    hasResidentKey: true,
    hasUserVerification: true,
    isUserVerified: true,
    automaticPresenceSimulation: true,
    ...(prf ? { hasPrf: true } : {}),
  };
}

async function wrap(cdp: CDPSession, prf: boolean, transport: 'internal' | 'usb'): Promise<VirtualAuthenticator> {
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: authenticatorOptions(prf, transport) });
  return {
    cdp,
    authenticatorId,
    async credentials() {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      return credentials;
    },
    async setPresent(present) {
      await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: present });
    },
    // Chromium allows one internal authenticator per page: the second device is a USB security key.
    addAnother: () => wrap(cdp, prf, 'usb'),
  };
}

export async function addVirtualAuthenticator(page: Page, options: { prf?: boolean } = {}): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  return wrap(cdp, options.prf ?? false, 'internal');
}
