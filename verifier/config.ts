// Service configuration, read from environment variables once at start-up and validated.
import { z } from 'zod';

const portSchema = z.coerce
  .number({ error: 'a whole number between 0 and 65535' })
  .int('a whole number between 0 and 65535')
  .min(0, 'a whole number between 0 and 65535')
  .max(65535, 'a whole number between 0 and 65535');

const byteSizeSchema = z.coerce.number().int().min(1024, 'at least 1024 bytes').max(64 * 1024 * 1024, 'at most 64 MiB');

const envSchema = z.object({
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
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
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
  shutdownGraceMs: number;
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
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  };
}
