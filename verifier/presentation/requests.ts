// Verification requests (OpenID4VP 1.0, DCQL): a verifier agency asks for claims of one or more credential types for
// one of its registered purposes. Every requested path must lie within the purpose and the declared retention within
// the purpose's maximum; the request carries a fresh nonce and state and expires after REQUEST_TTL_MS.
import { randomBytes, randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { buildDcqlQuery, type PurposeClaim as DcqlPurposeClaim } from '../../shared/dcql/build.js';
import { parseDcqlQuery } from '../../shared/dcql/parse.js';
import type { ClaimsPath, DcqlQuery } from '../../shared/dcql/types.js';
import { requestedPaths } from '../../shared/dcql/match.js';
import { AppError, type FieldError } from '../errors.js';
import { requireActiveAgency, verifies } from '../registry/agencies.js';
import { requireSealer, vctOf, type RegistryContext } from '../registry/context.js';
import { requireCredentialType } from '../registry/credential-types.js';
import type { PresentationRequestRecord, ResponseMode } from '../store/repos/presentation-requests.js';
import type { AgencyRecord, PurposeRecord } from '../store/types.js';
import { requestUriOf, type ClientIdPrefix } from './client-id.js';
import { chooseClient, defaultClientIdPrefix } from './request-client.js';
import { newResponseKey } from './response-encryption.js';
import { assertWithinPurpose, renderPath, requestPathWithinPurpose } from './purpose-scope.js';
import { purgeUnreadResults } from './result.js';

export const REQUEST_TTL_MS = 10 * 60 * 1000;

export interface CreateRequestInput {
  agencyId: string;
  purposeCode: string;
  /** With `claims` (or the purpose's registered claims of this type); ignored when `dcqlQuery` is given. */
  credentialType?: string | undefined;
  claims?: { path: ClaimsPath; required: boolean }[] | undefined;
  /** An explicit DCQL query instead of credentialType + claims. */
  dcqlQuery?: unknown;
  retentionDays: number;
  responseMode: ResponseMode;
  /** The client identifier scheme (default: x509_san_dns when the operator holds a CA, else sahih_registry). */
  clientIdPrefix?: ClientIdPrefix | undefined;
  /** Same-device flows: the agency page the wallet sends the citizen back to after answering (OpenID4VP 1.0 §8.2). */
  returnUrl?: string | undefined;
  /** Refuse answers without a holder-signed consent record (consent_record_required). */
  requireSignedConsent?: boolean | undefined;
  /** Ask for an encrypted answer (response_mode direct_post.jwt, ECDH-ES to a per-request key). */
  responseEncryption?: boolean | undefined;
  /** The agency's own case or customer number, carried to the access event. */
  agencyRef?: string | undefined;
}

export interface CreatedRequest {
  requestId: string;
  clientId: string;
  requestUri: string;
  authorizationRequestUri: string;
  sameDeviceUrl: string;
  qrSvg: string;
  expiresAt: number;
  dcqlQuery: DcqlQuery;
}

export async function createPresentationRequest(ctx: RegistryContext, input: CreateRequestInput): Promise<CreatedRequest> {
  requireSealer(ctx);
  const agency = await requireVerifier(ctx, input.agencyId);
  const purpose = await requirePurpose(ctx, agency.id, input.purposeCode);
  await checkResponseMode(ctx, agency.id, input.responseMode);
  checkRetention(purpose, input.retentionDays);
  const query = input.dcqlQuery === undefined ? await queryFromClaims(ctx, purpose, input) : parseExplicitQuery(input.dcqlQuery);
  await checkQueryWithinPurpose(ctx, purpose, query);

  const now = ctx.now();
  const record: PresentationRequestRecord = {
    id: randomUUID(),
    agencyId: agency.id,
    purposeCode: purpose.code,
    dcql: JSON.stringify(query),
    nonce: randomBytes(16).toString('base64url'),
    state: randomBytes(16).toString('base64url'),
    responseMode: input.responseMode,
    retentionDays: input.retentionDays,
    status: 'pending',
    createdAt: now,
    expiresAt: now + REQUEST_TTL_MS,
    answeredAt: null,
    consentRecordId: null,
    accessEventId: null,
    resultSealed: null,
    resultExpiresAt: null,
    resultReadAt: null,
    agencyRef: input.agencyRef ?? null,
  };
  const client = await chooseClient(ctx, agency.id, input.clientIdPrefix ?? (await defaultClientIdPrefix(ctx.store)));
  const responseKey = input.responseEncryption ? await newResponseKey(ctx, record.id) : undefined;
  await ctx.store.transaction(async (tx) => {
    await tx.presentationRequests.create(record);
    await tx.requestClients.insert({ requestId: record.id, clientId: client.clientId, x5c: null, responseKeySealed: responseKey?.sealed ?? null, returnUrl: input.returnUrl ?? null, requireSignedConsent: input.requireSignedConsent === true || purpose.requireSignedConsent === true, createdAt: now });
  });
  await purgeUnreadResults(ctx);
  return describeCreated(ctx, record, query, client.clientId);
}

async function describeCreated(ctx: RegistryContext, record: PresentationRequestRecord, query: DcqlQuery, clientId: string): Promise<CreatedRequest> {
  const requestUri = requestUriOf(ctx.publicUrl, record.id);
  const params = `client_id=${encodeURIComponent(clientId)}&request_uri=${encodeURIComponent(requestUri)}`;
  const authorizationRequestUri = `openid4vp://?${params}`;
  const qrSvg = await QRCode.toString(authorizationRequestUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return {
    requestId: record.id,
    clientId,
    requestUri,
    authorizationRequestUri,
    sameDeviceUrl: `${ctx.publicUrl}/present?${params}`,
    qrSvg,
    expiresAt: record.expiresAt,
    dcqlQuery: query,
  };
}

async function requireVerifier(ctx: RegistryContext, agencyId: string): Promise<AgencyRecord> {
  const agency = await requireActiveAgency(ctx.store, agencyId);
  if (!verifies(agency.role)) throw new AppError('agency_role_mismatch', { detail: `Agency ${agency.id} is not registered as a verifier.` });
  return agency;
}

export async function requirePurpose(ctx: Pick<RegistryContext, 'store'>, agencyId: string, code: string): Promise<PurposeRecord> {
  const purpose = await ctx.store.purposes.get(agencyId, code);
  if (!purpose) throw new AppError('unknown_purpose', { detail: `Agency ${agencyId} has no registered purpose ${code}.` });
  return purpose;
}

/** Webhook delivery goes only to the endpoint registered for the agency in the trust registry, never a URL from the request. */
async function checkResponseMode(ctx: RegistryContext, agencyId: string, mode: ResponseMode): Promise<void> {
  if (mode === 'webhook' && !(await ctx.store.agencyWebhooks.get(agencyId))) {
    throw new AppError('webhook_not_registered', { detail: `Register a webhook for ${agencyId} (PUT /v1/agencies/${agencyId}/webhook) or use responseMode "poll".` });
  }
}

function checkRetention(purpose: PurposeRecord, retentionDays: number): void {
  if (retentionDays > purpose.maxRetentionDays) {
    throw new AppError('retention_exceeds_purpose', {
      detail: `Purpose ${purpose.code} allows at most ${purpose.maxRetentionDays} days of retention.`,
      fieldErrors: [{ path: '/body/retentionDays', message: `at most ${purpose.maxRetentionDays}` }],
    });
  }
}

const claimIdOf = (path: ClaimsPath) => path.map((c) => (c === null ? 'all' : String(c))).join('-');

async function queryFromClaims(ctx: RegistryContext, purpose: PurposeRecord, input: CreateRequestInput): Promise<DcqlQuery> {
  if (!input.credentialType) {
    throw new AppError('invalid_request', { detail: 'Send credentialType (with optional claims) or a dcqlQuery.', fieldErrors: [{ path: '/body/credentialType', message: 'required without dcqlQuery' }] });
  }
  const type = await requestableType(ctx, input.credentialType);
  const claims = input.claims ?? purpose.claims.filter((c) => c.credentialType === type.id).map((c) => ({ path: c.path, required: true }));
  if (claims.length === 0) {
    throw new AppError('claims_outside_purpose', { detail: `Purpose ${purpose.code} allows no claims of ${type.id}.` });
  }
  const dcqlClaims: DcqlPurposeClaim[] = claims.map((c) => ({ id: claimIdOf(c.path), path: c.path, required: c.required }));
  let query: DcqlQuery;
  try {
    query = buildDcqlQuery({ credentialId: type.id, vct: type.vct, claims: dcqlClaims });
  } catch (cause) {
    throw new AppError('invalid_request', { detail: cause instanceof RangeError ? cause.message : 'The claims cannot form a DCQL query.', cause });
  }
  return parseExplicitQuery(query);
}

/**
 * OpenID4VP 1.0 §6 validation, then Sahih's restrictions: one presentation per credential query (no `multiple`), holder
 * binding, a vct and explicit claims. credential_sets (required and optional sets, options as alternatives) are accepted.
 */
function parseExplicitQuery(raw: unknown): DcqlQuery {
  const parsed = parseDcqlQuery(raw);
  if (!parsed.ok) {
    throw new AppError('invalid_request', {
      detail: `The DCQL query is invalid: ${parsed.errors[0]}`,
      fieldErrors: parsed.errors.map((message) => ({ path: '/body/dcqlQuery', message })),
    });
  }
  const unsupported: string[] = [];
  for (const c of parsed.query.credentials) {
    if (c.multiple) unsupported.push(`credentials ${c.id}: multiple is not supported`);
    if (c.require_cryptographic_holder_binding === false) unsupported.push(`credentials ${c.id}: holder binding is always required`);
    if (!c.meta.vct_values) unsupported.push(`credentials ${c.id}: meta.vct_values is required`);
    if (!c.claims) unsupported.push(`credentials ${c.id}: claims are required (a whole credential is never requested)`);
  }
  if (unsupported.length) {
    throw new AppError('invalid_request', { detail: unsupported[0], fieldErrors: unsupported.map((message) => ({ path: '/body/dcqlQuery', message })) });
  }
  return parsed.query;
}

/** Every vct must be a registered credential type, and every path (for every vct) within the purpose. */
async function checkQueryWithinPurpose(ctx: RegistryContext, purpose: PurposeRecord, query: DcqlQuery): Promise<void> {
  const vctPrefix = vctOf(ctx.publicUrl, '');
  const problems: FieldError[] = [];
  for (const { credentialId, vct, path } of requestedPaths(query)) {
    for (const v of vct) {
      const hosted = v.startsWith(vctPrefix) ? v.slice(vctPrefix.length) : undefined;
      const typeId = hosted === undefined ? (await ctx.store.externalCredentialTypes.getByVct(v))?.id : (await ctx.store.credentialTypes.get(hosted)) && hosted;
      if (!typeId) {
        throw new AppError('unknown_credential_type', { detail: `No registered credential type has vct ${v}.` });
      }
      if (!requestPathWithinPurpose(purpose, typeId, path)) {
        problems.push({ path: `/body/claims/${credentialId}`, message: `${typeId}:${renderPath(path)}` });
      }
    }
  }
  assertWithinPurpose(problems, purpose);
}

/** A credential type Sahih defines or an external issuer's registered type, with the vct a wallet matches. */
async function requestableType(ctx: RegistryContext, typeId: string): Promise<{ id: string; vct: string }> {
  const external = await ctx.store.externalCredentialTypes.get(typeId);
  if (external) return { id: external.id, vct: external.vct };
  const type = await requireCredentialType(ctx, typeId);
  return { id: type.id, vct: vctOf(ctx.publicUrl, type.id) };
}

/** The request by id for the wallet-facing endpoints: request_not_found / request_expired. */
export async function requireLiveRequest(ctx: Pick<RegistryContext, 'store' | 'now'>, requestId: string): Promise<PresentationRequestRecord> {
  const record = await ctx.store.presentationRequests.get(requestId);
  if (!record) throw new AppError('request_not_found', { detail: `No presentation request ${requestId}.` });
  if (record.expiresAt <= ctx.now() && record.status === 'pending') {
    throw new AppError('request_expired', { detail: 'The presentation request has expired; ask the agency for a new one.' });
  }
  return record;
}
