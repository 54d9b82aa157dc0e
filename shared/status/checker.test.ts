// The status checker: fetch + verify + cache honouring ttl/exp, status mapping, and failing closed.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Es256PublicJwk, Signer } from '../crypto/types.js';
import { createWebCryptoProvider, generateEs256KeyPair, webCryptoSigner } from '../crypto/webcrypto.js';
import { createStatusChecker, interpretStatus } from './checker.js';
import { StatusList } from './status-list.js';
import { signStatusListToken } from './status-token.js';

const crypto = createWebCryptoProvider();
const URI = 'https://issuer.example/status/7';
const T0 = 1_760_000_000;
let signer: Signer;
let publicJwk: Es256PublicJwk;

beforeAll(async () => {
  const pair = await generateEs256KeyPair();
  signer = webCryptoSigner(pair.privateKey);
  publicJwk = pair.publicJwk;
});

function listWith(entries: Record<number, number>): StatusList {
  const list = StatusList.create(64, 2);
  for (const [index, status] of Object.entries(entries)) list.set(Number(index), status);
  return list;
}

/** A fake network: counts fetches and serves whatever token is current. */
function server() {
  const state = { token: '', fetches: 0, down: false };
  return {
    state,
    fetch: async (uri: string) => {
      state.fetches++;
      if (state.down || uri !== URI) throw new Error('unreachable');
      return state.token;
    },
  };
}

