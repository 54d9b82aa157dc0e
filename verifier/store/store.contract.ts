// The store contract: every Store implementation (SQLite now, PostgreSQL later) must pass these tests.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountsContract } from './contract/accounts.contract.js';
import { agenciesContract } from './contract/agencies.contract.js';
import { agencyKeysContract } from './contract/agency-keys.contract.js';
import { apiKeysContract } from './contract/api-keys.contract.js';
import { credentialOffersContract } from './contract/credential-offers.contract.js';
import { credentialTypesContract } from './contract/credential-types.contract.js';
import { issuanceNoncesContract } from './contract/issuance-nonces.contract.js';
import { issuedCredentialsContract } from './contract/issued-credentials.contract.js';
import { purposesContract } from './contract/purposes.contract.js';
import { statusListsContract } from './contract/status-lists.contract.js';
import { accessEventsContract } from './contract/access-events.contract.js';
import { holderBindingsContract } from './contract/holder-bindings.contract.js';
import { logContract } from './contract/log.contract.js';
import { rightsRequestsContract } from './contract/rights-requests.contract.js';
import { accountBackupsContract } from './contract/account-backups.contract.js';
import { accountErasureContract } from './contract/account-erasure.contract.js';
import { reissueContract } from './contract/reissue.contract.js';
import { citizenVoiceContract } from './contract/citizen-voice.contract.js';
import { presentationRequestsContract } from './contract/presentation-requests.contract.js';
import { consentsContract } from './contract/consents.contract.js';
import { webhooksContract } from './contract/webhooks.contract.js';
import { registryCacheContract } from './contract/registry-cache.contract.js';
import { verifyNoncesContract } from './contract/verify-nonces.contract.js';
import { externalIssuersContract } from './contract/external-issuers.contract.js';
import { x509Contract } from './contract/x509.contract.js';
import { holderKeysContract } from './contract/holder-keys.contract.js';
import type { Store } from './types.js';

export interface StoreHarness {
  /** Opens a fresh, migrated, empty store. */
  open(): Promise<Store>;
  /** Opens the same database again: after close(), as a restarted process would, or alongside, as another process. */
  reopen(): Promise<Store>;
  cleanup?(): Promise<void>;
}

export function storeContract(name: string, harness: () => StoreHarness): void {
  describe(`Store contract: ${name}`, () => {
    let h: StoreHarness;
    let store: Store;

    beforeEach(async () => {
      h = harness();
      store = await h.open();
    });
    afterEach(async () => {
      await store.close();
      await h.cleanup?.();
    });

    accountsContract(() => store);
    agenciesContract(() => store);
    agencyKeysContract(() => store);
    apiKeysContract(() => store);
    credentialOffersContract(() => store);
    credentialTypesContract(() => store);
    issuanceNoncesContract(() => store);
    issuedCredentialsContract(() => store);
    purposesContract(() => store);
    statusListsContract(() => store);
    logContract(() => store);
    accessEventsContract(() => store);
    holderBindingsContract(() => store);
    rightsRequestsContract(() => store);
    accountBackupsContract(() => store);
    accountErasureContract(() => store);
    reissueContract(() => store);
    citizenVoiceContract(() => store);
    presentationRequestsContract(() => store);
    consentsContract(() => store);
    webhooksContract(() => store);
    registryCacheContract(() => store, () => h.reopen());
    verifyNoncesContract(() => store);
    externalIssuersContract(() => store);
    x509Contract(() => store);
    holderKeysContract(() => store);

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('stores, reads and overwrites settings', async () => {
      expect(await store.settings.get('k')).toBeUndefined();
      await store.settings.set('k', 'v1');
      expect(await store.settings.get('k')).toBe('v1');
      await store.settings.set('k', 'v2');
      expect(await store.settings.get('k')).toBe('v2');
    });

    it('setIfAbsent sets only once', async () => {
      expect(await store.settings.setIfAbsent('once', 'a')).toBe(true);
      expect(await store.settings.setIfAbsent('once', 'b')).toBe(false);
      expect(await store.settings.get('once')).toBe('a');
    });

    it('commits a transaction as a whole', async () => {
      await store.transaction(async (tx) => {
        await tx.settings.set('t1', 'x');
        await tx.settings.set('t2', 'y');
      });
      expect(await store.settings.get('t1')).toBe('x');
      expect(await store.settings.get('t2')).toBe('y');
    });

    it('rolls a failed transaction back entirely', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.settings.set('r1', 'x');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.settings.get('r1')).toBeUndefined();
    });

    it('keeps acknowledged writes across a restart', async () => {
      for (let i = 0; i < 50; i++) await store.settings.set(`durable-${i}`, String(i));
      await store.close();
      store = await h.reopen();
      for (let i = 0; i < 50; i++) expect(await store.settings.get(`durable-${i}`)).toBe(String(i));
    });

    it('is idempotent about migrations on reopen', async () => {
      await store.settings.set('m', '1');
      await store.close();
      store = await h.reopen();
      await store.close();
      store = await h.reopen();
      expect(await store.settings.get('m')).toBe('1');
    });
  });
}
