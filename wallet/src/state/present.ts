// A presentation request on its way through the wallet: opened and checked, shown for consent, then answered (shared
// with only the chosen claims, or declined) and recorded. Kept apart from the view; nothing here renders.
import { computed, signal } from '@preact/signals';
import { jwkThumbprint } from '../../../shared/crypto/jwk.js';
import { createWebCryptoProvider, webCryptoSigner } from '../../../shared/crypto/webcrypto.js';
import { signConsentRecord } from '../../../shared/consent/sign.js';
import { consentDataItems } from '../../../shared/consent/data-items.js';
import { requiredAndOptional, type ClaimOption, type HeldCredential } from '../../../shared/dcql/match.js';
import { selectClaims } from '../../../shared/dcql/path.js';
import type { ClaimsPath, CredentialQuery } from '../../../shared/dcql/types.js';
import { presentSdJwt } from '../../../shared/sdjwt/present.js';
import { locale } from '../i18n/index.js';
import { ApiError } from '../lib/api.js';
import { buildConsentRecord, claimKey } from '../lib/consent-record.js';
import { chosenClaimOption, chosenQueryIds, defaultOptionalClaims, defaultSetOptions, firstMatch, setChoices, setsAnswerable, type HeldMatch, type SetChoice } from '../lib/dcql-choice.js';
import { effectiveStatus } from '../lib/credential-display.js';
import { walletDb } from '../lib/db.js';
import { handledTarget, rememberHandled } from '../lib/handled-links.js';
import { followableRedirect, openPresentationRequest, postResponse, readRequestLink, requestLinkKey, type BeyondPurpose, type OpenedRequest, type ResponseAck } from '../lib/openid4vp.js';
import { savePresentationRecord, type PresentationRecord } from './presentation-records.js';
import { confirmWithPasskey, ensureUnlocked } from './session.js';
import { credentials, type CredentialView } from './wallet.js';

/** 'already': this wallet answered the request before; `answeredRecordId` names the local record of that answer. */
export type PresentStep = 'input' | 'opening' | 'beyond' | 'consent' | 'confirming' | 'sending' | 'done' | 'already';

/** Text from the scan screen (or a pasted link elsewhere), handed to the presentation screen. */
export const pendingRequest = signal<string | null>(null);
export const presentStep = signal<PresentStep>('input');
export const verifiedRequest = signal<OpenedRequest | null>(null);
export const beyondPurpose = signal<BeyondPurpose | null>(null);
/** Optional claims switched on, as ConsentClaim ids (`<credential query id>/<claim id>`); see defaultOptionalClaims. */
export const optionalOn = signal<ReadonlySet<string>>(new Set());
/** Per credential set: the index of the chosen option, or null when an optional set is left out. */
export const setOption = signal<readonly (number | null)[]>([]);
export const presentError = signal<unknown>(null);
/** The local record made by the last answer, for the receipt screen. */
export const answeredRecordId = signal<string | null>(null);
/** Where the verifier sends the citizen after a same-device answer (its `redirect_uri`), instead of the receipt. */
export const returnTo = signal<string | null>(null);

const cryptoProvider = createWebCryptoProvider();
const nowSeconds = () => Math.floor(Date.now() / 1000);

export function resetPresent(): void {
  presentStep.value = 'input';
  verifiedRequest.value = null;
  beyondPurpose.value = null;
  optionalOn.value = new Set();
  setOption.value = [];
  presentError.value = null;
  answeredRecordId.value = null;
  returnTo.value = null;
}

export interface ConsentClaim {
  /** `<credential query id>/<claim id>`: unique across the request's cards. */
  id: string;
  /** The claim's id within its credential query (its DCQL `id`, or its index). */
  claimId: string;
  /** The credential query, named only when the request asks for several cards (keeps one card's screen as before). */
  queryId?: string;
  path: ClaimsPath;
  required: boolean;
  /** What the citizen holds at this path (concrete paths and values), empty when the card lacks it. */
  held: { path: (string | number)[]; value: unknown }[];
}

/** One credential query as the consent screen shows it: the newest usable card that answers it, and its claims. */
export interface CardAsk {
  query: CredentialQuery;
  held?: HeldMatch<CredentialView>;
  /** Required first, then optional, in the verifier's order. */
  claims: ConsentClaim[];
}

const claimRef = (queryId: string, claimId: string) => `${queryId}/${claimId}`;

const toHeld = (view: CredentialView): HeldCredential | undefined =>
  effectiveStatus(view) === 'valid' && view.vct ? { ref: view.id, format: 'dc+sd-jwt', vct: view.vct, claims: view.claims } : undefined;

function askFor(query: CredentialQuery, several: boolean): CardAsk {
  const held = firstMatch(query, credentials.value ?? [], toHeld);
  const { required } = requiredAndOptional(query);
  const claims = (query.claims ?? []).map((claim, i): ConsentClaim => {
    const claimId = claimKey(claim, i);
    const selected = held ? selectClaims(held.view.claims, claim.path) : undefined;
    return {
      id: claimRef(query.id, claimId),
      claimId,
      ...(several ? { queryId: query.id } : {}),
      path: claim.path,
      required: required.includes(claimId),
      held: selected?.ok ? selected.selected : [],
    };
  });
  return { query, ...(held ? { held } : {}), claims: [...claims.filter((c) => c.required), ...claims.filter((c) => !c.required)] };
}

