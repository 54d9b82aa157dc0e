// The wallet side of OpenID4VP 1.0 (request by reference, DCQL, direct_post and direct_post.jwt): read the link, fetch
// the request object, and check it as a flat sequence of guards, each failing with its own stable code: signed by a
// pre-registered client of this Sahih service's registry (its published key) or under an x509_san_dns / x509_hash
// client identifier (the x5c chain checked against the registry's trust anchors), not expired, answering to the
// verifier's own origin; a registry agency's request must be for a purpose the registry holds and ask nothing beyond it.
// A verifier outside the registry opens as such, with no purpose or legal basis made up for it.
import { toEs256PublicJwk } from '../../../shared/crypto/jwk.js';
import type { CryptoProvider, PublicJwk } from '../../../shared/crypto/types.js';
import type { LocalizedText } from '../../../shared/consent/record.js';
import { legalBases, type LegalBasis } from '../../../shared/consent/record.js';
import { requestedPaths } from '../../../shared/dcql/match.js';
import { parseDcqlQuery } from '../../../shared/dcql/parse.js';
import type { ClaimsPath, DcqlQuery } from '../../../shared/dcql/types.js';
import { checkJwsHeader, checkJwsSignature, parseCompactJws, type JsonObject } from '../../../shared/jose/jws.js';
import { isFailure } from '../../../shared/verification/result.js';
import { encodeBase64url } from '../../../shared/encoding/base64url.js';
import { api, ApiError, request } from './api.js';

export const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';
/** Clock skew tolerated on `iat` (seconds). */
const SKEW_SECONDS = 60;

/**
 * What a QR code, a link or a paste carries: `openid4vp://?client_id=…&request_uri=…` (by reference, optionally with
 * `request_uri_method=post`) or `…&request=<signed request object>` (by value, OpenID4VP 1.0 §5), or the wallet's
 * /present link with the same parameters.
 */
export interface AuthorizationRequestLink {
  clientId: string;
  /** By reference: where the signed request object is fetched. */
  requestUri?: string;
  /** §5.10: `post` asks the wallet to POST its metadata and a wallet_nonce to request_uri; `get` (the default) fetches it. */
  requestUriMethod?: 'get' | 'post';
  /** By value: the signed request object itself (the `request` parameter). */
  requestObject?: string;
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
  /** base64url SHA-256 of the notice text the agency published last (null before it published any). */
  privacyNoticeSha256?: string | null;
  role: 'issuer' | 'verifier' | 'both';
  status: 'active' | 'suspended';
  purposes: RegisteredPurpose[];
}

/** What every checked request carries, registered with Sahih or not. */
interface RequestCommon {
  clientId: string;
  /** What makes the link one-time, remembered once answered: its request_uri, or for a request by value its signature. */
  requestUri: string;
  /** The service's request id (the path segment of a Sahih response_uri); the `state` for any other verifier. */
  requestId: string;
  responseUri: string;
  /** direct_post.jwt: the answer is encrypted to this key (OpenID4VP 1.0 §8.3). */
  responseEncryption?: ResponseEncryption;
  nonce: string;
  state: string;
  expiresAt: number;
  query: DcqlQuery;
  /** The host the answer goes to, as the citizen should see it. */
  verifierHost: string;
}

export interface ResponseEncryption {
  jwk: JsonWebKey & { kid?: string };
  enc: 'A128GCM' | 'A256GCM';
}

/** A request from an agency in Sahih's trust registry: signed, for a registered purpose, within it. */
export interface VerifiedRequest extends RequestCommon {
  registered: true;
  agency: RegisteredAgency;
  purpose: RegisteredPurpose;
  retentionDays: number;
  recipients: { id: string; name: string }[];
}

/**
 * A signed request from a verifier outside Sahih's registry (or answering outside Sahih's log): the wallet knows who
 * signed it only as far as its certificate says, and no purpose or legal basis is shown for it.
 */
