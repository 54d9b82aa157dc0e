// The wallet side of OpenID4VP 1.0 (request by reference, DCQL, direct_post): read the link, fetch the request object,
// and check it as a flat sequence of guards, each failing with its own stable code: a pre-registered client of this
// Sahih service's trust registry, signed by that agency's published key, not expired, for a purpose the registry holds,
// and asking for nothing beyond what that purpose allows. Only a request that passes reaches the consent screen.
import { toEs256PublicJwk } from '../../../shared/crypto/jwk.js';
import type { CryptoProvider, PublicJwk } from '../../../shared/crypto/types.js';
import type { LocalizedText } from '../../../shared/consent/record.js';
import { legalBases, type LegalBasis } from '../../../shared/consent/record.js';
import { requestedPaths } from '../../../shared/dcql/match.js';
import { parseDcqlQuery } from '../../../shared/dcql/parse.js';
import type { ClaimsPath, DcqlQuery } from '../../../shared/dcql/types.js';
import { checkJwsHeader, checkJwsSignature, parseCompactJws, type JsonObject } from '../../../shared/jose/jws.js';
import { isFailure } from '../../../shared/verification/result.js';
import { api, ApiError, request } from './api.js';

export const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';
/** Clock skew tolerated on `iat` (seconds). */
const SKEW_SECONDS = 60;

/** What a QR code, a link or a paste carries: `openid4vp://?client_id=…&request_uri=…` or the wallet's /present link. */
export interface AuthorizationRequestLink {
  clientId: string;
  requestUri: string;
}

export interface RegisteredPurpose {
  code: string;
  description: LocalizedText;
  legalBasis: LegalBasis;
  claims: { credentialType: string; path: string[] }[];
  maxRetentionDays: number;
}

/** The registry's public entry of an agency (GET /v1/registry/agencies/{id}). */
export interface RegisteredAgency {
  id: string;
  legalName: string;
  contact: string;
  dpoContact: string;
  privacyNoticeUrl: string;
  role: 'issuer' | 'verifier' | 'both';
  status: 'active' | 'suspended';
  purposes: RegisteredPurpose[];
}

/** A request that passed every check: what the consent screen and the answer need. */
export interface VerifiedRequest {
  clientId: string;
  /** Where the request object was fetched: what makes the link one-time, remembered once answered. */
  requestUri: string;
  /** The service's request id (the path segment of response_uri: the request object carries none of its own). */
  requestId: string;
  responseUri: string;
  nonce: string;
  state: string;
  expiresAt: number;
  query: DcqlQuery;
  agency: RegisteredAgency;
  purpose: RegisteredPurpose;
  retentionDays: number;
  recipients: { id: string; name: string }[];
}

/** A signed, registered request asking for claims its purpose does not allow: refused, never shown for consent. */
export interface BeyondPurpose {
  agency: RegisteredAgency;
  purpose: RegisteredPurpose;
  /** The offending claims: credential type id (when ours) and path. */
  claims: { typeId: string | undefined; path: ClaimsPath }[];
}

export type CheckedRequest = { ok: true; request: VerifiedRequest } | { ok: false; beyondPurpose: BeyondPurpose };

const refuse = (code: string) => new ApiError(code, 0);
const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Reads `openid4vp://?…`, `https://<wallet>/present?…`, or a bare query string. */
export function readRequestLink(input: string): AuthorizationRequestLink {
  const text = input.trim();
  let params: URLSearchParams;
  try {
    params = text.startsWith('?') ? new URLSearchParams(text) : new URL(text).searchParams;
  } catch {
    throw refuse('request_invalid');
  }
  const clientId = params.get('client_id');
  const requestUri = params.get('request_uri');
  if (!clientId || !requestUri) throw refuse('request_invalid');
  return { clientId, requestUri };
}

/** True for text that looks like a presentation request rather than a credential offer. */
export function isPresentationRequestText(text: string): boolean {
  const t = text.trim();
  return t.startsWith('openid4vp:') || (/[?&]request_uri=/.test(t) && /[?&]client_id=/.test(t));
}

