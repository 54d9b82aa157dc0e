// Contract for the credential offers repository: single-use redemption and issuance, tx_code limits, claim purging.
import { expect, it } from 'vitest';
import type { Store } from '../types.js';
import { offerRecord } from './registry-fixtures.js';

export function credentialOffersContract(getStore: () => Store): void {
  it('offers: redeem and issue exactly once, only while live', async () => {
    const store = getStore();
    await store.credentialOffers.create(offerRecord('o1'));
    expect(await store.credentialOffers.get('a1', 'o1')).toEqual(offerRecord('o1'));
    expect(await store.credentialOffers.get('a2', 'o1')).toBeUndefined();
    expect((await store.credentialOffers.byPreAuthCodeHash('code-o1'))?.id).toBe('o1');
    expect(await store.credentialOffers.redeem('o1', 'at', 3_000, 6_000)).toBe(false); // expired
    const results = await Promise.all([store.credentialOffers.redeem('o1', 'at1', 3_000, 2_000), store.credentialOffers.redeem('o1', 'at2', 3_000, 2_000)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const token = results[0] ? 'at1' : 'at2';
    expect((await store.credentialOffers.byAccessTokenHash(token))?.redeemedAt).toBe(2_000);
    expect(await store.credentialOffers.markIssued('o1', 3_500)).toBe(false); // access token lapsed
    expect(await store.credentialOffers.markIssued('o1', 2_500)).toBe(true);
    expect(await store.credentialOffers.markIssued('o1', 2_600)).toBe(false);
    expect((await store.credentialOffers.get('a1', 'o1'))).toMatchObject({ issuedAt: 2_500, claimsSealed: null });
  });

  it('offers: counts wrong tx_codes and cancels at the limit, dropping the claims', async () => {
    const store = getStore();
    await store.credentialOffers.create(offerRecord('o2', { txCodeHash: 'tx' }));
    expect(await store.credentialOffers.recordFailedTxCode('o2', 3, 1_100)).toBe(1);
    expect(await store.credentialOffers.recordFailedTxCode('o2', 3, 1_200)).toBe(2);
    expect(await store.credentialOffers.recordFailedTxCode('o2', 3, 1_300)).toBe(3);
    expect(await store.credentialOffers.get('a1', 'o2')).toMatchObject({ cancelledAt: 1_300, claimsSealed: null });
    expect(await store.credentialOffers.recordFailedTxCode('o2', 3, 1_400)).toBe(0);
    expect(await store.credentialOffers.redeem('o2', 'x', 9_000, 1_500)).toBe(false);
  });

  it('offers: purges sealed claims of expired, cancelled and lapsed offers only', async () => {
    const store = getStore();
    await store.credentialOffers.create(offerRecord('live', { expiresAt: 9_000 }));
    await store.credentialOffers.create(offerRecord('expired', { expiresAt: 2_000 }));
    await store.credentialOffers.create(offerRecord('lapsed', { expiresAt: 9_000, redeemedAt: 1_500, accessTokenHash: 'l', accessTokenExpiresAt: 2_500 }));
    await store.credentialOffers.create(offerRecord('redeemed', { expiresAt: 2_000, redeemedAt: 1_500, accessTokenHash: 'r', accessTokenExpiresAt: 9_000 }));
    expect(await store.credentialOffers.purgeStaleClaims(3_000)).toBe(2);
    expect((await store.credentialOffers.get('a1', 'live'))?.claimsSealed).toBe('sealed');
    expect((await store.credentialOffers.get('a1', 'redeemed'))?.claimsSealed).toBe('sealed');
    expect((await store.credentialOffers.get('a1', 'expired'))?.claimsSealed).toBeNull();
    expect((await store.credentialOffers.get('a1', 'lapsed'))?.claimsSealed).toBeNull();
  });
}
