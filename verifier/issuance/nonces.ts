// The nonce endpoint's logic (OpenID4VCI 1.0 §7): a fresh c_nonce, stored hashed, good for one key proof.
import type { RegistryContext } from '../registry/context.js';
import { hashSecret, newSecret } from './secrets.js';

export const NONCE_TTL_SECONDS = 300;

export async function issueNonce(ctx: Pick<RegistryContext, 'store' | 'now'>): Promise<{ c_nonce: string }> {
  const now = ctx.now();
  const nonce = newSecret();
  await ctx.store.issuanceNonces.put(hashSecret(nonce), now, now + NONCE_TTL_SECONDS * 1000);
  return { c_nonce: nonce };
}
