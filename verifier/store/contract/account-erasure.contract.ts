// Contract for erasing an account: the keys it is known by, and every row naming it gone while another account's stay.
import { expect, it } from 'vitest';
import type { Store } from '../types.js';
import { ERASED_HOLDER } from '../repos/account-erasure.js';
import { issuedRecord, listRecord } from './registry-fixtures.js';

const passkey = (id: string, accountId: string) => ({
  id,
  accountId,
  credentialId: `cred-${id}`,
  publicKey: 'pk',
  counter: 0,
  transports: [],
  deviceType: 'singleDevice' as const,
  backupEligible: false,
  backedUp: false,
  aaguid: '0',
  name: id,
  createdAt: 1,
  lastUsedAt: null,
});

export function accountErasureContract(getStore: () => Store): void {
  it('account erasure: finds the keys, erases every row naming the account and unlinks its issued credentials', async () => {
    const store = getStore();
    for (const id of ['gone', 'kept']) {
      await store.accounts.create({ id, userHandle: `uh-${id}`, displayName: id, createdAt: 1 }, passkey(`pk-${id}`, id));
      await store.sessions.create({ idHash: `s-${id}`, accountId: id, csrfToken: 'c', createdAt: 1, lastSeenAt: 1, expiresAt: 9, passkeyId: `pk-${id}` });
      await store.holderBindings.bind(`jkt-${id}`, id, 1, `pk-${id}`);
      await store.holderBindings.bindSubject(`subj-${id}`, id, 1);
      await store.accountBackups.put(id, 0, { sealed: new Uint8Array([1, 2, 3]), updatedAt: 1 });
    }
    await store.statusLists.create(listRecord('l1'));
    await store.issuedCredentials.insert(issuedRecord('c-gone', 1, { holderJkt: 'jkt-gone' }));
    await store.issuedCredentials.insert(issuedRecord('c-kept', 2, { holderJkt: 'jkt-kept' }));
    await store.webauthnChallenges.put({ challenge: 'ch', purpose: 'add-passkey', accountId: 'gone', userHandle: 'uh-gone', displayName: null, expiresAt: 9 });

    const keys = await store.accountErasure.keysOf('gone');
    expect(keys).toEqual({ thumbprints: ['jkt-gone'], holderRefs: [] });
    const counts = await store.transaction((tx) => tx.accountErasure.erase({ accountId: 'gone', ...keys }));
    expect(counts).toMatchObject({ passkeys: 1, sessions: 1 });

    expect(await store.accounts.get('gone')).toBeUndefined();
    expect(await store.accounts.passkeyByCredentialId('cred-pk-gone')).toBeUndefined();
    expect(await store.sessions.get('s-gone')).toBeUndefined();
    expect(await store.holderBindings.accountFor('jkt-gone')).toBeUndefined();
    expect(await store.holderBindings.accountForSubject('subj-gone')).toBeUndefined();
    expect(await store.accountBackups.get('gone')).toBeUndefined();
    expect(await store.webauthnChallenges.consume('ch', 'add-passkey', 1)).toBeUndefined();
    expect((await store.issuedCredentials.get('a1', 'c-gone'))?.holderJkt).toBe(ERASED_HOLDER);

    expect(await store.accounts.get('kept')).toBeDefined();
    expect(await store.sessions.get('s-kept')).toBeDefined();
    expect(await store.holderBindings.accountFor('jkt-kept')).toBe('kept');
    expect(await store.accountBackups.get('kept')).toBeDefined();
    expect((await store.issuedCredentials.get('a1', 'c-kept'))?.holderJkt).toBe('jkt-kept');
  });
}
