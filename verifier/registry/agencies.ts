// Registering agencies (operator only): add with a first signing key, suspend, reinstate, allow credential types.
import { AppError } from '../errors.js';
import type { AgencyRecord, AgencyRole, PurposeRecord } from '../store/types.js';
import { generateAgencyKey } from './agency-keys.js';
import { requireSealer, type RegistryContext, type StoreView } from './context.js';

export interface NewAgency {
  id: string;
  legalName: string;
  contact: string;
  dpoContact: string;
  privacyNoticeUrl: string;
  role: AgencyRole;
  credentialTypes?: string[];
}

export interface AgencyView extends AgencyRecord {
  credentialTypes: string[];
  purposes: PurposeRecord[];
  keys: { kid: string; status: string; createdAt: number; retiredAt: number | null; verifyUntil: number | null }[];
  /** base64url SHA-256 of the privacy notice text the agency published last; null before it published any. */
  privacyNoticeSha256: string | null;
}

export const issues = (role: AgencyRole) => role === 'issuer' || role === 'both';
export const verifies = (role: AgencyRole) => role === 'verifier' || role === 'both';

/** The notice is shown to citizens as a link: only http(s), so it can never be a javascript: or data: URL (issue 16). */
function requireHttpNoticeUrl(raw: string): void {
  let protocol = '';
  try {
    protocol = new URL(raw).protocol;
  } catch {
    // not a URL: refused below
  }
  if (protocol === 'https:' || protocol === 'http:') return;
  const message = 'must be an http(s) URL';
  throw new AppError('invalid_request', { detail: `The privacy notice URL ${message}.`, fieldErrors: [{ path: '/body/privacyNoticeUrl', message }] });
}

export async function createAgency(ctx: RegistryContext, input: NewAgency): Promise<AgencyView> {
  requireHttpNoticeUrl(input.privacyNoticeUrl);
  const sealer = requireSealer(ctx);
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    const created = await tx.agencies.create({ ...input, status: 'active', createdAt: now, updatedAt: now });
    if (!created) throw new AppError('conflict', { detail: `An agency with id ${input.id} already exists.` });
    await tx.agencyKeys.insert(generateAgencyKey(sealer, input.id, now));
    for (const typeId of input.credentialTypes ?? []) await allowInTx(tx, input.id, typeId, now);
  });
  return describeAgency(ctx.store, input.id);
}

async function allowInTx(tx: StoreView, agencyId: string, typeId: string, now: number): Promise<void> {
  const agency = await tx.agencies.get(agencyId);
  if (!agency) throw new AppError('not_found', { detail: `No agency ${agencyId}.` });
  if (!issues(agency.role)) throw new AppError('agency_role_mismatch', { detail: `Agency ${agencyId} is not registered as an issuer.` });
  if (!(await tx.credentialTypes.get(typeId))) throw new AppError('unknown_credential_type', { detail: `No credential type ${typeId}.` });
  await tx.agencies.allowCredentialType(agencyId, typeId, now);
}

/** Registers the agency as an issuer of a credential type (idempotent). */
export async function allowCredentialType(ctx: RegistryContext, agencyId: string, typeId: string): Promise<AgencyView> {
  await ctx.store.transaction((tx) => allowInTx(tx, agencyId, typeId, ctx.now()));
  return describeAgency(ctx.store, agencyId);
}

export async function setAgencyStatus(ctx: RegistryContext, agencyId: string, status: 'active' | 'suspended'): Promise<AgencyView> {
  if (!(await ctx.store.agencies.setStatus(agencyId, status, ctx.now()))) {
    throw new AppError('not_found', { detail: `No agency ${agencyId}.` });
  }
  return describeAgency(ctx.store, agencyId);
}

export async function describeAgency(store: StoreView, agencyId: string): Promise<AgencyView> {
  const agency = await store.agencies.get(agencyId);
  if (!agency) throw new AppError('not_found', { detail: `No agency ${agencyId}.` });
  const keys = await store.agencyKeys.list(agencyId);
  return {
    ...agency,
    credentialTypes: await store.agencies.allowedCredentialTypes(agencyId),
    purposes: await store.purposes.list(agencyId),
    keys: keys.map((k) => ({ kid: k.kid, status: k.status, createdAt: k.createdAt, retiredAt: k.retiredAt, verifyUntil: k.verifyUntil })),
    privacyNoticeSha256: (await store.consentReview.currentNotice(agencyId))?.sha256 ?? null,
  };
}

/** An active agency or an AppError (not_found / agency_suspended). */
export async function requireActiveAgency(store: StoreView, agencyId: string): Promise<AgencyRecord> {
  const agency = await store.agencies.get(agencyId);
  if (!agency) throw new AppError('not_found', { detail: `No agency ${agencyId}.` });
  if (agency.status !== 'active') throw new AppError('agency_suspended', { detail: `Agency ${agencyId} is suspended.` });
  return agency;
}