export interface UnregisteredRequest extends RequestCommon {
  registered: false;
  /** True when the certificate chains to a trust anchor the registry publishes (the host name is vouched for). */
  identityConfirmed: boolean;
  /** `client_metadata.client_name`, the name the verifier gives itself (unconfirmed). */
  selfDeclaredName?: string;
}

export type OpenedRequest = VerifiedRequest | UnregisteredRequest;

/** A signed, registered request asking for claims its purpose does not allow: refused, never shown for consent. */
export interface BeyondPurpose {
  agency: RegisteredAgency;
  purpose: RegisteredPurpose;
  /** The offending claims: credential type id (when ours) and path. */
  claims: { typeId: string | undefined; path: ClaimsPath }[];
}

export type CheckedRequest = { ok: true; request: OpenedRequest } | { ok: false; beyondPurpose: BeyondPurpose };

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
  const requestObject = params.get('request');
  const method = params.get('request_uri_method');
  // Exactly one of request_uri and request (§5); request_uri_method only with request_uri, and only get or post (§5.10).
  if (!clientId || !requestUri === !requestObject) throw refuse('request_invalid');
  if (method !== null && (!requestUri || (method !== 'get' && method !== 'post'))) throw refuse('request_invalid');
  if (requestObject) return { clientId, requestObject };
  return { clientId, requestUri: requestUri!, ...(method === 'post' ? { requestUriMethod: 'post' as const } : {}) };
}

/** The one-time key of a link: its request_uri, or for a request by value its signature (unique to that object). */
export function requestLinkKey(link: AuthorizationRequestLink): string {
  return link.requestUri ?? `request:${link.requestObject!.slice(link.requestObject!.lastIndexOf('.') + 1)}`;
}

/** True for text that looks like a presentation request rather than a credential offer. */
export function isPresentationRequestText(text: string): boolean {
  const t = text.trim();
  return t.startsWith('openid4vp:') || (/[?&]request(_uri)?=/.test(t) && /[?&]client_id=/.test(t));
}

/** The agency id of a client id this service's registry vouches for (`${origin}/agencies/<id>`), else undefined. */
export function registeredAgencyId(clientId: string, origin: string): string | undefined {
  const prefix = `${origin}/agencies/`;
  if (!clientId.startsWith(prefix)) return undefined;
  const id = clientId.slice(prefix.length);
  return /^[a-z0-9][a-z0-9-]{1,62}$/.test(id) ? id : undefined;
}

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

/** What this wallet tells a verifier it supports when it POSTs to request_uri (§5.10, wallet_metadata §10). */
const WALLET_METADATA = {
  vp_formats_supported: { 'dc+sd-jwt': { 'sd-jwt_alg_values': ['ES256'], 'kb-jwt_alg_values': ['ES256'] } },
  request_object_signing_alg_values_supported: ['ES256'],
  response_types_supported: ['vp_token'],
  response_modes_supported: ['direct_post', 'direct_post.jwt'],
  client_id_prefixes_supported: ['x509_san_dns', 'x509_hash'],
};

/**
 * The signed request object: the link's own (by value), fetched with GET, or with `request_uri_method=post` fetched by
 * POSTing wallet_metadata and a fresh wallet_nonce that the signed object must then carry (§5.10, replay protection).
 */
async function requestObjectOf(link: AuthorizationRequestLink): Promise<{ token: string; walletNonce?: string }> {
  if (link.requestObject) return { token: link.requestObject.trim() };
  const headers = { accept: `application/${REQUEST_OBJECT_TYP}` };
  if (link.requestUriMethod !== 'post') return { token: (await (await request(link.requestUri!, { headers })).text()).trim() };
  const walletNonce = encodeBase64url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
  const res = await request(link.requestUri!, { method: 'POST', headers, form: { wallet_metadata: JSON.stringify(WALLET_METADATA), wallet_nonce: walletNonce } });
  return { token: (await res.text()).trim(), walletNonce };
}

function parseRequestJws(token: string) {
  const jws = parseCompactJws(token);
  if (isFailure(jws)) throw refuse('request_invalid');
  // x5c is read only under an x509 client identifier; a registry client's key always comes from the registry.
  if (checkJwsHeader(jws.header, { typ: REQUEST_OBJECT_TYP, allowX5c: true })) throw refuse('request_signature_invalid');
  return jws;
}

