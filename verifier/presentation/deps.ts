// What the presentation feature needs: the registry context (store, KEK sealer, crypto, clock, public URL), the
// transparency log for access events, and the trust decisions (registered issuers, in-process status lists).
import type { TransparencyLog } from '../log/transparency-log.js';
import type { RegistryContext } from '../registry/context.js';
import type { ExternalTrust } from '../trust/external-trust.js';
import { createCredentialTrust, type CredentialTrust } from './trust.js';

export interface PresentationDeps {
  ctx: RegistryContext;
  log: TransparencyLog;
  trust: CredentialTrust;
}

export function presentationDepsFrom(ctx: RegistryContext, transparency: { log: TransparencyLog }, external?: ExternalTrust): PresentationDeps {
  return { ctx, log: transparency.log, trust: createCredentialTrust(ctx, external) };
}

/** Seconds since the epoch from the context's millisecond clock. */
export const nowSeconds = (ctx: Pick<RegistryContext, 'now'>) => Math.floor(ctx.now() / 1000);
