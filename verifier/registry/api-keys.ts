// Agency API keys: `sahih_live_<keyid>_<secret>`, shown once; the store keeps SHA-256(secret) and compares in
// constant time. The key id part finds the row without scanning, the secret part proves possession.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';
import type { AgencyRecord, ApiKeyRecord } from '../store/types.js';
import type { RegistryContext } from './context.js';

const PREFIX = 'sahih_live_';
const KEY_FORMAT = /^sahih_live_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/** last_used_at is written at most this often per key. */
const TOUCH_INTERVAL_MS = 60_000;

export interface CreatedApiKey {
  record: Omit<ApiKeyRecord, 'secretHash'>;
  /** The only time the plaintext exists outside the caller. */
  apiKey: string;
}

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url');

export async function createApiKey(ctx: RegistryContext, agencyId: string, label: string): Promise<CreatedApiKey> {
  if (!(await ctx.store.agencies.get(agencyId))) throw new AppError('not_found', { detail: `No agency ${agencyId}.` });
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const record: ApiKeyRecord = { id, agencyId, secretHash: hashSecret(secret), label, createdAt: ctx.now(), revokedAt: null, lastUsedAt: null };
  await ctx.store.apiKeys.create(record);
  const { secretHash: _omit, ...visible } = record;
  return { record: visible, apiKey: `${PREFIX}${id}_${secret}` };
}

export async function revokeApiKey(ctx: RegistryContext, agencyId: string, keyId: string): Promise<void> {
  if (!(await ctx.store.apiKeys.revoke(agencyId, keyId, ctx.now()))) {
    throw new AppError('not_found', { detail: `No active API key ${keyId} for agency ${agencyId}.` });
  }
}

export async function listApiKeys(ctx: RegistryContext, agencyId: string): Promise<Omit<ApiKeyRecord, 'secretHash'>[]> {
  return (await ctx.store.apiKeys.list(agencyId)).map(({ secretHash: _omit, ...rest }) => rest);
}

/** Resolves a presented API key to its (active) agency, or throws invalid_api_key / agency_suspended. */
export async function authenticateApiKey(ctx: RegistryContext, presented: string | undefined): Promise<{ agency: AgencyRecord; keyId: string }> {
  const invalid = () => new AppError('invalid_api_key', { detail: 'Send a valid agency API key as a Bearer token.', headers: { 'www-authenticate': 'Bearer' } });
  const match = presented ? KEY_FORMAT.exec(presented) : null;
  if (!match) throw invalid();
  const [, keyId, secret] = match as unknown as [string, string, string];
  const record = await ctx.store.apiKeys.get(keyId);
  const expected = Buffer.from(record?.secretHash ?? hashSecret('dummy'), 'base64url');
  const actual = Buffer.from(hashSecret(secret), 'base64url');
  const same = timingSafeEqual(expected, actual);
  if (!record || !same || record.revokedAt !== null) throw invalid();
  const agency = await ctx.store.agencies.get(record.agencyId);
  if (!agency) throw invalid();
  if (agency.status !== 'active') throw new AppError('agency_suspended', { detail: `Agency ${agency.id} is suspended.` });
  const now = ctx.now();
  await ctx.store.apiKeys.touch(keyId, now, now - TOUCH_INTERVAL_MS);
  return { agency, keyId };
}
