// Entry point for `npm start`: validate configuration, build the wallet if needed, open the store, serve, shut down cleanly.
import { serve, type ServerType } from '@hono/node-server';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { clientErrorHandler } from './http/client-error.js';
import { createLogger } from './logger.js';
import { resolveSecrets } from './dev-secrets.js';
import { purgeStaleOfferClaims } from './issuance/offers.js';
import { purgeUnreadResults } from './presentation/result.js';
import { purgeSpentNonces } from './presentation/direct-verify.js';
import { guardedFetch } from './webhooks/guarded-fetch.js';
import { expireConsents } from './consent/expiry.js';
import { startWebhookWorker } from './webhooks/worker.js';
import { openTransparencyLog } from './log/open.js';
import { requireSealer } from './registry/context.js';
import { seedDemo } from './registry/demo-seed.js';
import { tryItGuide } from './registry/try-it.js';
import { registryDepsFrom } from './routes/deps.js';
import { openStore } from './store/open.js';
import { RateLimiter } from './rate-limit/limiter.js';
import { openRateCounters } from './rate-limit/open.js';
import type { Store } from './store/types.js';
import { ensureWalletBuilt } from './wallet-build.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The database location without a password, for the start-up banner. */
function redactedDatabaseUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) return url;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function fail(message: string): never {
  process.stderr.write(`sahih: ${message}\n`);
  process.exit(1);
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

function listen(app: ReturnType<typeof createApp>, config: Config, logger: Logger): Promise<ServerType> {
  return new Promise((resolveListen, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolveListen(server));
    server.once('error', reject);
    // Node's own 400, 408 and 431 answer with problem+json too.
    server.on('clientError', clientErrorHandler(logger));
  });
}

