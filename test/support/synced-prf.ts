// A synced passkey's PRF secret, emulated. Chromium's virtual authenticator keeps the PRF (hmac-secret) secret per
// device and the DevTools protocol cannot copy it with the credential, while a real passkey provider syncs it with the
// passkey. This init script makes every PRF result in a browser context HMAC-SHA-256(secret, salt), so two contexts
// given the same secret answer PRF like one synced passkey on two phones.
import type { BrowserContext } from 'playwright-core';

export async function useSyncedPrf(context: BrowserContext, secretHex: string): Promise<void> {
  await context.addInitScript((hex: string) => {
    const secret = new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));
    const hmac = async (salt: BufferSource) => {
      const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      return crypto.subtle.sign('HMAC', key, salt);
    };
    type PrfInput = { prf?: { eval?: { first?: BufferSource } } };
    const wrap = (original: (o?: CredentialCreationOptions & CredentialRequestOptions) => Promise<Credential | null>) =>
      async (options?: CredentialCreationOptions & CredentialRequestOptions) => {
        const credential = (await original(options)) as PublicKeyCredential | null;
        const extensions = (options?.publicKey?.extensions ?? {}) as PrfInput;
        if (!credential || !extensions.prf) return credential;
        const first = extensions.prf.eval?.first ? await hmac(extensions.prf.eval.first) : undefined;
        const results = credential.getClientExtensionResults.bind(credential);
        credential.getClientExtensionResults = () => ({ ...results(), prf: { enabled: true, ...(first ? { results: { first } } : {}) } }) as AuthenticationExtensionsClientOutputs;
        return credential;
      };
    const container = navigator.credentials;
    container.create = wrap(container.create.bind(container)) as typeof container.create;
    container.get = wrap(container.get.bind(container)) as typeof container.get;
  }, secretHex);
}