/** The agency id of a client id this service's registry vouches for (`${origin}/agencies/<id>`), else undefined. */
export function registeredAgencyId(clientId: string, origin: string): string | undefined {
  const prefix = `${origin}/agencies/`;
  if (!clientId.startsWith(prefix)) return undefined;
  const id = clientId.slice(prefix.length);
  return /^[a-z0-9][a-z0-9-]{1,62}$/.test(id) ? id : undefined;
}

const sameOrigin = (url: string, origin: string) => {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
};

/** The type id of a vct this service defines (`${origin}/vct/<id>`). */
export function typeIdOf(vct: string, origin: string): string | undefined {
  const prefix = `${origin}/vct/`;
  return vct.startsWith(prefix) ? vct.slice(prefix.length) : undefined;
}

const isPrefix = (prefix: readonly unknown[], path: readonly unknown[]) => prefix.length <= path.length && prefix.every((c, i) => c === path[i]);

/** Claims of the query that the purpose does not cover (the service's rule: a purpose claim must be a prefix). */
export function claimsBeyondPurpose(query: DcqlQuery, purpose: RegisteredPurpose, origin: string): BeyondPurpose['claims'] {
  const beyond: BeyondPurpose['claims'] = [];
  for (const { vct, path } of requestedPaths(query)) {
    const typeIds = vct.map((v) => typeIdOf(v, origin));
    // A query without a vct of ours could match any card: nothing in the purpose can vouch for it.
    const covered = typeIds.length > 0 && typeIds.every((typeId) => typeId !== undefined && purpose.claims.some((c) => c.credentialType === typeId && isPrefix(c.path, path)));
    if (!covered) beyond.push({ typeId: typeIds.find((t) => t !== undefined), path });
  }
  return beyond;
}

async function fetchRequestObject(requestUri: string): Promise<string> {
  const res = await request(requestUri, { headers: { accept: `application/${REQUEST_OBJECT_TYP}` } });
  return (await res.text()).trim();
}

async function verifySignature(token: string, agencyId: string, crypto: CryptoProvider): Promise<JsonObject> {
  const jws = parseCompactJws(token);
  if (isFailure(jws)) throw refuse('request_invalid');
  if (checkJwsHeader(jws.header, { typ: REQUEST_OBJECT_TYP }) || !isStr(jws.header.kid)) throw refuse('request_signature_invalid');
  const { keys } = await api<{ keys: PublicJwk[] }>(`/v1/registry/agencies/${encodeURIComponent(agencyId)}/jwks`);
  const key = toEs256PublicJwk(keys.find((k) => k.kid === jws.header.kid));
  if (!key || (await checkJwsSignature(jws, key, crypto))) throw refuse('request_signature_invalid');
  return jws.payload;
}