describe('createStatusChecker', () => {
  it('maps 0/1/2/3 to valid, revoked, suspended, status_unknown', async () => {
    const net = server();
    net.state.token = await signStatusListToken({ uri: URI, list: listWith({ 1: 1, 2: 2, 3: 3 }), issuedAt: T0, signer });
    const checker = createStatusChecker({ fetch: net.fetch, crypto, resolveKey: () => publicJwk, now: () => T0 });
    expect(await checker.check({ uri: URI, idx: 0 })).toEqual({ ok: true, status: 0 });
    expect(await checker.check({ uri: URI, idx: 1 })).toMatchObject({ ok: false, code: 'revoked' });
    expect(await checker.check({ uri: URI, idx: 2 })).toMatchObject({ ok: false, code: 'suspended' });
    expect(await checker.check({ uri: URI, idx: 3 })).toMatchObject({ ok: false, code: 'status_unknown', status: 3 });
    expect(net.state.fetches).toBe(1);
  });

  it('caches for ttl, then fetches again and sees a revocation', async () => {
    const net = server();
    let now = T0;
    net.state.token = await signStatusListToken({ uri: URI, list: listWith({}), issuedAt: T0, ttlSeconds: 600, signer });
    const checker = createStatusChecker({ fetch: net.fetch, crypto, resolveKey: () => publicJwk, now: () => now });
    expect((await checker.check({ uri: URI, idx: 5 })).ok).toBe(true);
    net.state.token = await signStatusListToken({ uri: URI, list: listWith({ 5: 1 }), issuedAt: T0 + 100, ttlSeconds: 600, signer });
    now = T0 + 599;
    expect((await checker.check({ uri: URI, idx: 5 })).ok).toBe(true);
    expect(net.state.fetches).toBe(1);
    now = T0 + 600;
    expect(await checker.check({ uri: URI, idx: 5 })).toMatchObject({ ok: false, code: 'revoked' });
    expect(net.state.fetches).toBe(2);
  });

  it('never caches past exp, even when ttl is longer', async () => {
    const net = server();
    let now = T0;
    net.state.token = await signStatusListToken({ uri: URI, list: listWith({}), issuedAt: T0, expiresAt: T0 + 30, ttlSeconds: 3600, signer });
    const checker = createStatusChecker({ fetch: net.fetch, crypto, resolveKey: () => publicJwk, now: () => now, skewSeconds: 0 });
    await checker.check({ uri: URI, idx: 0 });
    now = T0 + 29;
    await checker.check({ uri: URI, idx: 0 });
    expect(net.state.fetches).toBe(1);
    now = T0 + 31;
    // Refetched; the server still serves the expired token, so the answer is unavailable, not valid.
    expect(await checker.check({ uri: URI, idx: 0 })).toMatchObject({ ok: false, code: 'status_unavailable' });
    expect(net.state.fetches).toBe(2);
  });

  it('uses the default ttl when the token has none, capped by maxTtlSeconds', async () => {
    const net = server();
    let now = T0;
    net.state.token = await signStatusListToken({ uri: URI, list: listWith({}), issuedAt: T0, signer });
    const checker = createStatusChecker({ fetch: net.fetch, crypto, resolveKey: () => publicJwk, now: () => now, defaultTtlSeconds: 60 });
    await checker.check({ uri: URI, idx: 0 });
    now = T0 + 61;
    await checker.check({ uri: URI, idx: 0 });
    expect(net.state.fetches).toBe(2);
    const capped = createStatusChecker({ fetch: net.fetch, crypto, resolveKey: () => publicJwk, now: () => now, maxTtlSeconds: 10 });
    net.state.token = await signStatusListToken({ uri: URI, list: listWith({}), issuedAt: T0, ttlSeconds: 10_000, signer });
    await capped.check({ uri: URI, idx: 0 });
    now += 11;
    await capped.check({ uri: URI, idx: 0 });
    expect(net.state.fetches).toBe(4);
  });

  it('shares one fetch between concurrent checks', async () => {
    const net = server();
    net.state.token = await signStatusListToken({ uri: URI, list: listWith({}), issuedAt: T0, signer });
    const checker = createStatusChecker({ fetch: net.fetch, crypto, resolveKey: () => publicJwk, now: () => T0 });
    await Promise.all(Array.from({ length: 10 }, (_, idx) => checker.check({ uri: URI, idx })));
    expect(net.state.fetches).toBe(1);
  });

  it('fails closed: unreachable, bad signature, wrong typ, wrong sub, untrusted, garbage → status_unavailable', async () => {
    const other = await generateEs256KeyPair();
    const cases: [string, () => Promise<string>, Es256PublicJwk | undefined][] = [
      ['unreachable', () => Promise.reject(new Error('ECONNRESET')), publicJwk],
      ['foreign signer', () => signStatusListToken({ uri: URI, list: listWith({}), issuedAt: T0, signer: webCryptoSigner(other.privateKey) }), publicJwk],
      ['untrusted', () => signStatusListToken({ uri: URI, list: listWith({}), issuedAt: T0, signer }), undefined],
      ['other sub', () => signStatusListToken({ uri: `${URI}/x`, list: listWith({}), issuedAt: T0, signer }), publicJwk],
      ['garbage', async () => 'not a jwt', publicJwk],
      ['not a string', async () => ({}) as string, publicJwk],
    ];
    for (const [name, fetch, key] of cases) {
      const checker = createStatusChecker({ fetch, crypto, resolveKey: () => key, now: () => T0 });
      expect(await checker.check({ uri: URI, idx: 0 }), name).toMatchObject({ ok: false, code: 'status_unavailable' });
    }
  });

  it('does not cache failures: the next check fetches again', async () => {
    const net = server();
    net.state.down = true;
    net.state.token = await signStatusListToken({ uri: URI, list: listWith({}), issuedAt: T0, signer });
    const checker = createStatusChecker({ fetch: net.fetch, crypto, resolveKey: () => publicJwk, now: () => T0 });
    expect((await checker.check({ uri: URI, idx: 0 })).ok).toBe(false);
    net.state.down = false;
    expect((await checker.check({ uri: URI, idx: 0 })).ok).toBe(true);
  });

  it('interpretStatus treats application-specific values as unknown', () => {
    expect(interpretStatus(0x0c)).toMatchObject({ ok: false, code: 'status_unknown' });
  });
});