/** Every credential query of the request, by id. */
export const cardAsks = computed<Map<string, CardAsk>>(() => {
  const query = verifiedRequest.value?.query;
  const several = (query?.credentials.length ?? 0) > 1;
  return new Map((query?.credentials ?? []).map((cq) => [cq.id, askFor(cq, several)]));
});

/** The request's credential sets (one required set per credential query when it has none) and what the wallet can answer. */
export const credentialSets = computed<SetChoice[]>(() => {
  const query = verifiedRequest.value?.query;
  return query ? setChoices(query, (id) => cardAsks.value.get(id)?.held !== undefined) : [];
});

/** The claim set each chosen card would share, or undefined for a combination of switches the verifier does not offer. */
function claimOptionOf(ask: CardAsk): ClaimOption | undefined {
  if (!ask.held) return undefined;
  const on = new Set(ask.claims.filter((c) => !c.required && optionalOn.value.has(c.id)).map((c) => c.claimId));
  return chosenClaimOption(ask.query, ask.held.match, on);
}

/** The cards the citizen's choices would send, each with its claim set; undefined when the request cannot be answered so. */
export const chosenAnswer = computed<{ ask: CardAsk; option: ClaimOption }[] | undefined>(() => {
  const query = verifiedRequest.value?.query;
  if (!query || !setsAnswerable(credentialSets.value, setOption.value)) return undefined;
  const ids = chosenQueryIds(query, credentialSets.value, setOption.value);
  const answer = ids.map((id) => {
    const ask = cardAsks.value.get(id)!;
    return { ask, option: claimOptionOf(ask) };
  });
  if (!answer.length || answer.some((a) => !a.option)) return undefined;
  return answer as { ask: CardAsk; option: ClaimOption }[];
});

/** Whether this card's switches make a claim set the verifier offers (else the screen says the combination is not accepted). */
export const claimsAcceptable = (ask: CardAsk) => claimOptionOf(ask) !== undefined;

export function setOptional(id: string, on: boolean): void {
  const next = new Set(optionalOn.value);
  if (on) next.add(id);
  else next.delete(id);
  optionalOn.value = next;
}

export function chooseSetOption(setIndex: number, option: number | null): void {
  const next = [...setOption.value];
  next[setIndex] = option;
  setOption.value = next;
}

/** The first card that could answer the request at all: whose key signs a refusal. */
const anyHeld = () => [...cardAsks.value.values()].find((a) => a.held)?.held;

/** Preselects each card's claim set and each credential set's option (dcql-choice.ts says which and why). */
function preselect(): void {
  const on = [...cardAsks.value.values()].flatMap((ask) => defaultOptionalClaims(ask.query, ask.held?.match).map((id) => claimRef(ask.query.id, id)));
  optionalOn.value = new Set(on);
  setOption.value = defaultSetOptions(credentialSets.value);
}

export async function openRequest(text: string): Promise<void> {
  resetPresent();
  presentStep.value = 'opening';
  try {
    const link = readRequestLink(text);
    // Answered before from this wallet: show where the answer is rather than fetching a spent request again.
    const earlier = await handledTarget('request', requestLinkKey(link));
    if (earlier) {
      answeredRecordId.value = earlier;
      presentStep.value = 'already';
      return;
    }
    const checked = await openPresentationRequest(link, { crypto: cryptoProvider, origin: location.origin, nowSeconds: nowSeconds() });
    if (!checked.ok) {
      beyondPurpose.value = checked.beyondPurpose;
      presentStep.value = 'beyond';
      return;
    }
    verifiedRequest.value = checked.request;
    preselect();
    presentStep.value = 'consent';
  } catch (error) {
    presentError.value = error;
    presentStep.value = 'input';
  }
}

async function holderKeyOf(view: CredentialView) {
  const key = await (await walletDb()).get('keys', view.keyId);
  if (!key) throw new ApiError('holder_key_missing', 0);
  return { signer: webCryptoSigner(key.privateKey), publicJwk: key.publicJwk, thumbprint: await jwkThumbprint(key.publicJwk, cryptoProvider) };
}

/** Who the wallet's own history names: the registry agency, or the verifier's host marked as outside Sahih's log. */
function verifierOf(request: OpenedRequest): Pick<PresentationRecord, 'agencyId' | 'agencyName' | 'purposeCode' | 'outsideSahih'> {
  if (request.registered) return { agencyId: request.agency.id, agencyName: request.agency.legalName, purposeCode: request.purpose.code };
  return {
    agencyId: `host:${request.verifierHost}`,
    agencyName: request.verifierHost,
    purposeCode: '',
    outsideSahih: { host: request.verifierHost, identityConfirmed: request.identityConfirmed, ...(request.selfDeclaredName ? { selfDeclaredName: request.selfDeclaredName } : {}) },
  };
}

