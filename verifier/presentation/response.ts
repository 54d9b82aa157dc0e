// The OpenID4VP response endpoint (direct_post): the wallet's answer to one request — shared or declined. Checks run
// in a fixed order, each a named guard with its own code, and nothing is stored unless all pass. On success one
// durable transaction appends the access event, consumes the request, stores the consent record and the disclosed
// values sealed for the agency; the wallet gets the receipt and the consent record id.
import { toEs256PublicJwk } from '../../shared/crypto/jwk.js';
import type { Es256PublicJwk } from '../../shared/crypto/types.js';
import { credentialSetsOf, unmetRequiredSet } from '../../shared/dcql/sets.js';
import type { CredentialQuery, DcqlQuery } from '../../shared/dcql/types.js';
import type { JsonObject } from '../../shared/jose/jws.js';
import { recordAccessEvent, type Receipt } from '../access/record.js';
import { consentExpiresAt } from '../consent/expires-at.js';
import { AppError } from '../errors.js';
import { pinNewConsent } from '../consent/review.js';
import { requireActiveAgency } from '../registry/agencies.js';
import { requireSealer, type StoreView } from '../registry/context.js';
import type { PresentationRequestRecord } from '../store/repos/presentation-requests.js';
import type { AgencyRecord, PurposeRecord } from '../store/types.js';
import { matchClaimSet, pickClaims, type MatchedOption } from './claims-match.js';
import { clientOfRequest } from './request-client.js';
import { decryptResponse } from './response-encryption.js';
import { consentEvidence, type ConsentEvidence } from './consent-receipt.js';
import { holderRefOf, responseCodeOf } from './holder-ref.js';
import type { RequestClientRecord } from '../store/repos/request-clients.js';
import { checkConsentRecord, expectedDataItems } from './consent-check.js';
import type { PresentationDeps } from './deps.js';
import { requireLiveRequest, requirePurpose } from './requests.js';
import { sealResult } from './result.js';
import { RESULT_VALUES_TTL_MS } from '../webhooks/enqueue.js';
import { enqueuePresentationResult } from './webhook-result.js';
import { checkDisclosedWithinPurpose, verifyPresentation, type VerifiedPresentation } from './verify-presentation.js';

/** How long the agency has to fetch the disclosed values before the sweep deletes them unread. */
export const RESULT_TTL_MS = 10 * 60 * 1000;

/** The form parameters of a direct_post response (OpenID4VP 1.0 §8.2), plus Sahih's extensions. */
export interface PresentationResponseForm {
  vp_token?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
  /**
   * Sahih extension: the consent record (compact JWS, signed by the holder key). OpenID4VP 1.0 lets a response carry
   * parameters beyond vp_token and state (§8: "other parameters ... MAY be included"), and verifiers ignore unknown ones.
   */
  consent_record?: string | undefined;
  /** Sahih extension, declines only: the holder's public JWK (JSON), since no credential carries it then. */
  holder_jwk?: string | undefined;
  /** direct_post.jwt (OpenID4VP 1.0 §8.3): every parameter above, encrypted to the request's key as one JWE. */
  response?: string | undefined;
}

export interface ResponseOutcome {
  status: 'shared' | 'declined';
  consentRecordId?: string;
  receipt?: Receipt;
  /** OpenID4VP 1.0 §8.2: where the wallet sends the citizen next (same-device requests with a return URL). */
  redirect_uri?: string;
}

interface Answered {
  query: CredentialQuery;
  presentation: VerifiedPresentation;
  option: MatchedOption;
}

