// What the registry, issuance and status routers get from createApp, and how it is built from the app's deps.
import type { Context } from 'hono';
import { createNodeCryptoProvider } from '../crypto/node-crypto.js';
import type { AppEnv } from '../http/env.js';
import type { SessionHolder } from '../http/session.js';
import type { IssuanceHooks } from '../issuance/credential.js';
import type { RegistryContext } from '../registry/context.js';
import { createSealer } from '../registry/sealer.js';
import type { Store } from '../store/types.js';
import type { WebhookTargetPolicy } from '../webhooks/target.js';

export interface RegistryRouteDeps {
  ctx: RegistryContext;
  adminToken?: string | undefined;
  hooks?: IssuanceHooks;
  /**
   * The signed-in wallet account of a request and the passkey its session was opened with, when it carries a session
   * (optional on the credential endpoint).
   */
  sessionHolder?: (c: Context<AppEnv>) => Promise<SessionHolder | undefined>;
  /** Where agencies may point their webhooks (the same rules deliveries apply). */
  webhookTarget: WebhookTargetPolicy;
}

export interface RegistryAppDeps {
  config: { publicUrl: string; keyEncryptionKey?: string | undefined; adminToken?: string | undefined; webhookAllowPrivateNetworks?: boolean | undefined };
  store: Store;
  now?: () => number;
  issuanceHooks?: IssuanceHooks;
  sessionHolder?: RegistryRouteDeps['sessionHolder'];
}

export function registryDepsFrom(deps: RegistryAppDeps): RegistryRouteDeps {
  const { keyEncryptionKey, adminToken, publicUrl } = deps.config;
  return {
    ctx: {
      store: deps.store,
      sealer: keyEncryptionKey ? createSealer(keyEncryptionKey) : undefined,
      crypto: createNodeCryptoProvider(),
      now: deps.now ?? Date.now,
      publicUrl,
    },
    adminToken,
    webhookTarget: { allowPrivateNetworks: deps.config.webhookAllowPrivateNetworks ?? false },
    ...(deps.issuanceHooks ? { hooks: deps.issuanceHooks } : {}),
    ...(deps.sessionHolder ? { sessionHolder: deps.sessionHolder } : {}),
  };
}
