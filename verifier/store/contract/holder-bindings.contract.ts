// Contract for holder-key bindings: bound once, first account wins, unknown keys have no account.
import { expect, it } from 'vitest';
import type { Store } from '../types.js';

export function holderBindingsContract(getStore: () => Store): void {
  it('holder bindings: bind once and look up', async () => {
    const store = getStore();
    expect(await store.holderBindings.accountFor('tp-1')).toBeUndefined();
    expect(await store.holderBindings.bind('tp-1', 'acct-a', 1)).toBe(true);
    expect(await store.holderBindings.bind('tp-1', 'acct-b', 2)).toBe(false);
    expect(await store.holderBindings.accountFor('tp-1')).toBe('acct-a');
  });

  it('holder bindings: remember the device (passkey) a key was bound under', async () => {
    const store = getStore();
    expect(await store.holderBindings.bind('tp-2', 'acct-a', 1, 'pk-1')).toBe(true);
    expect(await store.holderBindings.bind('tp-2', 'acct-a', 2, 'pk-2')).toBe(false);
    expect(await store.holderBindings.accountFor('tp-2')).toBe('acct-a');
  });

  it('holder bindings: subject references bind once and look up', async () => {
    const store = getStore();
    expect(await store.holderBindings.accountForSubject('ref-1')).toBeUndefined();
    expect(await store.holderBindings.bindSubject('ref-1', 'acct-a', 1)).toBe(true);
    expect(await store.holderBindings.bindSubject('ref-1', 'acct-b', 2)).toBe(false);
    expect(await store.holderBindings.accountForSubject('ref-1')).toBe('acct-a');
  });
}
