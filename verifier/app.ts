// Assembles the HTTP application: conventions (ids, headers, limits, errors) first, then the feature routers.
import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { mountDocs } from './http/docs.js';
import type { AppEnv } from './http/env.js';
import { bodyLimit } from './http/body-limit.js';
import { methodNotAllowed } from './http/method-not-allowed.js';
import { clientAddressResolver } from './http/client-address.js';
import { rateLimit } from './http/rate-limit.js';
import { RateLimiter } from './rate-limit/limiter.js';
import { MemoryCounters } from './rate-limit/memory-counters.js';
import { defaultRateRules } from './rate-limit/rules.js';
import { onOAuthError, isOAuthEndpoint } from './http/oauth-error.js';
import { onError, problemResponse } from './http/problem.js';
import { requestContext } from './http/request-context.js';
import { createRouter } from './http/router.js';
import { securityHeaders } from './http/security-headers.js';
import { optionalSessionHolder } from './http/session.js';
import { mountConsole } from './http/console-static.js';
import { mountWallet } from './http/wallet-static.js';
import { accountsConfigFrom, type AccountsDeps } from './accounts/deps.js';
import { accountRoutes } from './routes/accounts.js';
import { holderBindingHooks } from './accounts/holder-binding.js';
import type { IssuanceHooks } from './issuance/credential.js';
import { adminRoutes } from './routes/admin.js';
import { externalIssuerRoutes } from './routes/external-issuers.js';
import { createExternalTrust, defaultExternalTrustConfig } from './trust/external-trust.js';
import { webhookRoutes } from './routes/webhooks.js';
import { consentRoutes } from './routes/consents.js';
import { registryDepsFrom } from './routes/deps.js';
import { healthRoutes } from './routes/health.js';
import type { OpenedLog } from './log/open.js';
import { logRoutes } from './routes/log.js';
import { accessEventRoutes } from './routes/access-events.js';
import { holderKeyRoutes } from './routes/holder-keys.js';
import { declarationRoutes } from './routes/declarations.js';
import { rightsRoutes } from './routes/rights.js';
import { BACKUP_PATH, backupRoutes } from './routes/backup.js';
import { rebindRoutes } from './routes/rebind.js';
import { voiceRoutes } from './routes/voice.js';
import { consentReviewRoutes } from './routes/consent-review.js';
import { lostDeviceRoutes } from './routes/lost-device.js';
import { accountDeletionRoutes } from './routes/account-deletion.js';
import { createCredentialTrust } from './presentation/trust.js';
import { backupBodyBytes, DEFAULT_BACKUP_MAX_BYTES } from './backup/backups.js';
import { transparencyRoutes } from './routes/transparency.js';
import { presentationDepsFrom } from './presentation/deps.js';
import { presentationRoutes } from './routes/presentations.js';
import { verifyRoutes } from './routes/verify.js';
import { issuedCredentialRoutes } from './routes/issued-credentials.js';
import { issuerMetadataRoutes } from './routes/issuer-metadata.js';
import { offerRoutes } from './routes/offers.js';
import { oid4vciRoutes } from './routes/oid4vci.js';
import { registryRoutes } from './routes/registry.js';
import { trustAnchorRoutes } from './routes/trust-anchors.js';
import { statusRoutes } from './routes/status.js';
import type { Store } from './store/types.js';
import { serviceVersion } from './version.js';

export interface AppDeps {
  config: Pick<Config, 'publicUrl' | 'bodyLimitBytes'> & Partial<Config>;
  store: Store;
  logger: Logger;
  /** Built wallet directory; omitted in API-only tests. */
  walletDist?: string;
  startedAt?: number;
  /** Injected clock (ms since epoch) so tests can freeze time. */
  now?: () => number;
  /** Issuance hooks, e.g. binding the holder key to the wallet account (issue 4 / issue 5 integration). */
  issuanceHooks?: IssuanceHooks;
  /** The transparency log (opened in main.ts, or by the test app); its public routes are mounted when present. */
  transparency?: OpenedLog;
  /** The rate limiter (main.ts opens it over the configured database); default: in memory with config.rateLimits. */
  rateLimiter?: RateLimiter;
}

/** Cross-cutting conventions every router relies on; exported so tests can apply them to sample routers. */
export function applyConventions(app: OpenAPIHono<AppEnv>, deps: Pick<AppDeps, 'config' | 'logger'>): void {
  app.use('*', requestContext(deps.logger));
  app.use('*', securityHeaders({ https: deps.config.publicUrl.startsWith('https:'), relaxedStylePaths: ['/docs'] }));
  const backupMax = deps.config.backupMaxBytes ?? DEFAULT_BACKUP_MAX_BYTES;
  app.use('*', bodyLimit(deps.config.bodyLimitBytes, { larger: { [BACKUP_PATH]: Math.max(deps.config.bodyLimitBytes, backupBodyBytes(backupMax)) } }));
  // The OpenID4VCI endpoints answer every error in the OAuth shape, whichever middleware raised it (body limit, rate limit).
  app.onError((err, c) => (isOAuthEndpoint(c.req.path) ? onOAuthError(err, c) : onError(err, c)));
  // A known path with another method answers 405 with Allow; only unknown paths are 404.
  const missing = methodNotAllowed(app);
  app.notFound((c) => problemResponse(missing(c), c));
}

