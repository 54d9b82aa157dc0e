// Durability of SQLite commits with the WAL synced off the event loop: writers and readers of a fresh commit wait for
// its fsync, one fsync covers every commit before it, and a failed fsync stops acknowledgements.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './types.js';
import { WalSync } from './wal-sync.js';

/** A sync the test completes by hand (once holding: opening the store migrates, which syncs), counting calls. */
function heldSync(options = { holding: true }) {
  const waiting: { resolve: () => void; reject: (e: Error) => void }[] = [];
  let holding = options.holding;
  return {
    hold: () => void (holding = true),
    calls: () => waiting.length,
    sync: () => (holding ? new Promise<void>((resolve, reject) => waiting.push({ resolve, reject })) : Promise.resolve()),
    release: (i = waiting.length - 1) => waiting[i]!.resolve(),
    fail: (i = waiting.length - 1) => waiting[i]!.reject(new Error('EIO')),
  };
}

/** Lets pending promise callbacks and I/O callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function tracked<T>(promise: Promise<T>) {
  const state = { done: false, value: undefined as T | undefined, error: undefined as unknown };
  promise.then(
    (value) => Object.assign(state, { done: true, value }),
    (error: unknown) => Object.assign(state, { done: true, error }),
  );
  return state;
}

/**
 * The first sync ends the first waiter only: it may have started before the second commit was written, so it does
 * not count for it, and a second sync does.
 */
async function expectSecondSyncFor(held: ReturnType<typeof heldSync>, first: { done: boolean }, second: { done: boolean }) {
  held.release(0);
  await settle();
  expect(first.done).toBe(true);
  expect(second.done).toBe(false);
  expect(held.calls()).toBe(2);
  held.release(1);
  await settle();
  expect(second.done).toBe(true);
}

describe('WalSync', () => {
  it('needs no sync while nothing is committed, and one sync covers every commit before it', async () => {
    const held = heldSync();
    const wal = new WalSync({ path: 'unused', sync: held.sync });
    expect(wal.durable()).toBeUndefined();
    wal.markCommitted();
    wal.markCommitted();
    const a = tracked(wal.durable()!);
    const b = tracked(wal.durable()!);
    await settle();
    expect(held.calls()).toBe(1);
    held.release();
    await settle();
    expect(a.done && b.done).toBe(true);
    expect(wal.durable()).toBeUndefined();
  });

  it('syncs again for a commit made while a sync was in flight', async () => {
    const held = heldSync();
    const wal = new WalSync({ path: 'unused', sync: held.sync });
    wal.markCommitted();
    const first = tracked(wal.durable()!);
    await settle();
    wal.markCommitted();
    const second = tracked(wal.durable()!);
    await expectSecondSyncFor(held, first, second);
  });

  it('after a failed sync refuses every later acknowledgement with service_unavailable', async () => {
    const held = heldSync();
    const wal = new WalSync({ path: 'unused', sync: held.sync });
    wal.markCommitted();
    const waiter = tracked(wal.durable()!);
    await settle();
    held.fail();
    await settle();
    expect(waiter.error).toBeInstanceOf(AppError);
    expect((waiter.error as AppError).code).toBe('service_unavailable');
    await expect(wal.durable()).rejects.toMatchObject({ code: 'service_unavailable' });
  });
});

describe('SQLite store with the WAL synced off the event loop', () => {
  let dir: string;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(sync?: () => Promise<void>) {
    dir = mkdtempSync(join(tmpdir(), 'sahih-wal-'));
    store = await openSqliteStore({ path: join(dir, 'sahih.db'), ...(sync ? { syncWal: sync } : {}) });
    return store;
  }

  it('acknowledges a write only once the WAL is synced, and holds a read that would see it until then', async () => {
    const held = heldSync({ holding: false });
    const s = await open(held.sync);
    held.hold();
    const write = tracked(s.settings.set('greeting', 'halo'));
    await settle();
    expect(held.calls()).toBe(1);
    expect(write.done).toBe(false);
    // The row is committed in SQLite, but no one may be shown it before it is durable.
    const read = tracked(s.settings.get('greeting'));
    await settle();
    expect(read.done).toBe(false);
    held.release();
    await settle();
    expect(write.done).toBe(true);
    expect(read.value).toBe('halo');
    // Nothing pending: reads neither sync nor wait.
    const calls = held.calls();
    expect(await s.settings.get('greeting')).toBe('halo');
    expect(held.calls()).toBe(calls);
  });

  it('syncs a transaction once, at its end, and not for the statements inside it', async () => {
    const held = heldSync({ holding: false });
    const s = await open(held.sync);
    held.hold();
    let insideDone = false;
    const tx = tracked(
      s.transaction(async (t) => {
        await t.settings.set('a', '1');
        await t.settings.set('b', '2');
        insideDone = true;
      }),
    );
    await settle();
    expect(insideDone).toBe(true);
    expect(held.calls()).toBe(1);
    expect(tx.done).toBe(false);
    held.release();
    await settle();
    expect(tx.done).toBe(true);
    expect(tx.error).toBeUndefined();
  });

  it('keeps the connection free while a sync is in flight: a second write commits meanwhile and joins the next sync', async () => {
    const held = heldSync({ holding: false });
    const s = await open(held.sync);
    held.hold();
    const first = tracked(s.settings.set('first', 'x'));
    await settle();
    const second = tracked(s.settings.set('second', 'y'));
    await settle();
    // Both rows are committed (another connection sees them), neither is acknowledged.
    const peek = new BetterSqlite3(join(dir, 'sahih.db'), { readonly: true });
    expect(peek.prepare("select count(*) as n from settings where key in ('first', 'second')").get()).toEqual({ n: 2 });
    peek.close();
    expect(first.done || second.done).toBe(false);
    await expectSecondSyncFor(held, first, second);
  });

  it('stops acknowledging after a failed fsync', async () => {
    const held = heldSync({ holding: false });
    const s = await open(held.sync);
    held.hold();
    const write = tracked(s.settings.set('k', 'v'));
    await settle();
    held.fail();
    await settle();
    expect((write.error as AppError).code).toBe('service_unavailable');
    await expect(s.settings.get('k')).rejects.toMatchObject({ code: 'service_unavailable' });
  });

  it('with the real fdatasync, writes come back and survive reopening the file', async () => {
    const s = await open();
    await s.settings.set('durable', 'ya');
    await s.transaction(async (t) => t.settings.set('also', 'ya'));
    await s.close();
    store = await openSqliteStore({ path: join(dir, 'sahih.db') });
    expect(await store.settings.get('durable')).toBe('ya');
    expect(await store.settings.get('also')).toBe('ya');
  });
});
