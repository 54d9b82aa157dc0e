// The log key is created once, sealed under the KEK, and the same key comes back on every load.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVerifierKey } from '../../shared/merkle/checkpoint.js';
import { createSealer } from '../registry/sealer.js';
import { openSqliteStore } from '../store/sqlite.js';
import { loadOrCreateLogKey, logOrigin } from './log-key.js';

describe('log key', () => {
  it('is created once, stored sealed, and reloads identically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sahih-logkey-'));
    const path = join(dir, 'sahih.db');
    const sealer = createSealer(randomBytes(32).toString('base64url'));
    let store = await openSqliteStore({ path });
    const first = await loadOrCreateLogKey({ store, sealer, keyName: 'localhost:3000/log' });
    await store.close();
    store = await openSqliteStore({ path });
    const again = await loadOrCreateLogKey({ store, sealer, keyName: 'localhost:3000/log' });
    expect(again.verifierKey).toBe(first.verifierKey);
    expect(parseVerifierKey(first.verifierKey).keyName).toBe('localhost:3000/log');
    const signature = await first.signer.sign(new TextEncoder().encode('x\n'));
    expect(signature.length).toBe(64);
    // The private key is not in the database file in clear (PKCS#8 Ed25519 prefix).
    await store.close();
    const raw = readFileSync(path);
    expect(raw.includes(Buffer.from('302e020100300506032b657004220420', 'hex'))).toBe(false);
    // Another KEK cannot open it.
    store = await openSqliteStore({ path });
    await expect(loadOrCreateLogKey({ store, sealer: createSealer(randomBytes(32).toString('base64url')), keyName: 'localhost:3000/log' })).rejects.toThrow();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the log after the public URL without a scheme', () => {
    expect(logOrigin('http://localhost:3000')).toBe('localhost:3000/log');
    expect(logOrigin('https://sahih.go.id/')).toBe('sahih.go.id/log');
  });
});
