// A presentation request on its way through the wallet: opened and checked, shown for consent, then answered (shared
// with only the chosen claims, or declined) and recorded. Kept apart from the view; nothing here renders.
import { computed, signal } from '@preact/signals';
import { jwkThumbprint } from '../../../shared/crypto/jwk.js';
import { createWebCryptoProvider, webCryptoSigner } from '../../../shared/crypto/webcrypto.js';
import { signConsentRecord } from '../../../shared/consent/sign.js';
import { matchCredential, requiredAndOptional, type CredentialMatch } from '../../../shared/dcql/match.js';
import { selectClaims } from '../../../shared/dcql/path.js';
import type { ClaimsPath, CredentialQuery } from '../../../shared/dcql/types.js';
import { presentSdJwt } from '../../../shared/sdjwt/present.js';
import { locale } from '../i18n/index.js';
import { ApiError } from '../lib/api.js';
import { buildConsentRecord, claimKey, dataItemsFor } from '../lib/consent-record.js';
import { effectiveStatus } from '../lib/credential-display.js';
import { walletDb } from '../lib/db.js';
import { handledTarget, rememberHandled } from '../lib/handled-links.js';
import { followableRedirect, openPresentationRequest, postResponse, readRequestLink, type BeyondPurpose, type OpenedRequest, type ResponseAck } from '../lib/openid4vp.js';
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
/** Optional claim ids the citizen switched on (all off by default). */
export const optionalOn = signal<ReadonlySet<string>>(new Set());
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
  presentError.value = null;
  answeredRecordId.value = null;
  returnTo.value = null;
}

/** The request's one credential query (the reader refuses requests with more). */
export const credentialQuery = computed<CredentialQuery | undefined>(() => verifiedRequest.value?.query.credentials[0]);

/** The newest usable card that can answer the query, with its satisfiable claim-set options. */
export const candidate = computed<{ view: CredentialView; match: CredentialMatch } | undefined>(() => {
  const query = credentialQuery.value;
  if (!query) return undefined;
  for (const view of credentials.value ?? []) {
    if (effectiveStatus(view) !== 'valid' || !view.vct) continue;
    const match = matchCredential(query, { ref: view.id, format: 'dc+sd-jwt', vct: view.vct, claims: view.claims });
    if (match) return { view, match };
  }
  return undefined;
});

export interface ConsentClaim {
  id: string;
  path: ClaimsPath;
  required: boolean;
  /** What the citizen holds at this path (concrete paths and values), empty when the card lacks it. */
  held: { path: (string | number)[]; value: unknown }[];
}

/** The query's claims as the consent screen lists them: required first, then optional, in the verifier's order. */
export const consentClaims = computed<ConsentClaim[]>(() => {
  const query = credentialQuery.value;
  if (!query) return [];
  const { required } = requiredAndOptional(query);
  const view = candidate.value?.view;
  const claims = (query.claims ?? []).map((claim, i) => {
    const id = claimKey(claim, i);
    const selected = view ? selectClaims(view.claims, claim.path) : undefined;
    return { id, path: claim.path, required: required.includes(id), held: selected?.ok ? selected.selected : [] };
  });
  return [...claims.filter((c) => c.required), ...claims.filter((c) => !c.required)];
});

/** Required claims plus the optional ones switched on: must be exactly one of the query's claim-set options. */
export const chosenOption = computed(() => {
  const match = candidate.value?.match;
  if (!match) return undefined;
  const wanted = new Set(consentClaims.value.filter((c) => c.required || optionalOn.value.has(c.id)).map((c) => c.id));
  return match.options.find((o) => o.claimIds.length === wanted.size && o.claimIds.every((id) => wanted.has(id)));
});

export function setOptional(id: string, on: boolean): void {
  const next = new Set(optionalOn.value);
  if (on) next.add(id);
  else next.delete(id);
  optionalOn.value = next;
}

export async function openRequest(text: string): Promise<void> {
  resetPresent();
  presentStep.value = 'opening';
  try {
    const link = readRequestLink(text);
    // Answered before from this wallet: show where the answer is rather than fetching a spent request again.
    const earlier = await handledTarget('request', link.requestUri);
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

async function record(request: OpenedRequest, fields: Pick<PresentationRecord, 'decision' | 'claimNames' | 'credentialId' | 'consentRecordJws'>, ack: ResponseAck, consentRecordId: string | undefined) {
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

/** Confirm with the passkey, present only the chosen claims with a KB-JWT, sign the consent record, post both. */
export async function approve(): Promise<void> {
  const request = verifiedRequest.value;
  const query = credentialQuery.value;
  const held = candidate.value;
  const option = chosenOption.value;
  if (!request || !query || !held || !option) return;
  presentError.value = null;
  try {
    presentStep.value = 'confirming';
    await confirmWithPasskey();
    presentStep.value = 'sending';
    const key = await holderKeyOf(held.view);
    const presentation = await presentSdJwt({
      sdJwt: held.view.sdJwt,
      crypto: cryptoProvider,
      disclose: option.selected.map((s) => s.path),
      keyBinding: { signer: key.signer, audience: request.clientId, nonce: request.nonce, issuedAt: nowSeconds() },
    });
    const chosen = { [query.id]: option.claimIds };
    const form: Record<string, string> = { vp_token: JSON.stringify({ [query.id]: [presentation] }), state: request.state };
    let consent: { recordId: string; jws: string } | undefined;
    // Sahih's signed consent record goes only to agencies of its registry: no one else reads it.
    if (request.registered) {
      const built = await buildConsentRecord({
        request,
        state: 'active',
        chosen,
        holderKeyThumbprint: key.thumbprint,
        language: locale.value,
        origin: location.origin,
        crypto: cryptoProvider,
        nowSeconds: nowSeconds(),
      });
      consent = { recordId: built.recordId, jws: await signConsentRecord(built, key.signer) };
      form.consent_record = consent.jws;
    }
    const ack = await postResponse(request, form);
    const claimNames = dataItemsFor(request.query, chosen).filter((d) => d.shared).map((d) => d.name);
    await record(request, { decision: 'shared', claimNames, credentialId: held.view.id, consentRecordJws: consent?.jws }, ack, consent?.recordId);
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
    const held = candidate.value;
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
