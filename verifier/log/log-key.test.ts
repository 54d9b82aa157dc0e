// The log key is created once, sealed under the KEK, and the same key comes back on every load; rotated on the
// operator's command with a statement both keys sign, which witnesses follow.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSignedCheckpoint, parseVerifierKey } from '../../shared/merkle/checkpoint.js';
import { memoryLogger } from '../../test/support/test-app.js';
import { applyConventions } from '../app.js';
import { createRouter } from '../http/router.js';
import { logRoutes } from '../routes/log.js';
import { createSealer } from '../registry/sealer.js';
import { openSqliteStore } from '../store/sqlite.js';
import { finishLogKeyRotation, loadOrCreateLogKey, logOrigin, rotateLogKey } from './log-key.js';
import { openTransparencyLog } from './open.js';
import type { TransparencyLog } from './transparency-log.js';
import { nodeTrustedKey, witnessOnce } from './witness.js';

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

describe('log key rotation', () => {
  it('rotates with a statement both keys signed; checkpoints are co-signed until the rotation is finished; witnesses follow', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sahih-logrot-'));
    const sealer = createSealer(randomBytes(32).toString('base64url'));
    const store = await openSqliteStore({ path: join(dir, 'sahih.db') });
    const publicUrl = 'http://localhost:3000';
    // A "restart" of the service: the log opened again from storage, its routes mounted afresh.
    const start = async () => {
      const opened = await openTransparencyLog({ store, sealer, publicUrl });
      const app = createRouter();
      applyConventions(app, { config: { publicUrl, bodyLimitBytes: 4096 }, logger: memoryLogger().logger });
      app.route('/', logRoutes(opened));
      return { opened, fetch: (url: string) => Promise.resolve(app.request(url)) };
    };
    const append = (log: TransparencyLog, n: number) => Promise.all(Array.from({ length: n }, (_, i) => log.append({ leafData: new TextEncoder().encode(`${log.size}-${i}`) })));
    try {
      let svc = await start();
      await append(svc.opened.log, 3);
      const seenBefore = (await witnessOnce({ baseUrl: publicUrl, fetch: svc.fetch })).state!;
      const k0 = seenBefore.verifierKey;

      const rotated = await rotateLogKey({ store, sealer, keyName: logOrigin(publicUrl) });
      expect(rotated.oldKey).toBe(k0);
      await expect(rotateLogKey({ store, sealer, keyName: logOrigin(publicUrl) })).rejects.toThrow(/still in progress/);
      svc = await start();
      await append(svc.opened.log, 2);
      const info = (await (await svc.fetch(`${publicUrl}/v1/log`)).json()) as { verifierKey: string; keyRotations: string[]; checkpoint: string };
      expect([info.verifierKey, info.keyRotations]).toEqual([rotated.newKey, [rotated.statement]]);
      // Co-signed: a client still on the old key verifies it, and so does one on the new key.
      for (const key of [k0, rotated.newKey]) expect((await openSignedCheckpoint(info.checkpoint, [await nodeTrustedKey(key)])).size).toBe(5);

      // A witness that pinned the old key follows the statement, checks consistency as usual, and re-pins.
      const followed = await witnessOnce({ baseUrl: publicUrl, fetch: svc.fetch, previous: seenBefore });
      expect(followed).toMatchObject({ outcome: { status: 'consistent', from: 3, to: 5 }, rotatedFrom: k0, state: { verifierKey: rotated.newKey } });

      // Finished: the old key stops co-signing; a witness that slept through the transition still gets there.
      expect(await finishLogKeyRotation({ store })).toBe(true);
      expect(await finishLogKeyRotation({ store })).toBe(false);
      svc = await start();
      await append(svc.opened.log, 1);
      const after = (await (await svc.fetch(`${publicUrl}/v1/log`)).json()) as { checkpoint: string };
      await expect(openSignedCheckpoint(after.checkpoint, [await nodeTrustedKey(k0)])).rejects.toThrow(/no signature from a trusted key/);
      const late = await witnessOnce({ baseUrl: publicUrl, fetch: svc.fetch, previous: seenBefore });
      expect(late).toMatchObject({ outcome: { status: 'consistent', from: 3, to: 6 }, state: { verifierKey: rotated.newKey } });
      const current = await witnessOnce({ baseUrl: publicUrl, fetch: svc.fetch, previous: followed.state! });
      expect(current.outcome).toEqual({ status: 'consistent', from: 5, to: 6 });
      expect(current.rotatedFrom).toBeUndefined();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
