// Helpers for presentation tests: a signed-in wallet account, a bound KTP-el credential, presentation requests, the
// request object, consent records and direct_post responses, all over app.request().
import { randomUUID } from 'node:crypto';
import { CONSENT_SCHEMA_VERSION, type ConsentDataItem, type ConsentRecord, type ConsentState } from '../../shared/consent/record.js';
import { signConsentRecord } from '../../shared/consent/sign.js';
import { jwkThumbprint } from '../../shared/crypto/jwk.js';
import { decodeBase64urlJson } from '../../shared/encoding/base64url.js';
import type { ClaimPath } from '../../shared/sdjwt/disclosure.js';
import { presentSdJwt } from '../../shared/sdjwt/present.js';
import { createNodeCryptoProvider } from '../../verifier/crypto/node-crypto.js';
import type { JsonObject } from '../../shared/jose/jws.js';
import { dukcapilClaims, holderKey, jknClaims, jsonInit, runIssuance, type HolderKey, type Requester } from './issuance.js';
import { registerCitizen } from './citizen.js';
import { createTestApp, TEST_KEK } from './test-app.js';
import { seedDemo } from '../../verifier/registry/demo-seed.js';
import { registryDepsFrom } from '../../verifier/routes/deps.js';

export const ORIGIN = 'http://localhost:3000';
export const crypto = createNodeCryptoProvider();

export interface RequestObjectPayload {
  client_id: string;
  nonce: string;
  state: string;
  response_uri: string;
  dcql_query: { credentials: { id: string }[] };
  sahih_purpose: {
    code: string;
    description: { id: string; en: string };
    legalBasis: ConsentRecord['legalBasis'];
    retentionDays: number;
    recipients: { id: string; name: string }[];
    controller: { id: string; name: string; contact: string; dpoContact: string; privacyNoticeUrl: string };
  };
  [k: string]: unknown;
}

export async function signedInCookie(request: Requester): Promise<{ cookie: string; accountId: string }> {
  const citizen = await registerCitizen(request);
  return { cookie: citizen.cookie, accountId: citizen.accountId };
}

/** A KTP-el issued by Dukcapil; bound to the account when a session cookie is given. */
export async function issueKtp(options: { request: Requester; apiKey: string; nowSeconds: () => number; cookie?: string; holder?: HolderKey; agencyRef?: string }) {
  return issueCard({ ...options, agencyId: 'dukcapil', credentialType: 'ktp-el', claims: dukcapilClaims });
}

/** A JKN-KIS card issued by BPJS Kesehatan (its own holder key, as the wallet keeps one per card). */
export async function issueJkn(options: { request: Requester; apiKey: string; nowSeconds: () => number; cookie?: string; holder?: HolderKey }) {
  return issueCard({ ...options, agencyId: 'bpjs-kesehatan', credentialType: 'kartu-jkn', claims: jknClaims });
}

async function issueCard(options: {
  request: Requester;
  apiKey: string;
  nowSeconds: () => number;
  cookie?: string;
  holder?: HolderKey;
  agencyRef?: string;
  agencyId: string;
  credentialType: string;
  claims: Record<string, unknown>;
}) {
  const holder = options.holder ?? holderKey();
  const request: Requester = options.cookie
    ? (path, init) => options.request(path, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: options.cookie! } })
    : options.request;
  const issued = await runIssuance({
    request,
    agencyId: options.agencyId,
    apiKey: options.apiKey,
    offer: { credentialType: options.credentialType, claims: options.claims as JsonObject, ...(options.agencyRef ? { agencyRef: options.agencyRef } : {}) },
    holder,
    nowSeconds: options.nowSeconds,
    issuerUrl: `${ORIGIN}/issuers/${options.agencyId}`,
  });
  return { ...issued, holder, thumbprint: await jwkThumbprint(holder.publicJwk, crypto) };
}

export async function createRequest(request: Requester, agencyId: string, apiKey: string, body: Record<string, unknown>) {
  const res = await request(`/v1/agencies/${agencyId}/presentation-requests`, jsonInit(body, { authorization: `Bearer ${apiKey}` }));
  return { res, body: (await res.json()) as Record<string, unknown> };
}

export async function fetchRequestObject(request: Requester, requestUri: string) {
  const res = await request(new URL(requestUri).pathname);
  const jwt = await res.text();
  return { res, jwt, payload: res.status === 200 ? (decodeBase64urlJson(jwt.split('.')[1]!) as RequestObjectPayload) : undefined };
}

export async function present(options: { sdJwt: string; holder: HolderKey; disclose: ClaimPath[]; audience: string; nonce: string; issuedAt: number }) {
  return presentSdJwt({
    sdJwt: options.sdJwt,
    crypto,
    disclose: options.disclose,
    keyBinding: { signer: options.holder.signer, audience: options.audience, nonce: options.nonce, issuedAt: options.issuedAt },
  });
}

export function consentRecordFor(ro: RequestObjectPayload, o: { thumbprint: string; dataItems: ConsentDataItem[]; at: number; state?: ConsentState; requestId: string; overrides?: Partial<ConsentRecord> }): ConsentRecord {
  const p = ro.sahih_purpose;
  const state = o.state ?? 'active';
  return {
    recordId: randomUUID(),
    schemaVersion: CONSENT_SCHEMA_VERSION,
    createdAt: o.at,
    jurisdiction: 'ID',
    language: 'id',
    subject: { holderKeyThumbprint: o.thumbprint },
    controller: { id: p.controller.id, name: p.controller.name, contact: p.controller.contact, dpoContact: p.controller.dpoContact },
    privacyNotice: { url: p.controller.privacyNoticeUrl, sha256: 'AAAA' },
    purpose: { code: p.code, description: p.description },
    legalBasis: p.legalBasis,
    dataItems: o.dataItems,
    retentionDays: p.retentionDays,
    recipients: p.recipients,
    withdrawal: { method: { id: 'Tarik di dompet Sahih', en: 'Withdraw in the Sahih wallet' }, url: `${ORIGIN}/` },
    rights: { id: 'Hak Anda menurut UU PDP', en: 'Your rights under UU PDP' },
    supervisingAuthority: { name: 'Lembaga PDP', contact: 'pengaduan@pdp.go.id' },
    presentation: { requestId: o.requestId, nonce: ro.nonce, audience: ro.client_id },
    state,
    statusHistory: [{ state, at: o.at }],
    ...o.overrides,
  };
}

export async function signConsent(record: ConsentRecord, holder: HolderKey) {
  return signConsentRecord(record, holder.signer);
}

export async function postResponse(request: Requester, responseUri: string, fields: Record<string, string>) {
  const res = await request(new URL(responseUri).pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { res, body: (await res.json()) as Record<string, unknown> };
}

/** A test app with the demo registry seeded and a frozen clock the caller moves (`clock.now`). */
export async function seededApp(clock: { now: number }) {
  const t = await createTestApp({ now: () => clock.now });
  const keys = await seedDemo(registryDepsFrom({ config: { publicUrl: ORIGIN, keyEncryptionKey: TEST_KEK }, store: t.store, now: () => clock.now }).ctx);
  const request: Requester = async (path, init) => t.app.request(path, init);
  return { t, keys, request };
}
