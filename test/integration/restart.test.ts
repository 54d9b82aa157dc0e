// The real process: clean shutdown on SIGINT, and restarting on the same data directory after a clean stop or a crash.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startService } from '../support/service.js';

describe('service process lifecycle', () => {
  it('stops cleanly on SIGINT and restarts on the same data directory', async () => {
    const first = await startService();
    const dbPath = join(first.dataDir, 'sahih.db');
    expect(existsSync(dbPath)).toBe(true);
    expect(await first.stop('SIGINT')).toBe(0);
    expect(first.output()).toContain('Stopped cleanly.');

    const second = await startService({ dataDir: first.dataDir, port: first.port });
    const health = (await (await fetch(`${second.url}/healthz`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    await second.stop('SIGKILL');

    // After a crash the database opens again with its migrations applied exactly once.
    const third = await startService({ dataDir: first.dataDir });
    expect((await fetch(`${third.url}/healthz`)).status).toBe(200);
    await third.stop();
    const raw = new BetterSqlite3(dbPath, { readonly: true });
    const names = (raw.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    raw.close();
    first.cleanup();
  });

  it('finishes an in-flight response before exiting', async () => {
    const svc = await startService({ env: { SHUTDOWN_GRACE_MS: '10000' } });
    // A large asset read slowly: the server is mid-response when the signal arrives.
    const res = await fetch(`${svc.url}/docs/assets/swagger-ui-bundle.js`);
    const expected = Number(res.headers.get('content-length'));
    expect(expected).toBeGreaterThan(100_000);
    const reader = res.body!.getReader();
    let received = (await reader.read()).value?.byteLength ?? 0;
    const stopped = svc.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
    }
    expect(received).toBe(expected);
    expect(await stopped).toBe(0);
    svc.cleanup();
  });
});