export async function receivePresentationResponse(deps: PresentationDeps, requestId: string, posted: PresentationResponseForm): Promise<ResponseOutcome> {
  const request = await requireLiveRequest(deps.ctx, requestId);
  const client = await clientOfRequest(deps.ctx, request);
  const form = client.responseKeySealed === null ? posted : await decryptResponse(deps.ctx, client, posted.response);
  requireUnanswered(request);
  requireStateMatch(request, form.state);
  const agency = await requireActiveAgency(deps.ctx.store, request.agencyId);
  const purpose = await requirePurpose(deps.ctx, agency.id, request.purposeCode);
  const { clientId } = client;
  if (form.error !== undefined) return withRedirect(deps, client, request.id, await recordDecline(deps, { request, agency, purpose, clientId, form }));

  const query = JSON.parse(request.dcql) as DcqlQuery;
  const tokens = parseVpToken(form.vp_token, query);
  const answered: Answered[] = [];
  for (const cq of query.credentials) {
    const token = tokens[cq.id];
    if (token === undefined) continue;
    // Each presentation's KB-JWT is checked against its own credential's cnf key, with this request's nonce and audience.
    const presentation = await verifyPresentation(deps, token, { nonce: request.nonce, audience: clientId });
    checkDisclosedWithinPurpose(purpose, presentation);
    answered.push({ query: cq, presentation, option: matchClaimSet(cq, presentation) });
  }
  const holder = consentSigner(answered);
  // A key no account holds is no longer refused (issue 17): the access is logged under its holder_ref, and shown to
  // the citizen who later proves possession of the key.
  const accountId = await accountOfHolders(deps, answered);
  const sharedClaimIds = Object.fromEntries(answered.map((a) => [a.query.id, a.option.claimIds]));
  const consent = await consentEvidence({
    token: form.consent_record,
    holderJwk: holder.jwk,
    holderThumbprint: holder.thumbprint,
    crypto: deps.ctx.crypto,
    expected: { state: 'active', agency, purpose, request, clientId, sharedClaimIds },
    requireSigned: client.requireSignedConsent === true,
    now: deps.ctx.now(),
  });
  const values: Record<string, JsonObject> = Object.fromEntries(
    answered.map((a) => [a.query.id, pickClaims(a.presentation.claims, a.option.claims.map((c) => c.path))]),
  );
  const holders = answered.map((a) => ({ queryId: a.query.id, vct: a.presentation.vct, thumbprint: a.presentation.holderThumbprint }));
  const outcome = await storeShared(deps, { request, agency, purpose, accountId, thumbprint: holder.thumbprint, holderJwk: holder.jwk, holders, consent, values, query, sharedClaimIds });
  return withRedirect(deps, client, request.id, outcome);
}

/** Same-device flows (OpenID4VP 1.0 §8.2): the wallet sends the citizen back to the agency's page with a response code. */
function withRedirect(deps: PresentationDeps, client: RequestClientRecord, requestId: string, outcome: ResponseOutcome): ResponseOutcome {
  if (!client.returnUrl) return outcome;
  const url = new URL(client.returnUrl);
  url.searchParams.set('response_code', responseCodeOf(requireSealer(deps.ctx), requestId));
  return { ...outcome, redirect_uri: url.toString() };
}

function requireUnanswered(request: PresentationRequestRecord): void {
  if (request.status !== 'pending') throw new AppError('presentation_replayed', { detail: 'This presentation request has already been answered.' });
}

function requireStateMatch(request: PresentationRequestRecord, state: string | undefined): void {
  if (state !== request.state) throw new AppError('state_mismatch', { detail: 'The state is not the one in this request object.' });
}

/**
 * vp_token (OpenID4VP 1.0 §8.1 with DCQL): a JSON object, credential query id -> array of exactly one presentation
 * (Sahih never sets `multiple`). Ids may be left out only as credential_sets allow (§6.4.2): every required set needs
 * one of its options answered in full, else required_credential_missing.
 */
