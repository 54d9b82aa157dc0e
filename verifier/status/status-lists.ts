// Token Status Lists per agency (draft-ietf-oauth-status-list): random index allocation for new credentials,
// suspend / reinstate / revoke, and the signed Status List Token, re-signed whenever an entry changes.
import { randomBytes } from 'node:crypto';
import { randomBelow } from '../../shared/crypto/random.js';
import { StatusList, STATUS_INVALID, STATUS_SUSPENDED, STATUS_VALID, type StatusBits } from '../../shared/status/status-list.js';
import { signStatusListToken } from '../../shared/status/status-token.js';
import { AppError } from '../errors.js';
import { agencySigner } from '../registry/agency-keys.js';
import { issuerIdentifier, type RegistryContext, type StoreView } from '../registry/context.js';
import type { CredentialStatusValue, IssuedCredentialRecord, StatusListRecord } from '../store/types.js';

/** 2 bits: VALID, INVALID (revoked), SUSPENDED. 2^17 entries is a 32 KiB list (tiny once compressed). */
export const STATUS_BITS: StatusBits = 2;
export const STATUS_LIST_SIZE = 1 << 17;
/** A list is closed for new entries at half capacity, so random draws rarely collide and indices stay unguessable. */
const FILL_LIMIT = STATUS_LIST_SIZE / 2;
/** How long relying parties may cache a list (`ttl` claim and Cache-Control max-age). */
export const STATUS_LIST_TTL_SECONDS = 300;
/** Lifetime of a signed token; it is re-signed on every change and well before it expires. */
export const STATUS_TOKEN_LIFETIME_SECONDS = 24 * 3600;

export type CredentialStatusName = 'valid' | 'suspended' | 'revoked';
export type StatusAction = 'suspend' | 'reinstate' | 'revoke';

export const statusListUri = (publicUrl: string, listId: string) => `${publicUrl}/v1/status-lists/${listId}`;

const nameOf = (status: number): CredentialStatusName => (status === STATUS_INVALID ? 'revoked' : status === STATUS_SUSPENDED ? 'suspended' : 'valid');

/** Picks a random free index in the agency's current list (opening a new list when it is full). Call inside a transaction. */
export async function allocateStatusEntry(tx: StoreView, ctx: Pick<RegistryContext, 'crypto' | 'now'>, agencyId: string) {
  let list = await tx.statusLists.current(agencyId);
  if (!list || (await tx.issuedCredentials.countInList(list.id)) >= FILL_LIMIT) {
    const fresh: StatusListRecord = {
      id: `${agencyId}-${randomBytes(6).toString('hex')}`,
      agencyId,
      bits: STATUS_BITS,
      size: STATUS_LIST_SIZE,
      token: null,
      tokenIssuedAt: null,
      tokenExpiresAt: null,
      createdAt: ctx.now(),
    };
    await tx.statusLists.create(fresh);
    list = fresh;
  }
  for (let attempt = 0; attempt < 64; attempt++) {
    const index = randomBelow(list.size, ctx.crypto);
    if (!(await tx.issuedCredentials.indexTaken(list.id, index))) return { statusListId: list.id, statusIndex: index };
  }
  throw new AppError('service_unavailable', { detail: 'Could not allocate a status list entry; try again.' });
}

export function describeCredential(ctx: Pick<RegistryContext, 'publicUrl'>, c: IssuedCredentialRecord) {
  return {
    credentialId: c.id,
    credentialType: c.credentialTypeId,
    status: nameOf(c.status),
    statusList: { uri: statusListUri(ctx.publicUrl, c.statusListId), idx: c.statusIndex },
    issuedAt: c.issuedAt,
    expiresAt: c.expiresAt,
    updatedAt: c.updatedAt,
    agencyRef: c.agencyRef ?? null,
  };
}

export async function getCredentialStatus(ctx: RegistryContext, agencyId: string, credentialId: string) {
  const credential = await ctx.store.issuedCredentials.get(agencyId, credentialId);
  if (!credential) throw new AppError('not_found', { detail: `No credential ${credentialId} issued by ${agencyId}.` });
  return describeCredential(ctx, credential);
}

/** Suspend, reinstate or revoke (final). The list's cached token is dropped in the same transaction and re-signed. */
export async function changeCredentialStatus(ctx: RegistryContext, agencyId: string, credentialId: string, action: StatusAction) {
  const target: CredentialStatusValue = action === 'revoke' ? STATUS_INVALID : action === 'suspend' ? STATUS_SUSPENDED : STATUS_VALID;
  const listId = await ctx.store.transaction(async (tx) => {
    const credential = await tx.issuedCredentials.get(agencyId, credentialId);
    if (!credential) throw new AppError('not_found', { detail: `No credential ${credentialId} issued by ${agencyId}.` });
    if (credential.status === STATUS_INVALID && target !== STATUS_INVALID) {
      throw new AppError('credential_revoked', { detail: 'A revoked credential cannot be suspended or reinstated.' });
    }
    if (credential.status !== target) {
      await tx.issuedCredentials.setStatus(agencyId, credentialId, target, ctx.now());
      await tx.statusLists.clearToken(credential.statusListId);
    }
    return credential.statusListId;
  });
  await statusListToken(ctx, listId);
  return getCredentialStatus(ctx, agencyId, credentialId);
}

export interface ServedStatusList {
  token: string;
  issuedAt: number;
  expiresAt: number;
  ttlSeconds: number;
}

/** The current signed Status List Token for a list, signing a new one when it changed or nears expiry. */
export async function statusListToken(ctx: RegistryContext, listId: string): Promise<ServedStatusList> {
  const now = ctx.now();
  const list = await ctx.store.statusLists.get(listId);
  if (!list) throw new AppError('not_found', { detail: `No status list ${listId}.` });
  const fresh = list.token !== null && list.tokenExpiresAt !== null && list.tokenExpiresAt - now > STATUS_TOKEN_LIFETIME_SECONDS * 500;
  if (fresh) return { token: list.token!, issuedAt: list.tokenIssuedAt!, expiresAt: list.tokenExpiresAt!, ttlSeconds: STATUS_LIST_TTL_SECONDS };
  return ctx.store.transaction(async (tx) => {
    const entries = await tx.issuedCredentials.nonValidEntries(list.id);
    const encoded = StatusList.create(list.size, list.bits as StatusBits);
    for (const { index, status } of entries) encoded.set(index, status);
    const { signer } = await agencySigner(ctx, tx, list.agencyId);
    const issuedAt = Math.floor(now / 1000);
    const expiresAt = issuedAt + STATUS_TOKEN_LIFETIME_SECONDS;
    const token = await signStatusListToken({
      uri: statusListUri(ctx.publicUrl, list.id),
      issuer: issuerIdentifier(ctx.publicUrl, list.agencyId),
      list: encoded,
      issuedAt,
      expiresAt,
      ttlSeconds: STATUS_LIST_TTL_SECONDS,
      signer,
    });
    await tx.statusLists.setToken(list.id, token, issuedAt * 1000, expiresAt * 1000);
    return { token, issuedAt: issuedAt * 1000, expiresAt: expiresAt * 1000, ttlSeconds: STATUS_LIST_TTL_SECONDS };
  });
}