async function record(request: OpenedRequest, fields: Pick<PresentationRecord, 'decision' | 'claimNames' | 'sharedCards' | 'credentialId' | 'consentRecordJws'>, ack: ResponseAck, consentRecordId: string | undefined) {
  const entry: PresentationRecord = {
    id: crypto.randomUUID(),
    requestId: request.requestId,
    ...verifierOf(request),
    at: Date.now(),
    ...fields,
    ...(ack.receipt ? { receipt: { eventId: ack.receipt.eventId, leafIndex: ack.receipt.leafIndex } } : {}),
    ...(ack.consentRecordId ?? consentRecordId ? { consentRecordId: ack.consentRecordId ?? consentRecordId } : {}),
  };
  if (entry.credentialId === undefined) delete entry.credentialId;
  if (entry.consentRecordJws === undefined) delete entry.consentRecordJws;
  await savePresentationRecord(entry);
  await rememberHandled('request', request.requestUri, entry.id);
  answeredRecordId.value = entry.id;
  returnTo.value = followableRedirect(ack) ?? null;
  presentStep.value = 'done';
}

/**
 * Confirm with the passkey, present each chosen card with only its chosen claims and a KB-JWT by that card's own holder
 * key, sign the consent record (with the first card's key), post them. vp_token: credential query id -> [presentation].
 */
export async function approve(): Promise<void> {
  const request = verifiedRequest.value;
  const answer = chosenAnswer.value;
  if (!request || !answer) return;
  presentError.value = null;
  try {
    presentStep.value = 'confirming';
    await confirmWithPasskey();
    presentStep.value = 'sending';
    const vpToken: Record<string, string[]> = {};
    const chosen: Record<string, string[]> = {};
    let signer: Awaited<ReturnType<typeof holderKeyOf>> | undefined;
    for (const { ask, option } of answer) {
      const key = await holderKeyOf(ask.held!.view);
      signer ??= key;
      const presentation = await presentSdJwt({
        sdJwt: ask.held!.view.sdJwt,
        crypto: cryptoProvider,
        disclose: option.selected.map((s) => s.path),
        keyBinding: { signer: key.signer, audience: request.clientId, nonce: request.nonce, issuedAt: nowSeconds() },
      });
      vpToken[ask.query.id] = [presentation];
      chosen[ask.query.id] = option.claimIds;
    }
    const form: Record<string, string> = { vp_token: JSON.stringify(vpToken), state: request.state };
    let consent: { recordId: string; jws: string } | undefined;
    // Sahih's signed consent record goes only to agencies of its registry: no one else reads it.
    if (request.registered) {
      const built = await buildConsentRecord({
        request,
        state: 'active',
        chosen,
        holderKeyThumbprint: signer!.thumbprint,
        language: locale.value,
        origin: location.origin,
        crypto: cryptoProvider,
        nowSeconds: nowSeconds(),
      });
      consent = { recordId: built.recordId, jws: await signConsentRecord(built, signer!.signer) };
      form.consent_record = consent.jws;
    }
    const ack = await postResponse(request, form);
    const shared = consentDataItems(request.query, chosen).filter((d) => d.shared);
    const claimNames = [...new Set(shared.map((d) => d.name))];
    const sharedCards =
      answer.length > 1 || request.query.credentials.length > 1
        ? answer.map(({ ask }) => ({ queryId: ask.query.id, credentialId: ask.held!.view.id, claimNames: shared.filter((d) => d.credential === ask.query.id).map((d) => d.name) }))
        : undefined;
    await record(request, { decision: 'shared', claimNames, ...(sharedCards ? { sharedCards } : {}), credentialId: answer[0]!.ask.held!.view.id, consentRecordJws: consent?.jws }, ack, consent?.recordId);
  } catch (error) {
    presentError.value = error;
    presentStep.value = 'consent';
  }
}

/** Declines: error=access_denied, with a refused consent record signed by the matching card's holder key when there is one. */
export async function decline(): Promise<void> {
  const request = verifiedRequest.value;
  if (!request) return;
  presentError.value = null;
  presentStep.value = 'sending';
  try {
    // The refusal is recorded in the vault too: open it before anything is sent.
    await ensureUnlocked();
    const held = anyHeld();
    const form: Record<string, string> = { error: 'access_denied', state: request.state };
    let consentJws: string | undefined;
    let recordId: string | undefined;
    if (held && request.registered) {
      const key = await holderKeyOf(held.view);
      const consent = await buildConsentRecord({
        request,
        state: 'refused',
        chosen: {},
        holderKeyThumbprint: key.thumbprint,
        language: locale.value,
        origin: location.origin,
        crypto: cryptoProvider,
        nowSeconds: nowSeconds(),
      });
      consentJws = await signConsentRecord(consent, key.signer);
      recordId = consent.recordId;
      form.consent_record = consentJws;
      form.holder_jwk = JSON.stringify(key.publicJwk);
    }
    const ack = await postResponse(request, form);
    await record(request, { decision: 'declined', claimNames: [], credentialId: held?.view.id, consentRecordJws: consentJws }, ack, recordId);
  } catch (error) {
    presentError.value = error;
    presentStep.value = 'consent';
  }
}
