// The RateCounters contract: the memory and PostgreSQL counters both pass these (counters.test.ts runs them).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RateCounters } from './counters.js';

export interface CountersHarness {
  /** Opens fresh, empty counters. */
  open(): Promise<RateCounters>;
  cleanup?(): Promise<void>;
}

const MINUTE = 60_000;

export function countersContract(name: string, harness: () => CountersHarness): void {
  describe(`RateCounters contract: ${name}`, () => {
    let h: CountersHarness;
    let counters: RateCounters;

    beforeEach(async () => {
      h = harness();
      counters = await h.open();
    });

    afterEach(async () => {
      await counters.close();
      await h.cleanup?.();
    });

    it('adds within a window and returns the running total', async () => {
      expect(await counters.add('a', 0, MINUTE, 1)).toBe(1);
      expect(await counters.add('a', 0, MINUTE, 5)).toBe(6);
      expect(await counters.add('a', 0, MINUTE, 1)).toBe(7);
    });

    it('keeps keys apart', async () => {
      await counters.add('a', 0, MINUTE, 3);
      expect(await counters.add('b', 0, MINUTE, 1)).toBe(1);
      expect(await counters.size()).toBe(2);
    });

    it('starts a later window from zero, and counts a late add for an earlier window into the current one', async () => {
      await counters.add('a', 0, MINUTE, 4);
      expect(await counters.add('a', MINUTE, MINUTE, 1)).toBe(1);
      // An instance whose clock lags must not reset a window another instance already moved on to.
      expect(await counters.add('a', 0, MINUTE, 1)).toBe(2);
      expect(await counters.add('a', MINUTE, MINUTE, 1)).toBe(3);
    });

    it('is atomic under concurrent adds: every total from 1 to n is returned exactly once', async () => {
      const totals = await Promise.all(Array.from({ length: 40 }, () => counters.add('hot', 0, MINUTE, 1)));
      expect([...totals].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    });

    it('purges only counters whose window has ended', async () => {
      await counters.add('old', 0, MINUTE, 1);
      await counters.add('new', MINUTE, MINUTE, 1);
      expect(await counters.purge(MINUTE - 1)).toBe(0);
      expect(await counters.purge(MINUTE)).toBe(1);
      expect(await counters.size()).toBe(1);
      expect(await counters.add('old', 0, MINUTE, 1)).toBe(1);
    });
  });
}
