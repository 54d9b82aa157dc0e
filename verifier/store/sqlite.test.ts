// Runs the store contract against SQLite on a real file in a temporary directory.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite.js';
import { storeContract } from './store.contract.js';

storeContract('sqlite (real file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahih-store-'));
  const path = join(dir, 'nested', 'sahih.db');
  return {
    open: () => openSqliteStore({ path }),
    reopen: () => openSqliteStore({ path }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('sqlite store specifics', () => {
  it('creates the file and uses WAL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sahih-store-'));
    const path = join(dir, 'sahih.db');
    const store = await openSqliteStore({ path });
    await store.settings.set('x', 'y');
    expect(statSync(path).isFile()).toBe(true);
    await store.close();
    const raw = new BetterSqlite3(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const applied = raw.prepare('select name from kysely_migration order by name').all() as { name: string }[];
    expect(applied.map((r) => r.name)).toContain('0001_settings');
    raw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an in-memory database', async () => {
    await expect(openSqliteStore({ path: ':memory:' })).rejects.toThrow(TypeError);
  });
});
