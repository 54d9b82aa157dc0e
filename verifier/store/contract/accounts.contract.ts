// Contract for the account, passkey, challenge and session repositories; every Store implementation runs it.
import { expect, it } from 'vitest';
import type { AccountRecord, PasskeyRecord, Store } from '../types.js';

function account(id: string): AccountRecord {
  return { id, userHandle: `uh-${id}`, displayName: `User ${id}`, createdAt: 1_000 };
}

function passkey(id: string, accountId: string, extra: Partial<PasskeyRecord> = {}): PasskeyRecord {
  return {
    id,
    accountId,
    credentialId: `cred-${id}`,
    publicKey: 'pk',
    counter: 0,
    transports: ['internal'],
    deviceType: 'singleDevice',
    backupEligible: false,
    backedUp: false,
    aaguid: '00000000-0000-0000-0000-000000000000',
    name: `Passkey ${id}`,
    createdAt: 1_000,
    lastUsedAt: null,
    ...extra,
  };
}

export function accountsContract(getStore: () => Store): void {
  it('accounts: creates an account with its first passkey and reads them back', async () => {
    const store = getStore();
    await store.accounts.create(account('a1'), passkey('p1', 'a1', { transports: ['internal', 'hybrid'], backupEligible: true }));
    expect(await store.accounts.get('a1')).toEqual(account('a1'));
    const found = await store.accounts.passkeyByCredentialId('cred-p1');
    expect(found).toEqual(passkey('p1', 'a1', { transports: ['internal', 'hybrid'], backupEligible: true }));
    expect(await store.accounts.passkeyByCredentialId('nope')).toBeUndefined();
  });

  it('accounts: records use and renames, scoped to the owner', async () => {
    const store = getStore();
    await store.accounts.create(account('a1'), passkey('p1', 'a1'));
    await store.accounts.recordPasskeyUse('p1', { counter: 7, backedUp: true, usedAt: 5_000 });
    const p = await store.accounts.passkeyByCredentialId('cred-p1');
    expect([p?.counter, p?.backedUp, p?.lastUsedAt]).toEqual([7, true, 5_000]);
    expect(await store.accounts.renamePasskey('other', 'p1', 'x')).toBe(false);
    expect(await store.accounts.renamePasskey('a1', 'p1', 'Phone')).toBe(true);
    expect((await store.accounts.listPasskeys('a1'))[0]?.name).toBe('Phone');
  });

  it('accounts: never removes the last passkey, and only the owner removes one', async () => {
    const store = getStore();
    await store.accounts.create(account('a1'), passkey('p1', 'a1'));
    await store.accounts.create(account('a2'), passkey('q1', 'a2'));
    await store.accounts.addPasskey(passkey('p2', 'a1', { createdAt: 2_000 }));
    expect(await store.accounts.removePasskey('a2', 'p1')).toBe('not_found');
    expect(await store.accounts.removePasskey('a1', 'p1')).toBe('removed');
    expect(await store.accounts.removePasskey('a1', 'p2')).toBe('last');
    expect((await store.accounts.listPasskeys('a1')).map((p) => p.id)).toEqual(['p2']);
  });

  it('challenges: are consumed once, for their purpose, before they expire', async () => {
    const store = getStore();
    const base = { accountId: null, userHandle: 'uh', displayName: null };
    await store.webauthnChallenges.put({ challenge: 'c1', purpose: 'registration', expiresAt: 10_000, ...base });
    await store.webauthnChallenges.put({ challenge: 'c2', purpose: 'authentication', expiresAt: 10_000, ...base });
    await store.webauthnChallenges.put({ challenge: 'c3', purpose: 'authentication', expiresAt: 2_000, ...base });
    expect(await store.webauthnChallenges.consume('c1', 'registration', 5_000)).toMatchObject({ challenge: 'c1', userHandle: 'uh' });
    expect(await store.webauthnChallenges.consume('c1', 'registration', 5_000)).toBeUndefined();
    // A challenge presented for another purpose is burnt, not reusable.
    expect(await store.webauthnChallenges.consume('c2', 'registration', 5_000)).toBeUndefined();
    expect(await store.webauthnChallenges.consume('c2', 'authentication', 5_000)).toBeUndefined();
    expect(await store.webauthnChallenges.consume('c3', 'authentication', 5_000)).toBeUndefined();
    const results = await Promise.all(
      [1, 2, 3].map(async () => {
        await store.webauthnChallenges.put({ challenge: `race`, purpose: 'authentication', expiresAt: 10_000, ...base }).catch(() => {});
        return store.webauthnChallenges.consume('race', 'authentication', 5_000);
      }),
    );
    expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    expect(await store.webauthnChallenges.purgeExpired(20_000)).toBe(0);
  });

  it('sessions: create, touch, expire and delete', async () => {
    const store = getStore();
    await store.accounts.create(account('a1'), passkey('p1', 'a1'));
    const s = { idHash: 'h1', accountId: 'a1', csrfToken: 't', createdAt: 1_000, lastSeenAt: 1_000, expiresAt: 100_000, passkeyId: 'p1' };
    await store.sessions.create(s);
    await store.sessions.create({ ...s, idHash: 'h2' });
    await store.sessions.touch('h1', 9_000);
    expect(await store.sessions.get('h1')).toEqual({ ...s, lastSeenAt: 9_000 });
    expect(await store.sessions.purgeExpired(10_000, 5_000)).toBe(1);
    expect(await store.sessions.get('h2')).toBeUndefined();
    await store.sessions.delete('h1');
    expect(await store.sessions.get('h1')).toBeUndefined();
    await store.sessions.create({ ...s, idHash: 'h3' });
    expect(await store.sessions.deleteForAccount('a1')).toBe(1);
  });

  it("sessions: a lost passkey's sessions end with those of unknown device, never the asking one or another account's", async () => {
    const store = getStore();
    await store.accounts.create(account('a1'), passkey('p1', 'a1'));
    await store.accounts.create(account('a2'), passkey('q1', 'a2'));
    const s = { accountId: 'a1', csrfToken: 't', createdAt: 1_000, lastSeenAt: 1_000, expiresAt: 100_000 };
    await store.sessions.create({ ...s, idHash: 'lost-1', passkeyId: 'p1' });
    await store.sessions.create({ ...s, idHash: 'lost-2', passkeyId: 'p1' });
    await store.sessions.create({ ...s, idHash: 'older', passkeyId: null });
    await store.sessions.create({ ...s, idHash: 'asking', passkeyId: 'p2' });
    await store.sessions.create({ ...s, idHash: 'asking-too', passkeyId: null });
    await store.sessions.create({ ...s, accountId: 'a2', idHash: 'other', passkeyId: 'p1' });
    expect(await store.sessions.deleteForPasskey('a1', 'p2', { keep: 'asking', unknownDevice: false })).toBe(0);
    expect(await store.sessions.deleteForPasskey('a1', 'p1', { keep: 'asking-too', unknownDevice: true })).toBe(3);
    for (const gone of ['lost-1', 'lost-2', 'older']) expect(await store.sessions.get(gone)).toBeUndefined();
    for (const kept of ['asking', 'asking-too', 'other']) expect(await store.sessions.get(kept)).toBeDefined();
    expect((await store.sessions.get('asking'))?.passkeyId).toBe('p2');
  });
}