async function fetchAgency(agencyId: string): Promise<RegisteredAgency> {
  try {
    return await api<RegisteredAgency>(`/v1/registry/agencies/${encodeURIComponent(agencyId)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw refuse('verifier_not_registered');
    throw error;
  }
}

function requireRequestParameters(payload: JsonObject, link: AuthorizationRequestLink, origin: string, nowSeconds: number) {
  const { client_id, iss, response_type, response_mode, response_uri, nonce, state, exp, iat } = payload;
  if (client_id !== link.clientId || (iss !== undefined && iss !== link.clientId)) throw refuse('request_invalid');
  if (response_type !== 'vp_token' || response_mode !== 'direct_post') throw refuse('request_unsupported');
  if (!isStr(response_uri) || !sameOrigin(response_uri, origin) || !isStr(nonce) || !isStr(state)) throw refuse('request_invalid');
  if (typeof exp !== 'number' || exp <= nowSeconds) throw refuse('request_expired');
  if (typeof iat === 'number' && iat > nowSeconds + SKEW_SECONDS) throw refuse('request_invalid');
  const requestId = /\/v1\/presentation-requests\/([^/]+)\/response$/.exec(new URL(response_uri).pathname)?.[1];
  if (!requestId) throw refuse('request_invalid');
  return { responseUri: response_uri, nonce, state, expiresAt: exp * 1000, requestId: decodeURIComponent(requestId) };
}

function requireQuery(raw: unknown): DcqlQuery {
  const parsed = parseDcqlQuery(raw);
  if (!parsed.ok) throw refuse('request_invalid');
  // One card per request: this wallet keeps one holder key per card, and one answer must be bound to one key.
  if (parsed.query.credentials.length !== 1 || parsed.query.credential_sets) throw refuse('request_unsupported');
  return parsed.query;
}

/** The signed `sahih_purpose` must name a purpose the registry holds for this agency, with its legal basis. */
function requirePurpose(agency: RegisteredAgency, raw: unknown): { purpose: RegisteredPurpose; retentionDays: number; recipients: VerifiedRequest['recipients'] } {
  if (!isObj(raw) || !isStr(raw.code)) throw refuse('purpose_not_registered');
  const purpose = agency.purposes.find((p) => p.code === raw.code);
  if (!purpose || !(legalBases as readonly string[]).includes(purpose.legalBasis)) throw refuse('purpose_not_registered');
  if (raw.legalBasis !== purpose.legalBasis) throw refuse('purpose_not_registered');
  const retentionDays = raw.retentionDays;
  if (typeof retentionDays !== 'number' || !Number.isSafeInteger(retentionDays) || retentionDays < 0 || retentionDays > purpose.maxRetentionDays) {
    throw refuse('retention_exceeds_purpose');
  }
  const controller = raw.controller;
  if (isObj(controller) && controller.id !== undefined && controller.id !== agency.id) throw refuse('request_invalid');
  const recipients = Array.isArray(raw.recipients)
    ? raw.recipients.filter((r): r is { id: string; name: string } => isObj(r) && isStr(r.id) && isStr(r.name)).map((r) => ({ id: r.id, name: r.name }))
    : [];
  return { purpose, retentionDays, recipients: recipients.length ? recipients : [{ id: agency.id, name: agency.legalName }] };
}

/**
 * Fetches and checks a request. Throws ApiError with a stable code for anything untrustworthy; answers
 * `{ ok: false, beyondPurpose }` for a genuine, registered request that asks for more than its purpose allows.
 */
export async function openPresentationRequest(link: AuthorizationRequestLink, options: { crypto: CryptoProvider; origin: string; nowSeconds: number }): Promise<CheckedRequest> {
  const { origin } = options;
  const agencyId = registeredAgencyId(link.clientId, origin);
  if (!agencyId) throw refuse('request_untrusted_client');
  if (!sameOrigin(link.requestUri, origin)) throw refuse('request_untrusted_client');
  const token = await fetchRequestObject(link.requestUri);
  const payload = await verifySignature(token, agencyId, options.crypto);
  const params = requireRequestParameters(payload, link, origin, options.nowSeconds);
  const agency = await fetchAgency(agencyId);
  if (agency.status !== 'active' || agency.role === 'issuer') throw refuse('verifier_not_registered');
  const query = requireQuery(payload.dcql_query);
  const { purpose, retentionDays, recipients } = requirePurpose(agency, payload.sahih_purpose);
  const beyond = claimsBeyondPurpose(query, purpose, origin);
  if (beyond.length) return { ok: false, beyondPurpose: { agency, purpose, claims: beyond } };
  return { ok: true, request: { clientId: link.clientId, requestUri: link.requestUri, ...params, query, agency, purpose, retentionDays, recipients } };
}

export interface ResponseReceipt {
  eventId: string;
  leafIndex: number;
  checkpoint?: string;
  treeSize?: number;
}

export interface ResponseAck {
  status: 'shared' | 'declined';
  consentRecordId?: string;
  receipt?: ResponseReceipt;
}

/** direct_post (OpenID4VP 1.0 §8.2): the form goes to the request's response_uri; the JSON answer is Sahih's receipt. */
export function postResponse(responseUri: string, form: Record<string, string>): Promise<ResponseAck> {
  return api<ResponseAck>(responseUri, { method: 'POST', form });
}