/** The oversight body complaints are addressed to, as the operator configured it. */
function oversightOf(config: AppDeps['config']) {
  return { name: config.oversightName ?? 'Lembaga Pelindungan Data Pribadi', contact: config.oversightContact ?? '' };
}

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = createRouter();
  applyConventions(app, deps);
  // Every route is rate-limited; credential checks charge through the gate this sets (verifier/http/rate-limit.ts).
  const limiter = deps.rateLimiter ?? new RateLimiter({ counters: new MemoryCounters(), rules: deps.config.rateLimits ?? defaultRateRules });
  app.use('*', rateLimit({ limiter, clientAddress: clientAddressResolver({ trustProxy: deps.config.trustProxy ?? 0 }) }));
  app.route('/', healthRoutes({ store: deps.store, version: serviceVersion, startedAt: deps.startedAt ?? Date.now() }));
  // Citizen passkey sessions; other features reuse `accounts` with requireSession() from http/session.ts.
  const accounts: AccountsDeps = { store: deps.store, now: deps.now ?? Date.now, config: accountsConfigFrom(deps.config) };
  app.route('/', accountRoutes(accounts));
  // Sealed wallet backups (issue 19): opaque blobs, one per account.
  app.route('/', backupRoutes({ accounts, backup: { store: deps.store, now: accounts.now, maxBytes: deps.config.backupMaxBytes ?? DEFAULT_BACKUP_MAX_BYTES } }));
  // Trust registry, OpenID4VCI issuance and credential status (issue 4).
  const registry = registryDepsFrom({
    ...deps,
    issuanceHooks: holderBindingHooks(deps.issuanceHooks),
    sessionHolder: optionalSessionHolder(accounts),
  });
  app.route('/', adminRoutes(registry));
  // Issuers outside Sahih (issue 17): one trust instance, so its key and status caches serve every verification.
  const externalTrust = createExternalTrust(registry.ctx, deps.config.externalIssuers ?? defaultExternalTrustConfig);
  app.route('/', externalIssuerRoutes(registry, externalTrust));
  app.route('/', webhookRoutes(registry));
  app.route('/', registryRoutes(registry));
  app.route('/', trustAnchorRoutes(registry));
  app.route('/', offerRoutes(registry));
  app.route('/', oid4vciRoutes(registry));
  app.route('/', issuerMetadataRoutes(registry));
  app.route('/', statusRoutes(registry));
  app.route('/', issuedCredentialRoutes(registry));
  // Restored credentials re-bound to a new phone's key, or re-issued by the agency (issue 19).
  app.route('/', rebindRoutes({ accounts, rebind: { ctx: registry.ctx, trust: createCredentialTrust(registry.ctx) }, adminToken: registry.adminToken }));
  if (deps.transparency) {
    app.route('/', logRoutes(deps.transparency));
    app.route('/', accessEventRoutes({ accounts, registry: registry.ctx, log: deps.transparency.log }));
    app.route('/', holderKeyRoutes({ accounts, registry: registry.ctx }));
    // "I lost my phone" (issue 19): sessions ended, passkey removed, its credentials suspended, logged.
    app.route('/', lostDeviceRoutes({ accounts, lostDevice: { ctx: registry.ctx, log: deps.transparency.log } }));
    // Deleting the account (issue 19): every row naming it erased, the log's commitments kept.
    app.route('/', accountDeletionRoutes({ accounts, ctx: registry.ctx }));
    app.route('/', declarationRoutes({ registry: registry.ctx, log: deps.transparency.log }));
    app.route('/', transparencyRoutes({ store: deps.store, log: deps.transparency.log, now: deps.now ?? Date.now, ...(deps.config.transparencyCacheSeconds === undefined ? {} : { cacheMs: deps.config.transparencyCacheSeconds * 1000 }) }));
    app.route('/', consentReviewRoutes({ accounts, registry: registry.ctx }));
    app.route('/', voiceRoutes({ accounts, registry: registry.ctx, adminToken: registry.adminToken }));
    app.route('/', rightsRoutes({ accounts, registry: registry.ctx, transparency: deps.transparency, oversight: oversightOf(deps.config) }));
    // OpenID4VP presentation requests and POST /v1/verify (issue 6): one pipeline, one trust and status cache.
    const presentation = presentationDepsFrom(registry.ctx, deps.transparency, externalTrust);
    app.route('/', presentationRoutes(presentation));
    app.route('/', verifyRoutes(presentation));
    app.route('/', consentRoutes({ accounts, registry: registry.ctx, log: deps.transparency.log }));
  }
  mountDocs(app, { version: serviceVersion, publicUrl: deps.config.publicUrl });
  if (deps.walletDist) {
    // The agency console is built into the wallet's dist under console/ and mounted first, so its routes win.
    mountConsole(app, join(deps.walletDist, 'console'));
    mountWallet(app, deps.walletDist);
  }
  return app;
}
