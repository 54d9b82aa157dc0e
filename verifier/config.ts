// Service configuration, read from environment variables once at start-up and validated.
import { z } from 'zod';
import { parseRateRule, rateClasses, rateRuleVariables, RULE_FORMAT_HINT, defaultRateRuleText, type RateRules } from './rate-limit/rules.js';

const portSchema = z.coerce
  .number({ error: 'a whole number between 0 and 65535' })
  .int('a whole number between 0 and 65535')
  .min(0, 'a whole number between 0 and 65535')
  .max(65535, 'a whole number between 0 and 65535');

const byteSizeSchema = z.coerce.number().int().min(1024, 'at least 1024 bytes').max(64 * 1024 * 1024, 'at most 64 MiB');

const rateRuleSchema = z.string().refine((v) => parseRateRule(v) !== undefined, RULE_FORMAT_HINT);
const rateRuleFields = Object.fromEntries(rateClasses.map((cls) => [rateRuleVariables[cls], rateRuleSchema.default(defaultRateRuleText[cls])])) as Record<
  string,
  z.ZodDefault<typeof rateRuleSchema>
>;

const envSchema = z.object({
  ...rateRuleFields,
  TRUST_PROXY: z.coerce.number({ error: 'the number of proxies in front of the service (0 to 10)' }).int('a whole number from 0 to 10').min(0, 'a whole number from 0 to 10').max(10, 'a whole number from 0 to 10').default(0),
  PORT: portSchema.default(3000),
  HOST: z.string().min(1, 'a host name or IP address').default('localhost'),
  PUBLIC_URL: z
    .url({ error: 'an absolute http(s) URL, e.g. https://sahih.example.go.id' })
    .refine((v) => /^https?:\/\//.test(v), 'an absolute http(s) URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: byteSizeSchema.default(256 * 1024),
  BACKUP_MAX_BYTES: byteSizeSchema.default(1024 * 1024),
  TRANSPARENCY_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  KEY_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, '32 random bytes in base64url (43 characters), e.g. from `openssl rand -base64 32 | tr +/ -_ | tr -d =`')
    .optional(),
  ADMIN_TOKEN: z.string().min(32, 'at least 32 characters of random text').optional(),
  WEBAUTHN_RP_ID: z.string().regex(/^[a-z0-9.-]+$/, 'a registrable domain such as localhost or sahih.go.id').optional(),
  WEBAUTHN_RP_NAME: z.string().min(1).default('Sahih'),
  WEBAUTHN_ORIGINS: z.string().optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  DEMO: z.enum(['true', 'false', '1', '0']).optional(),
  OVERSIGHT_NAME: z.string().min(1).max(200).default('Lembaga Pelindungan Data Pribadi'),
  OVERSIGHT_CONTACT: z.string().max(200).default(''),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.enum(['true', 'false', '1', '0']).optional(),
  EXTERNAL_ISSUERS_ALLOW_LOCAL: z.enum(['true', 'false', '1', '0']).optional(),
  EXTERNAL_KEY_REFRESH_SECONDS: z.coerce.number().int().min(30, 'at least 30 seconds').max(7 * 86_400).default(3600),
  EXTERNAL_STATUS_MAX_STALE_SECONDS: z.coerce.number().int().min(0).max(30 * 86_400).default(3600),
  EXTERNAL_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
});

export interface Config {
  port: number;
  host: string;
  /** The origin the service is reached at; the default follows HOST and PORT. */
  publicUrl: string;
  dataDir: string;
  /** SQLite file path when DATABASE_URL is not a postgres:// URL. */
  databaseUrl: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  bodyLimitBytes: number;
  /** Largest sealed wallet backup an account may keep (verifier/backup). */
  backupMaxBytes: number;
  /** How long the public transparency statistics are reused before being counted again. */
  transparencyCacheSeconds?: number;
  shutdownGraceMs: number;
  /** base64url 32-byte key that encrypts agency private keys at rest; generated into DATA_DIR when unset (dev only). */
  keyEncryptionKey: string | undefined;
  /** Bearer token for the operator's admin API; generated into DATA_DIR when unset (dev only). */
  adminToken: string | undefined;
  webauthn: { rpId: string; rpName: string; origins: string[] };
  session: { idleMinutes: number; maxHours: number };
  /** Seed the demo agencies on start (default on; `--no-demo` or DEMO=false turns it off). */
  demo: boolean;
  /** The oversight body (UU PDP) complaints are also addressed to. */
  oversightName: string;
  oversightContact: string;
  /** Webhooks may reach loopback and private addresses (development, tests, an agency on the same private network). */
  webhookAllowPrivateNetworks: boolean;
  /** Issuers outside Sahih: loopback allowed (tests/dev only), key refresh, status staleness bound, fetch timeout. */
  externalIssuers: { allowLocal: boolean; keyRefreshSeconds: number; statusMaxStaleSeconds: number; fetchTimeoutMs: number };
  /** Rate-limit budgets per class (RATE_LIMIT_*, verifier/rate-limit/rules.ts). */
  rateLimits: RateRules;
  /** How many proxies in front append to X-Forwarded-For; 0 ignores the header (verifier/http/client-address.ts). */
  trustProxy: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates configuration; throws ConfigError naming every bad variable and what it expects. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `${name}=${JSON.stringify(env[name] ?? '')} is invalid: expected ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const hostForUrl = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  const publicUrl = (e.PUBLIC_URL ?? `http://${hostForUrl}:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL ?? `${e.DATA_DIR.replace(/\/+$/, '')}/sahih.db`,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    backupMaxBytes: e.BACKUP_MAX_BYTES,
    transparencyCacheSeconds: e.TRANSPARENCY_CACHE_SECONDS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    keyEncryptionKey: e.KEY_ENCRYPTION_KEY,
    adminToken: e.ADMIN_TOKEN,
    webauthn: {
      rpId: e.WEBAUTHN_RP_ID ?? new URL(publicUrl).hostname,
      rpName: e.WEBAUTHN_RP_NAME,
      origins: e.WEBAUTHN_ORIGINS ? e.WEBAUTHN_ORIGINS.split(',').map((o) => o.trim().replace(/\/+$/, '')) : [publicUrl],
    },
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS },
    demo: e.DEMO === undefined ? true : e.DEMO === 'true' || e.DEMO === '1',
    oversightName: e.OVERSIGHT_NAME,
    oversightContact: e.OVERSIGHT_CONTACT,
    webhookAllowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS === 'true' || e.WEBHOOK_ALLOW_PRIVATE_NETWORKS === '1',
    externalIssuers: {
      allowLocal: e.EXTERNAL_ISSUERS_ALLOW_LOCAL === 'true' || e.EXTERNAL_ISSUERS_ALLOW_LOCAL === '1',
      keyRefreshSeconds: e.EXTERNAL_KEY_REFRESH_SECONDS,
      statusMaxStaleSeconds: e.EXTERNAL_STATUS_MAX_STALE_SECONDS,
      fetchTimeoutMs: e.EXTERNAL_FETCH_TIMEOUT_MS,
    },
    rateLimits: Object.fromEntries(rateClasses.map((cls) => [cls, parseRateRule(String(e[rateRuleVariables[cls] as keyof typeof e]))!])) as RateRules,
    trustProxy: e.TRUST_PROXY,
  };
}
