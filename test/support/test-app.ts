// Builds the real app over a fresh SQLite file for route tests through app.request(), with logs captured in memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp } from '../../verifier/app.js';
import { createLogger } from '../../verifier/logger.js';
import { openSqliteStore } from '../../verifier/store/sqlite.js';
import type { Store } from '../../verifier/store/types.js';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  store: Store;
  logs: string[];
  dir: string;
  close(): Promise<void>;
}

export function memoryLogger(level = 'info') {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger({ level, destination }), logs };
}

export async function createTestApp(options: { bodyLimitBytes?: number; walletDist?: string } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'sahih-app-'));
  const store = await openSqliteStore({ path: join(dir, 'sahih.db') });
  const { logger, logs } = memoryLogger();
  const app = createApp({
    config: { publicUrl: 'http://localhost:3000', bodyLimitBytes: options.bodyLimitBytes ?? 256 * 1024 },
    store,
    logger,
    ...(options.walletDist ? { walletDist: options.walletDist } : {}),
  });
  return {
    app,
    store,
    logs,
    dir,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
