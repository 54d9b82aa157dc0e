// Agency ES256 signing keys: generated here, private half sealed under the KEK; rotation retires the old key, which
// stays published (and so keeps verifying) until the last credential it signed has expired.
import { createHash, generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import type { Es256PublicJwk, Signer } from '../../shared/crypto/types.js';
import { AppError } from '../errors.js';
import { nodeSigner } from '../crypto/node-crypto.js';
import type { AgencyKeyRecord } from '../store/types.js';
import { requireSealer, type RegistryContext, type StoreView } from './context.js';
import type { Sealer } from './sealer.js';

/** Retired keys stay published at least this long (covers status list tokens and clock skew). */
export const RETIRED_KEY_GRACE_MS = 2 * 24 * 3600 * 1000;

export interface PublishedJwk extends Es256PublicJwk {
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

/** Makes a new key record for the agency, private JWK sealed with the kid as associated data. */
export function generateAgencyKey(sealer: Sealer, agencyId: string, now: number): AgencyKeyRecord {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pub = publicKey.export({ format: 'jwk' });
  const thumb = createHash('sha256')
    .update(`{"crv":"P-256","kty":"EC","x":"${pub.x}","y":"${pub.y}"}`)
    .digest('base64url');
  const kid = `${agencyId}-${thumb.slice(0, 16)}-${randomBytes(3).toString('hex')}`;
  return {
    kid,
    agencyId,
    publicJwk: JSON.stringify({ kty: 'EC', crv: 'P-256', x: pub.x, y: pub.y }),
    privateJwkSealed: sealer.seal('agency-key', kid, JSON.stringify(privateKey.export({ format: 'jwk' }))),
    status: 'active',
    createdAt: now,
    retiredAt: null,
    verifyUntil: null,
  };
}

/** Rotates inside the caller's transaction: the active key retires, a fresh key becomes active. Returns the new kid. */
export async function rotateAgencyKey(ctx: RegistryContext, agencyId: string): Promise<string> {
  const sealer = requireSealer(ctx);
  const now = ctx.now();
  return ctx.store.transaction(async (tx) => {
    if (!(await tx.agencies.get(agencyId))) throw new AppError('not_found', { detail: `No agency ${agencyId}.` });
    const old = await tx.agencyKeys.active(agencyId);
    if (old) {
      const lastExpiry = (await tx.issuedCredentials.latestExpiryForKid(old.kid)) ?? 0;
      await tx.agencyKeys.retire(old.kid, now, Math.max(lastExpiry, now) + RETIRED_KEY_GRACE_MS);
    }
    const fresh = generateAgencyKey(sealer, agencyId, now);
    await tx.agencyKeys.insert(fresh);
    // Lists signed by the retired key re-sign with the new one on their next read.
    const list = await tx.statusLists.current(agencyId);
    if (list) await tx.statusLists.clearToken(list.id);
    return fresh.kid;
  });
}

/** The signer for the agency's active key. */
export async function agencySigner(ctx: Pick<RegistryContext, 'sealer'>, store: StoreView, agencyId: string): Promise<{ signer: Signer; kid: string }> {
  const sealer = requireSealer(ctx);
  const key = await store.agencyKeys.active(agencyId);
  if (!key) throw new AppError('service_unavailable', { detail: `Agency ${agencyId} has no active signing key.` });
  const privateJwk = JSON.parse(sealer.open('agency-key', key.kid, key.privateJwkSealed)) as JsonWebKey;
  return { signer: nodeSigner(privateJwk, { kid: key.kid }), kid: key.kid };
}

/** Keys that verify now: the active key and retired keys within their verify-until time. */
export async function publishedAgencyKeys(store: StoreView, agencyId: string, now: number): Promise<PublishedJwk[]> {
  const keys = await store.agencyKeys.list(agencyId);
  return keys.filter((k) => k.status === 'active' || (k.verifyUntil !== null && k.verifyUntil > now)).map(publishedJwk);
}

// The registry cache hands out the same frozen row until anything could have changed it (verifier/store/
// registry-cache.ts), so a key parsed from a frozen row is kept for as long as that row object lives: every
// verification reads the issuer's keys, and parsing them each time was measurable.
const parsedKeys = new WeakMap<AgencyKeyRecord, PublishedJwk>();

function publishedJwk(key: AgencyKeyRecord): PublishedJwk {
  const cached = parsedKeys.get(key);
  if (cached) return cached;
  const jwk: PublishedJwk = Object.freeze({ ...(JSON.parse(key.publicJwk) as Es256PublicJwk), kid: key.kid, alg: 'ES256', use: 'sig' });
  if (Object.isFrozen(key)) parsedKeys.set(key, jwk);
  return jwk;
}
