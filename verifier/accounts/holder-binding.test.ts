// A credential received by a signed-in wallet binds its holder key to the citizen's account; without a session the
// key stays unbound (and its later presentations cannot be attributed, which the presentation checks refuse).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jwkThumbprint } from '../../shared/crypto/jwk.js';
import { createNodeCryptoProvider } from '../crypto/node-crypto.js';
import { seedDemo } from '../registry/demo-seed.js';
import { registryDepsFrom } from '../routes/deps.js';
import { dukcapilClaims, holderKey, runIssuance, type Requester } from '../../test/support/issuance.js';
import { ORIGIN, registerCitizen } from '../../test/support/citizen.js';
import { createTestApp, TEST_KEK, type TestApp } from '../../test/support/test-app.js';


describe('holder-key binding at issuance', () => {
  let t: TestApp;
  let keys: Record<string, string>;
  const now = Date.UTC(2026, 0, 15, 3, 0, 0);

  beforeEach(async () => {
    t = await createTestApp({ now: () => now });
    keys = await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store, now: () => now }).ctx);
  });
  afterEach(async () => t.close());

  const signedInCookie = () => registerCitizen((path, init) => Promise.resolve(t.app.request(path, init)));

  const issue = async (request: Requester) => {
    const holder = holderKey();
    await runIssuance({
      request,
      agencyId: 'dukcapil',
      apiKey: keys.dukcapil!,
      offer: { credentialType: 'ktp-el', claims: dukcapilClaims },
      holder,
      nowSeconds: () => Math.floor(now / 1000),
      issuerUrl: `${ORIGIN}/issuers/dukcapil`,
    });
    return jwkThumbprint(holder.publicJwk, createNodeCryptoProvider());
  };

  it('binds the holder key to the account whose session made the credential request', async () => {
    const session = await signedInCookie();
    const thumbprint = await issue(async (path, init) =>
      t.app.request(path, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: session.cookie } }),
    );
    expect(await t.store.holderBindings.accountFor(thumbprint)).toBe(session.accountId);
  });

  it('leaves the key unbound without a session', async () => {
    const thumbprint = await issue(async (path, init) => t.app.request(path, init));
    expect(await t.store.holderBindings.accountFor(thumbprint)).toBeUndefined();
  });
});