export function parseVpToken(raw: string | undefined, query: DcqlQuery): Record<string, string> {
  const bad = (detail: string) => new AppError('invalid_vp_token', { detail });
  if (!raw) throw bad('vp_token is required.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw bad('vp_token must be a JSON object.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw bad('vp_token must be a JSON object keyed by credential query id.');
  const entries = parsed as Record<string, unknown>;
  const ids = new Set(query.credentials.map((c) => c.id));
  const extra = Object.keys(entries).find((k) => !ids.has(k));
  if (extra !== undefined) throw bad('vp_token names a credential query the request does not have.');
  const out: Record<string, string> = {};
  for (const id of ids) {
    if (!Object.hasOwn(entries, id)) continue;
    const value = entries[id];
    if (!Array.isArray(value) || value.length !== 1 || typeof value[0] !== 'string' || value[0].length === 0) {
      throw bad(`vp_token.${id} must be an array holding exactly one presentation string.`);
    }
    out[id] = value[0];
  }
  const unmet = unmetRequiredSet(query, Object.keys(out));
  if (unmet !== undefined) {
    const options = credentialSetsOf(query)[unmet]!.options.map((o) => o.join(' + ')).join(' or ');
    throw new AppError('required_credential_missing', { detail: `vp_token answers no option of a required credential set: send ${options}.` });
  }
  return out;
}

/**
 * Who signs the consent record: the holder key of the first credential query answered, in the query's order. Each
 * card in a Sahih wallet has its own holder key, so an answer with several cards carries several keys; the record
 * names one of them as its subject and the access event lists every card's key.
 */
function consentSigner(answered: Answered[]): { jwk: Es256PublicJwk; thumbprint: string } {
  const first = answered[0]!.presentation;
  return { jwk: first.holderJwk, thumbprint: first.holderThumbprint };
}

/** The account the answer's holder keys are bound to (null when none is); keys of two different accounts are refused. */
async function accountOfHolders(deps: PresentationDeps, answered: Answered[]): Promise<string | null> {
  const thumbprints = [...new Set(answered.map((a) => a.presentation.holderThumbprint))];
  const accounts = new Set<string>();
  for (const thumbprint of thumbprints) {
    const account = await deps.ctx.store.holderBindings.accountFor(thumbprint);
    if (account) accounts.add(account);
  }
  if (accounts.size > 1) throw new AppError('invalid_vp_token', { detail: "The presentations are bound to holder keys of different people's accounts." });
  return [...accounts][0] ?? null;
}

async function storeShared(
  deps: PresentationDeps,
  s: {
    request: PresentationRequestRecord;
    agency: AgencyRecord;
    purpose: PurposeRecord;
    accountId: string | null;
    thumbprint: string;
    holderJwk: Es256PublicJwk;
    /** Every card presented, with its holder key: more than one when the request asked for several credentials. */
    holders: { queryId: string; vct: string; thumbprint: string }[];
    consent: ConsentEvidence;
    values: Record<string, JsonObject>;
    query: DcqlQuery;
    sharedClaimIds: Record<string, string[]>;
  },
): Promise<ResponseOutcome> {
  const sealer = requireSealer(deps.ctx);
  const now = deps.ctx.now();
  const sealed = sealResult(sealer, s.request.id, s.values);
  const recorded = await recordAccessEvent(
    { log: deps.log, now: deps.ctx.now },
    {
      kind: 'presentation_shared',
      accountId: s.accountId,
      agencyRef: s.request.agencyRef ?? null,
      agency: { id: s.agency.id, name: s.agency.legalName },
      subject: { holderKeyThumbprint: s.thumbprint },
      purpose: { code: s.purpose.code, description: s.purpose.description },
      legalBasis: s.purpose.legalBasis,
      dataItems: [...new Set(expectedDataItems(s.query, s.sharedClaimIds).filter((d) => d.shared).map((d) => d.name))],
      consentRecordId: s.consent.recordId,
      requestId: s.request.id,
      ...(s.holders.length > 1 ? { details: credentialDetails(s.holders) } : {}),
    },
    {
      write: async (tx, leafIndex, eventId) => {
        const holderRef = holderRefOf(sealer, s.thumbprint);
        // One event row per event id: an unbound answer is found under the consent signer's key (the first card's).
        if (s.accountId === null) await tx.holderKeys.recordEvent(eventId, holderRef, now);
        // Webhook mode: the values travel sealed in the delivery instead, so they are never also left for a poll.
        const queued =
          s.request.responseMode === 'webhook' &&
          (await enqueuePresentationResult(tx, sealer, { request: s.request, status: 'shared', at: now, deliveryId: eventId, consentRecordId: s.consent.recordId, event: { id: eventId, leafIndex }, values: s.values }));
        const answered = await tx.presentationRequests.answer(s.request.id, {
          status: 'shared',
          at: now,
          consentRecordId: s.consent.recordId,
          accessEventId: eventId,
          resultSealed: queued ? null : sealed,
          resultExpiresAt: queued ? null : now + RESULT_TTL_MS,
        });
        if (!answered) throw new AppError('presentation_replayed', { detail: 'This presentation request has already been answered.' });
        await storeConsent(tx, s, holderRef, now, Boolean(queued));
      },
    },
  );
  return { status: 'shared', consentRecordId: s.consent.recordId, receipt: recorded.receipt };
}

/**
 * The access event of an answer with several cards names each one (value-free): `credential.<query id>` is the
 * card's type (vct) and `holderKey.<query id>` its holder key thumbprint, so the event records every credential used.
 */
function credentialDetails(holders: { queryId: string; vct: string; thumbprint: string }[]): Record<string, string> {
  return Object.fromEntries(holders.flatMap((h) => [[`credential.${h.queryId}`, h.vct], [`holderKey.${h.queryId}`, h.thumbprint]]));
}

/** The holder-signed record of a bound key joins the citizen's consents; anything else is kept as a receipt. */
async function storeConsent(
  tx: StoreView,
  s: { request: PresentationRequestRecord; agency: AgencyRecord; purpose: PurposeRecord; accountId: string | null; thumbprint: string; holderJwk: Es256PublicJwk; consent: ConsentEvidence },
  holderRef: string,
  now: number,
  queued: boolean,
): Promise<void> {
  const { consent } = s;
  if (consent.kind === 'holder_signed' && s.accountId !== null) {
    const stored = await tx.consents.insert({
      id: consent.recordId,
      accountId: s.accountId,
      agencyId: s.agency.id,
      purposeCode: s.purpose.code,
      requestId: s.request.id,
      state: 'active',
      recordJws: consent.jws,
      holderThumbprint: s.thumbprint,
      holderJwk: JSON.stringify(s.holderJwk),
      createdAt: now,
      updatedAt: now,
      expiresAt: consentExpiresAt({ sharedAt: now, retentionDays: s.request.retentionDays, resultDeliverableUntil: now + (queued ? RESULT_VALUES_TTL_MS : RESULT_TTL_MS) }),
    });
    if (!stored) throw new AppError('consent_invalid', { detail: 'A consent record with this recordId already exists.' });
    // What the citizen agreed under, so a later change of the notice or purpose asks them again (issue 21).
    await pinNewConsent(tx, { id: consent.recordId, agencyId: s.agency.id, purposeCode: s.purpose.code, recordNoticeSha256: consent.record.privacyNotice.sha256, at: now });
    return;
  }
  await tx.holderKeys.insertReceipt({
    id: consent.recordId,
    requestId: s.request.id,
    agencyId: s.agency.id,
    kind: consent.kind,
    holderRef,
    record: consent.kind === 'holder_signed' ? consent.jws : JSON.stringify(consent.record),
    createdAt: now,
  });
}

/**
 * A decline (`error=access_denied`). With a valid refused consent record from a bound holder key it is logged as
 * `presentation_declined` and the record kept; without one the request is only marked declined (nobody to show it to).
 */
async function recordDecline(
  deps: PresentationDeps,
  d: { request: PresentationRequestRecord; agency: AgencyRecord; purpose: PurposeRecord; clientId: string; form: PresentationResponseForm },
): Promise<ResponseOutcome> {
  if (d.form.error !== 'access_denied') {
    throw new AppError('invalid_request', { detail: 'The only error a wallet may answer with here is access_denied.' });
  }
  const now = deps.ctx.now();
  const declined = { status: 'declined' as const, at: now, accessEventId: null, resultSealed: null, resultExpiresAt: null };
  if (d.form.consent_record === undefined) {
    await deps.ctx.store.transaction(async (tx) => {
      if (!(await tx.presentationRequests.answer(d.request.id, { ...declined, consentRecordId: null }))) {
        throw new AppError('presentation_replayed', { detail: 'This presentation request has already been answered.' });
      }
      await notifyDecline(deps, tx, d.request, now, null, null);
    });
    return { status: 'declined' };
  }
  const holderJwk = parseHolderJwk(d.form.holder_jwk);
  const consent = await checkConsentRecord({
    token: d.form.consent_record,
    holderJwk,
    crypto: deps.ctx.crypto,
    expected: { state: 'refused', agency: d.agency, purpose: d.purpose, request: d.request, clientId: d.clientId, sharedClaimIds: {} },
  });
  const thumbprint = consent.subject.holderKeyThumbprint;
  const accountId = await deps.ctx.store.holderBindings.accountFor(thumbprint);
  const write = async (tx: Parameters<Parameters<typeof deps.ctx.store.transaction>[0]>[0], event: { id: string; leafIndex: number } | null) => {
    if (!(await tx.presentationRequests.answer(d.request.id, { ...declined, accessEventId: event?.id ?? null, consentRecordId: consent.recordId }))) {
      throw new AppError('presentation_replayed', { detail: 'This presentation request has already been answered.' });
    }
    await notifyDecline(deps, tx, d.request, now, consent.recordId, event);
    if (!accountId) return;
    const stored = await tx.consents.insert({
      id: consent.recordId,
      accountId,
      agencyId: d.agency.id,
      purposeCode: d.purpose.code,
      requestId: d.request.id,
      state: 'refused',
      recordJws: d.form.consent_record!,
      holderThumbprint: thumbprint,
      holderJwk: JSON.stringify(holderJwk),
      createdAt: now,
      updatedAt: now,
      expiresAt: now,
    });
    if (!stored) throw new AppError('consent_invalid', { detail: 'A consent record with this recordId already exists.' });
  };
  if (!accountId) {
    await deps.ctx.store.transaction((tx) => write(tx, null));
    return { status: 'declined', consentRecordId: consent.recordId };
  }
  const recorded = await recordAccessEvent(
    { log: deps.log, now: deps.ctx.now },
    {
      kind: 'presentation_declined',
      accountId,
      agencyRef: d.request.agencyRef ?? null,
      agency: { id: d.agency.id, name: d.agency.legalName },
      subject: { holderKeyThumbprint: thumbprint },
      purpose: { code: d.purpose.code, description: d.purpose.description },
      legalBasis: d.purpose.legalBasis,
      consentRecordId: consent.recordId,
      requestId: d.request.id,
    },
    { write: (tx, leafIndex, eventId) => write(tx, { id: eventId, leafIndex }) },
  );
  return { status: 'declined', consentRecordId: consent.recordId, receipt: recorded.receipt };
}

/** Webhook mode: the agency is told of a decline too (no values); the delivery id is the event's, or the request's. */
async function notifyDecline(
  deps: PresentationDeps,
  tx: StoreView,
  request: PresentationRequestRecord,
  at: number,
  consentRecordId: string | null,
  event: { id: string; leafIndex: number } | null,
): Promise<void> {
  if (request.responseMode !== 'webhook') return;
  await enqueuePresentationResult(tx, requireSealer(deps.ctx), { request, status: 'declined', at, deliveryId: event?.id ?? `declined-${request.id}`, consentRecordId, event });
}

function parseHolderJwk(raw: string | undefined): Es256PublicJwk {
  let parsed: unknown;
  try {
    parsed = raw === undefined ? undefined : JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const jwk = toEs256PublicJwk(parsed);
  if (!jwk) throw new AppError('consent_invalid', { detail: 'A declined response with a consent record needs holder_jwk, the public JWK that signed it.' });
  return jwk;
}