async function requireSignedBy(jws: ReturnType<typeof parseRequestJws>, jwk: unknown, crypto: CryptoProvider): Promise<JsonObject> {
  const key = toEs256PublicJwk(jwk);
  if (!key || (await checkJwsSignature(jws, key, crypto))) throw refuse('request_signature_invalid');
  return jws.payload;
}

async function registryKey(agencyId: string, kid: unknown): Promise<PublicJwk | undefined> {
  if (!isStr(kid)) throw refuse('request_signature_invalid');
  const { keys } = await api<{ keys: PublicJwk[] }>(`/v1/registry/agencies/${encodeURIComponent(agencyId)}/jwks`);
  return keys.find((k) => k.kid === kid);
}

async function fetchAgency(agencyId: string): Promise<RegisteredAgency> {
  try {
    return await api<RegisteredAgency>(`/v1/registry/agencies/${encodeURIComponent(agencyId)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw refuse('verifier_not_registered');
    throw error;
  }
}

const RESPONSE_ENCS = ['A128GCM', 'A256GCM'] as const;

/** direct_post.jwt: an ECDH-ES P-256 key from client_metadata.jwks and a content encryption both sides support. */
function requireResponseEncryption(metadata: unknown): ResponseEncryption {
  const meta = isObj(metadata) ? metadata : {};
  const keys = isObj(meta.jwks) && Array.isArray(meta.jwks.keys) ? meta.jwks.keys : [];
  const jwk = keys.find((k): k is JsonObject => isObj(k) && k.kty === 'EC' && k.crv === 'P-256' && (k.use === undefined || k.use === 'enc') && (k.alg === undefined || k.alg === 'ECDH-ES'));
  if (!jwk || !isStr(jwk.x) || !isStr(jwk.y)) throw refuse('request_unsupported');
  const offered = Array.isArray(meta.encrypted_response_enc_values_supported) ? meta.encrypted_response_enc_values_supported : ['A128GCM'];
  const enc = RESPONSE_ENCS.find((e) => offered.includes(e));
  if (!enc) throw refuse('request_unsupported');
  return { jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ...(isStr(jwk.kid) ? { kid: jwk.kid } : {}) }, enc };
}

/** The parameters every verifier's request must carry; `responseOrigin` is where its answer may go. */
function requireRequestParameters(payload: JsonObject, link: AuthorizationRequestLink, options: { origin: string; allowsResponseTo: (url: URL) => boolean; nowSeconds: number }) {
  const { client_id, iss, response_type, response_mode, response_uri, nonce, state, exp, iat } = payload;
  if (client_id !== link.clientId || (iss !== undefined && iss !== link.clientId)) throw refuse('request_invalid');
  if (response_type !== 'vp_token' || (response_mode !== 'direct_post' && response_mode !== 'direct_post.jwt')) throw refuse('request_unsupported');
  if (!isStr(response_uri) || !isStr(nonce) || !isStr(state)) throw refuse('request_invalid');
  let responseUrl: URL;
  try {
    responseUrl = new URL(response_uri);
  } catch {
    throw refuse('request_invalid');
  }
  if (!options.allowsResponseTo(responseUrl)) throw refuse('request_untrusted_client');
  if (typeof exp !== 'number' || exp <= options.nowSeconds) throw refuse('request_expired');
  if (typeof iat === 'number' && iat > options.nowSeconds + SKEW_SECONDS) throw refuse('request_invalid');
  const ours = responseUrl.origin === options.origin;
  const sahihId = ours ? /\/v1\/presentation-requests\/([^/]+)\/response$/.exec(responseUrl.pathname)?.[1] : undefined;
  return {
    responseUri: response_uri,
    nonce,
    state,
    expiresAt: exp * 1000,
    requestId: sahihId ? decodeURIComponent(sahihId) : state,
    /** Only a response to this service's own endpoint lands in Sahih's log. */
    toSahih: sahihId !== undefined,
    verifierHost: responseUrl.host,
    ...(response_mode === 'direct_post.jwt' ? { responseEncryption: requireResponseEncryption(payload.client_metadata) } : {}),
  };
}

/**
 * Any valid DCQL query of SD-JWT VCs (§6): several credential queries, credential_sets and claim_sets. Each card is
 * presented with its own holder key (this wallet keeps one key per card), so one answer may carry several keys.
 */
function requireQuery(raw: unknown): DcqlQuery {
  const parsed = parseDcqlQuery(raw);
  if (!parsed.ok) throw refuse('request_invalid');
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

/** Who signed the request and where its answer may go: Sahih's registry identifier, or an x509 one (OpenID4VP 1.0 §5.9.3). */
interface ResolvedClient {
  payload: JsonObject;
  /** The registry agency the signer is, when it is one. */
  agencyId: string | undefined;
  identityConfirmed: boolean;
  allowsResponseTo: (url: URL) => boolean;
}

const X509_SAN_DNS = 'x509_san_dns:';
const X509_HASH = 'x509_hash:';

async function resolveClient(link: AuthorizationRequestLink, token: string, options: { crypto: CryptoProvider; origin: string; nowSeconds: number }): Promise<ResolvedClient> {
  const { origin } = options;
  const jws = parseRequestJws(token);
  const x509 = link.clientId.startsWith(X509_SAN_DNS) ? 'san_dns' : link.clientId.startsWith(X509_HASH) ? 'hash' : undefined;
  if (!x509) {
    // Pre-registered in this service's registry: signed with a key the registry publishes for that agency.
    const agencyId = registeredAgencyId(link.clientId, origin);
    if (!agencyId) throw refuse('request_untrusted_client');
    const payload = await requireSignedBy(jws, await registryKey(agencyId, jws.header.kid), options.crypto);
    return { payload, agencyId, identityConfirmed: true, allowsResponseTo: (url) => url.origin === origin };
  }
  const [{ checkChain }, anchors] = await Promise.all([import('./x509-chain.js'), import('./trust-anchors.js').then((m) => m.trustAnchors())]);
  const chain = await checkChain(jws.header.x5c, anchors, new Date(options.nowSeconds * 1000));
  const name = link.clientId.slice(x509 === 'san_dns' ? X509_SAN_DNS.length : X509_HASH.length).toLowerCase();
  if (x509 === 'san_dns' ? !chain.dnsNames.includes(name) : chain.leafHash !== link.clientId.slice(X509_HASH.length)) throw refuse('request_untrusted_client');
  const payload = await requireSignedBy(jws, chain.publicJwk, options.crypto);
  // The leaf's SAN URI names the registry entry (`${origin}/agencies/<id>`) only when the operator's CA vouches for it.
  const agencyId = chain.anchored ? chain.uris.map((u) => registeredAgencyId(u, origin)).find((id) => id !== undefined) : undefined;
  // x509_hash names no host: the answer may go only to the origin the request object came from. A request by value
  // under x509_hash has no such origin, so it is refused (request_unsupported) rather than answered anywhere.
  if (x509 === 'hash' && !link.requestUri) throw refuse('request_unsupported');
  const requestOrigin = link.requestUri ? new URL(link.requestUri).origin : undefined;
  const allowsResponseTo = x509 === 'san_dns' ? (url: URL) => url.hostname.toLowerCase() === name : (url: URL) => url.origin === requestOrigin;
  return { payload, agencyId, identityConfirmed: chain.anchored, allowsResponseTo };
}

const isWebUrl = (url: string) => {
  try {
    return ['https:', 'http:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
};

/**
 * Fetches and checks a request. Throws ApiError with a stable code for anything untrustworthy; answers
 * `{ ok: false, beyondPurpose }` for a genuine, registered request that asks for more than its purpose allows.
 * A correctly signed request from a verifier outside the registry opens as `registered: false`.
 */
export async function openPresentationRequest(link: AuthorizationRequestLink, options: { crypto: CryptoProvider; origin: string; nowSeconds: number }): Promise<CheckedRequest> {
  const { origin } = options;
  const sahihClient = registeredAgencyId(link.clientId, origin) !== undefined;
  if (link.requestUri && (!isWebUrl(link.requestUri) || (sahihClient && new URL(link.requestUri).origin !== origin))) throw refuse('request_untrusted_client');
  const { token, walletNonce } = await requestObjectOf(link);
  const client = await resolveClient(link, token, options);
  if (walletNonce !== undefined && client.payload.wallet_nonce !== walletNonce) throw refuse('request_invalid');
  const { toSahih, ...params } = requireRequestParameters(client.payload, link, { origin, allowsResponseTo: client.allowsResponseTo, nowSeconds: options.nowSeconds });
  const query = requireQuery(client.payload.dcql_query);
  const common = { clientId: link.clientId, requestUri: requestLinkKey(link), ...params, query };
  if (!client.agencyId || !toSahih) {
    const meta = client.payload.client_metadata;
    const selfDeclaredName = isObj(meta) && isStr(meta.client_name) ? meta.client_name.slice(0, 120) : undefined;
    return { ok: true, request: { ...common, registered: false, identityConfirmed: client.identityConfirmed, ...(selfDeclaredName ? { selfDeclaredName } : {}) } };
  }
  const agency = await fetchAgency(client.agencyId);
  if (agency.status !== 'active' || agency.role === 'issuer') throw refuse('verifier_not_registered');
  const { purpose, retentionDays, recipients } = requirePurpose(agency, client.payload.sahih_purpose);
  const beyond = claimsBeyondPurpose(query, purpose, origin);
  if (beyond.length) return { ok: false, beyondPurpose: { agency, purpose, claims: beyond } };
  return { ok: true, request: { ...common, registered: true, agency, purpose, retentionDays, recipients } };
}

export interface ResponseReceipt {
  eventId: string;
  leafIndex: number;
  checkpoint?: string;
  treeSize?: number;
}

/** What a verifier answers to direct_post: Sahih's receipt, and for any verifier a `redirect_uri` (§8.2). */
export interface ResponseAck {
  status?: 'shared' | 'declined';
  consentRecordId?: string;
  receipt?: ResponseReceipt;
  redirect_uri?: string;
}

/** Encrypts the answer's parameters as one JWE (ECDH-ES, OpenID4VP 1.0 §8.3); vp_token travels as a JSON object. */
async function encryptedForm(form: Record<string, string>, encryption: ResponseEncryption): Promise<Record<string, string>> {
  const { CompactEncrypt, importJWK } = await import('jose');
  const payload: Record<string, unknown> = { ...form };
  if (form.vp_token !== undefined) payload.vp_token = JSON.parse(form.vp_token) as unknown;
  const key = await importJWK({ ...encryption.jwk }, 'ECDH-ES');
  const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ECDH-ES', enc: encryption.enc, ...(encryption.jwk.kid ? { kid: encryption.jwk.kid } : {}) })
    .encrypt(key);
  return { response: jwe };
}

/** direct_post or direct_post.jwt (OpenID4VP 1.0 §8.2, §8.3): the form goes to the request's response_uri. */
export async function postResponse(target: Pick<RequestCommon, 'responseUri' | 'responseEncryption'>, form: Record<string, string>): Promise<ResponseAck> {
  const body = target.responseEncryption ? await encryptedForm(form, target.responseEncryption) : form;
  const res = await request(target.responseUri, { method: 'POST', form: body });
  // Any verifier may answer with an empty body or `{}` (OpenID4VP 1.0 §8.2); only JSON objects are read.
  try {
    const ack = JSON.parse(await res.text()) as unknown;
    return isObj(ack) ? (ack as ResponseAck) : {};
  } catch {
    return {};
  }
}

/** The verifier's `redirect_uri` after a same-device answer, when it is a web address the wallet may open. */
export function followableRedirect(ack: ResponseAck): string | undefined {
  return isStr(ack.redirect_uri) && isWebUrl(ack.redirect_uri) ? ack.redirect_uri : undefined;
}
