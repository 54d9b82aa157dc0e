// Configuration: defaults, validation messages that name the variable, and a clean refusal to start.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('localhost');
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.databaseUrl).toBe('./data/sahih.db');
  });

  it('names each bad variable and what it expects', () => {
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', PUBLIC_URL: 'not a url' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('PORT="abc" is invalid: expected a whole number between 0 and 65535');
      expect(message).toContain('LOG_LEVEL="loud"');
      expect(message).toContain('PUBLIC_URL="not a url"');
    }
  });

  it('rejects an out-of-range port', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000"/);
  });

  it('keeps webhooks off private networks unless the operator says so, and names a bad value', () => {
    expect(loadConfig({}).webhookAllowPrivateNetworks).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }).webhookAllowPrivateNetworks).toBe(true);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: '0' }).webhookAllowPrivateNetworks).toBe(false);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_NETWORKS="yes"/);
  });
});

describe('start-up with bad configuration', () => {
  it('stops with a one-line message naming PORT, not a stack trace', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'verifier/main.ts'], {
      env: { ...process.env, PORT: 'eighty', SAHIH_SKIP_WALLET_BUILD: '1' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT="eighty" is invalid');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).not.toContain('Sahih is running');
  });
});

describe('rate-limit configuration', () => {
  it('has defaults that never block a well-behaved client, and reads COUNT/WINDOW', () => {
    const c = loadConfig({});
    expect(c.rateLimits.addressWrites).toEqual({ limit: 600, windowMs: 60_000 });
    expect(c.rateLimits.authFailures).toEqual({ limit: 30, windowMs: 300_000 });
    expect(c.trustProxy).toBe(0);
    expect(loadConfig({ RATE_LIMIT_API_KEY: '50/10s', TRUST_PROXY: '2' })).toMatchObject({ rateLimits: { apiKey: { limit: 50, windowMs: 10_000 } }, trustProxy: 2 });
  });

  it('names a bad rule and what it expects', () => {
    expect(() => loadConfig({ RATE_LIMIT_ADDRESS_WRITES: 'lots' })).toThrow(/RATE_LIMIT_ADDRESS_WRITES="lots" is invalid: expected COUNT\/WINDOW/);
    expect(() => loadConfig({ RATE_LIMIT_AUTH_FAILURES: '0/1m' })).toThrow(/RATE_LIMIT_AUTH_FAILURES/);
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
  });
});