async function main(): Promise<void> {
  const envConfig = readConfig();
  const logger = createLogger({ level: envConfig.logLevel });
  // Dev fallbacks for KEY_ENCRYPTION_KEY / ADMIN_TOKEN live in DATA_DIR (mode 0600); production sets both.
  const secrets = resolveSecrets({ ...envConfig, dataDir: resolve(root, envConfig.dataDir) });
  for (const warning of secrets.warnings) logger.warn(warning);
  const config: Config = {
    ...envConfig,
    keyEncryptionKey: secrets.keyEncryptionKey,
    adminToken: secrets.adminToken,
    demo: envConfig.demo && !process.argv.includes('--no-demo'),
  };
  const distDir = join(root, 'dist', 'wallet');
  if (!process.env.SAHIH_SKIP_WALLET_BUILD) {
    await ensureWalletBuilt({ root, distDir, log: (m) => process.stdout.write(`${m}\n`) });
  }
  let store: Store;
  try {
    // A postgres:// URL is used as given; a SQLite path is relative to the repository root.
    store = await openStore(/^postgres(ql)?:\/\//.test(config.databaseUrl) ? config.databaseUrl : resolve(root, config.databaseUrl));
  } catch (error) {
    fail(`could not open the database at ${config.databaseUrl}: ${(error as Error).message}`);
  }
  const registry = registryDepsFrom({ config, store }).ctx;
  const demoKeys = config.demo ? await seedDemo(registry) : undefined;
  await purgeStaleOfferClaims(registry);
  const purgeTimer = setInterval(() => void purgeStaleOfferClaims(registry).catch((e: unknown) => logger.error({ err: e }, 'offer purge failed')), 60_000);
  purgeTimer.unref();
  // Disclosed values an agency did not fetch within their TTL are deleted unread.
  const resultPurgeTimer = setInterval(() => {
    void purgeUnreadResults(registry).catch((e: unknown) => logger.error({ err: e }, 'result purge failed'));
    // Nonces spent with POST /v1/verify are kept only as long as a replay could otherwise pass.
    void purgeSpentNonces(registry).catch((e: unknown) => logger.error({ err: e }, 'nonce purge failed'));
  }, 60_000);
  resultPurgeTimer.unref();
  const transparency = await openTransparencyLog({ store, sealer: requireSealer(registry), publicUrl: config.publicUrl });
  // Consents past their declared retention expire (logged, agency notified); webhooks go out with retries.
  const consentDeps = { store, log: transparency.log, crypto: registry.crypto, now: registry.now };
  const expiryTimer = setInterval(() => void expireConsents(consentDeps).catch((e: unknown) => logger.error({ err: e }, 'consent expiry failed')), 60_000);
  expiryTimer.unref();
  // Agencies choose their webhook URLs, so deliveries may not reach the service's own network unless the operator says so.
  const webhookFetch = config.webhookAllowPrivateNetworks ? globalThis.fetch : guardedFetch();
  const webhooks = startWebhookWorker({ store, sealer: requireSealer(registry), now: registry.now, fetch: webhookFetch, log: transparency.log, logger });
  // Rate limits: counters in PostgreSQL when several instances share it, else in memory. Expired counters, passkey
  // challenges nobody answered, and lapsed sessions are dropped every minute, so a flood of unauthenticated writes
  // leaves at most a window's worth of rows behind.
  const rateCounters = openRateCounters(config.databaseUrl);
  // While the database is unreachable every request would report the same failure: one line per 10 s is enough.
  let lastCounterError = 0;
  const rateLimiter = new RateLimiter({
    counters: rateCounters,
    rules: config.rateLimits,
    onCounterError: (e: unknown) => {
      if (Date.now() - lastCounterError < 10_000) return;
      lastCounterError = Date.now();
      logger.error({ err: e }, 'rate-limit counters failed; letting requests through');
    },
  });
  const leftoversTimer = setInterval(() => {
    const now = Date.now();
    void rateCounters.purge(now).catch((e: unknown) => logger.error({ err: e }, 'rate counter purge failed'));
    void store.webauthnChallenges.purgeExpired(now).catch((e: unknown) => logger.error({ err: e }, 'passkey challenge purge failed'));
    void store.sessions
      .purgeExpired(now, config.session.idleMinutes * 60_000)
      .catch((e: unknown) => logger.error({ err: e }, 'session purge failed'));
  }, 60_000);
  leftoversTimer.unref();
  const app = createApp({ config, store, logger, walletDist: distDir, transparency, rateLimiter });
  let server: ServerType;
  try {
    server = await listen(app, config, logger);
  } catch (error) {
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${config.port} is already in use; set PORT to a free port.`);
    if (code === 'EACCES') fail(`not allowed to listen on port ${config.port}; set PORT to 1024 or above.`);
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicUrl.replace(`:${config.port}`, `:${port}`);
  process.stdout.write(
    [
      '',
      `Sahih is running.`,
      `  Wallet        ${base}/`,
      `  API           ${base}/v1`,
      `  API docs      ${base}/docs`,
      `  OpenAPI       ${base}/openapi.json`,
      `  Health        ${base}/healthz`,
      `  Access log    ${base}/v1/log (witness: npm run witness -- ${base})`,
      `  Database      ${store.engine} (${redactedDatabaseUrl(config.databaseUrl)})`,
      '',
      ...(demoKeys
        ? [tryItGuide(base, demoKeys, envConfig.adminToken ? undefined : `Bearer ${secrets.adminToken} (dev token from DATA_DIR/admin-token)`), '']
        : []),
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\nReceived ${signal}; finishing in-flight requests...\n`);
    const force = setTimeout(() => {
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    }, config.shutdownGraceMs);
    force.unref();
    server.close(async () => {
      clearInterval(purgeTimer);
      clearInterval(resultPurgeTimer);
      clearInterval(expiryTimer);
      clearInterval(leftoversTimer);
      await webhooks.stop();
      clearTimeout(force);
      await rateCounters.close();
      await store.close();
      process.stdout.write('Stopped cleanly.\n');
      process.exit(0);
    });
    (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  fail(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
});
