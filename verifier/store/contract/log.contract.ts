// Contract for the transparency log repository: gap-free leaf indices, node lookups, one checkpoint per size, and a
// batch's rows (leaves, nodes, events, checkpoint) written together, all or nothing.
import { expect, it } from 'vitest';
import type { Store } from '../types.js';

const h = (n: number) => new Uint8Array(32).fill(n);

export function logContract(getStore: () => Store): void {
  it('log: stores leaves and nodes and reports the size', async () => {
    const store = getStore();
    expect(await store.log.size()).toBe(0);
    await store.log.insertLeaves([
      { index: 0, hash: h(1), createdAt: 1 },
      { index: 1, hash: h(2), createdAt: 1 },
    ]);
    await store.log.insertNodes([{ level: 1, index: 0, hash: h(3) }]);
    expect(await store.log.size()).toBe(2);
    expect(Buffer.from((await store.log.leafHash(1))!)).toEqual(Buffer.from(h(2)));
    expect(Buffer.from((await store.log.node(1, 0))!)).toEqual(Buffer.from(h(3)));
    expect(await store.log.leafHash(2)).toBeUndefined();
    expect(await store.log.node(2, 0)).toBeUndefined();
    const many = await store.log.nodes([
      { level: 0, index: 0 },
      { level: 0, index: 1 },
      { level: 1, index: 0 },
      { level: 3, index: 9 },
    ]);
    expect([...many.keys()].sort()).toEqual(['0/0', '0/1', '1/0']);
    expect(Buffer.from(many.get('1/0')!)).toEqual(Buffer.from(h(3)));
  });

  it('log: refuses a second leaf at an index already taken', async () => {
    const store = getStore();
    await store.log.insertLeaves([{ index: 0, hash: h(1), createdAt: 1 }]);
    await expect(store.log.insertLeaves([{ index: 0, hash: h(9), createdAt: 2 }])).rejects.toThrow();
    expect(Buffer.from((await store.log.leafHash(0))!)).toEqual(Buffer.from(h(1)));
  });

  it('log: keeps the first checkpoint for a size and returns the latest', async () => {
    const store = getStore();
    expect(await store.log.latestCheckpoint()).toBeUndefined();
    expect(await store.log.saveCheckpoint({ size: 1, root: h(1), note: 'one', createdAt: 1 })).toBe(true);
    expect(await store.log.saveCheckpoint({ size: 1, root: h(2), note: 'other', createdAt: 2 })).toBe(false);
    await store.log.saveCheckpoint({ size: 5, root: h(5), note: 'five', createdAt: 3 });
    expect((await store.log.latestCheckpoint())?.note).toBe('five');
    expect((await store.log.checkpointAt(1))?.note).toBe('one');
  });

  it('log: writes a batch\'s leaves, nodes, events and checkpoint together, and none of them if one clashes', async () => {
    const store = getStore();
    const event = (i: number) => ({ id: `e${i}`, leafIndex: i, accountId: null, agencyId: 'a', kind: 'k', purposeCode: null, occurredAt: i, salt: 's', body: `b${i}`, agencyRef: i ? null : 'ref-0' });
    await store.transaction((tx) =>
      tx.log.appendBatch({
        leaves: [0, 1, 2].map((i) => ({ index: i, hash: h(i + 1), createdAt: 1 })),
        nodes: [{ level: 1, index: 0, hash: h(7) }],
        events: [0, 1, 2].map(event),
        checkpoint: { size: 3, root: h(8), note: 'three', createdAt: 1 },
      }),
    );
    expect(await store.log.size()).toBe(3);
    expect(Buffer.from((await store.log.node(1, 0))!)).toEqual(Buffer.from(h(7)));
    expect(await store.accessEvents.get('e2')).toMatchObject({ leafIndex: 2, body: 'b2' });
    expect((await store.accessEvents.get('e0'))?.agencyRef).toBe('ref-0');
    expect((await store.log.latestCheckpoint())?.note).toBe('three');
    // A leaf index already taken fails the whole batch inside its transaction: no event, node or checkpoint stays.
    await expect(
      store.transaction((tx) =>
        tx.log.appendBatch({
          leaves: [2, 3].map((i) => ({ index: i, hash: h(9), createdAt: 2 })),
          nodes: [{ level: 1, index: 1, hash: h(9) }],
          events: [event(3)],
          checkpoint: { size: 4, root: h(9), note: 'four', createdAt: 2 },
        }),
      ),
    ).rejects.toThrow();
    expect(await store.log.size()).toBe(3);
    expect(await store.accessEvents.get('e3')).toBeUndefined();
    expect(await store.log.node(1, 1)).toBeUndefined();
    expect((await store.log.latestCheckpoint())?.note).toBe('three');
  });
}
