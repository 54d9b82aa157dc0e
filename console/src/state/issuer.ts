// Issuing: the chosen credential type, the form's values and errors, the created offer, and the issued credentials
// with their status actions. Kept apart from the view.
import { signal } from '@preact/signals';
import { agencyPath, ApiError, request } from '../lib/api.js';
import type { MessageKey } from '../i18n/id.js';
import { agencyRefProblem } from '../lib/agency-ref.js';
import { onSessionEnd } from '../lib/session.js';
import { buildClaims, serverFieldErrors, validate, type CredentialType, type FormErrors, type FormValues } from '../lib/claims-form.js';

export interface CreatedOffer {
  offerId: string;
  credentialOfferUri: string;
  qrSvg: string;
  txCode?: string;
  expiresAt: string;
}

/** The offer's state as the service reports it (GET .../offers/{id}); no claim values. */
export interface OfferState {
  state: 'pending' | 'redeemed' | 'issued' | 'expired' | 'cancelled';
  issuedAt: string | null;
}

export type CredentialStatus = 'valid' | 'suspended' | 'revoked';

export interface IssuedCredential {
  credentialId: string;
  credentialType: string;
  status: CredentialStatus;
  statusList: { uri: string; idx: number };
  issuedAt: string;
  expiresAt: string;
  agencyRef: string | null;
}

export const typeId = signal<string>('');
export const values = signal<FormValues>({});
export const errors = signal<FormErrors>({});
export const withTxCode = signal(false);
export const submitting = signal(false);
export const submitError = signal<unknown>(null);
export const offer = signal<CreatedOffer | null>(null);
/** The agency's own reference for the next offer (optional). */
export const agencyRef = signal('');
export const agencyRefError = signal<MessageKey | null>(null);
/** The created offer's state, polled until the citizen has received the card or the offer has ended. */
export const offerState = signal<OfferState | null>(null);
/** The search term the issued list is filtered by (contained in the agency reference). */
export const search = signal('');

export const issued = signal<IssuedCredential[] | null>(null);
export const listError = signal<unknown>(null);
export const actionError = signal<unknown>(null);
/** The last status change, announced in a live region: [credential reference, new status]. */
export const lastChange = signal<[string, CredentialStatus] | null>(null);

export function chooseType(id: string): void {
  typeId.value = id;
  values.value = {};
  errors.value = {};
  submitError.value = null;
}

export function setValue(key: string, value: string | boolean): void {
  values.value = { ...values.value, [key]: value };
  if (errors.value[key]) {
    const { [key]: _gone, ...rest } = errors.value;
    errors.value = rest;
  }
}

export const OFFER_POLL_MS = 2000;
let offerTimer: ReturnType<typeof setTimeout> | undefined;

function stopOfferPoll(): void {
  if (offerTimer) clearTimeout(offerTimer);
  offerTimer = undefined;
}

/** Follows the offer until it is issued or has ended; then the QR code and transaction code leave the screen. */
async function pollOffer(offerId: string): Promise<void> {
  if (offer.value?.offerId !== offerId) return;
  try {
    const next = await request<OfferState>(agencyPath(`/offers/${encodeURIComponent(offerId)}`));
    if (offer.value?.offerId !== offerId) return;
    offerState.value = next;
    if (next.state === 'issued') void loadIssued();
    if (next.state === 'pending' || next.state === 'redeemed') offerTimer = setTimeout(() => void pollOffer(offerId), OFFER_POLL_MS);
  } catch {
    offerTimer = setTimeout(() => void pollOffer(offerId), OFFER_POLL_MS);
  }
}

export function newOffer(): void {
  stopOfferPoll();
  offer.value = null;
  offerState.value = null;
  agencyRef.value = '';
  values.value = {};
  errors.value = {};
}

const todayInJakarta = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

/** Validates in the browser, then asks the server, which checks again; its field errors land on the same fields. */
export async function submitOffer(type: CredentialType): Promise<boolean> {
  submitError.value = null;
  const found = validate(type, values.value, todayInJakarta());
  errors.value = found;
  const ref = agencyRef.value.trim();
  agencyRefError.value = ref ? agencyRefProblem(ref) : null;
  if (Object.keys(found).length || agencyRefError.value) return false;
  submitting.value = true;
  try {
    offer.value = await request<CreatedOffer>(agencyPath('/offers'), {
      method: 'POST',
      body: { credentialType: type.id, claims: buildClaims(type, values.value), ...(withTxCode.value ? { txCode: true } : {}), ...(ref ? { agencyRef: ref } : {}) },
    });
    offerState.value = { state: 'pending', issuedAt: null };
    stopOfferPoll();
    offerTimer = setTimeout(() => void pollOffer(offer.value!.offerId), OFFER_POLL_MS);
    void loadIssued();
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.fieldErrors.length) errors.value = serverFieldErrors(error.fieldErrors);
    if (error instanceof ApiError && error.fieldErrors.some((e) => e.path === '/body/agencyRef')) agencyRefError.value = 'field.agencyRef';
    submitError.value = error;
    return false;
  } finally {
    submitting.value = false;
  }
}

export async function loadIssued(): Promise<void> {
  listError.value = null;
  try {
    const term = search.value.trim();
    issued.value = (await request<{ credentials: IssuedCredential[] }>(agencyPath(`/credentials?limit=50${term ? `&ref=${encodeURIComponent(term)}` : ''}`))).credentials;
  } catch (error) {
    listError.value = error;
  }
}

/** The short card ID shown beside the agency's own reference. */
export const referenceOf = (credentialId: string) => credentialId.slice(0, 8);
/** How an officer names a card in messages and button labels: its agency reference when it has one. */
export const nameOf = (c: Pick<IssuedCredential, 'credentialId' | 'agencyRef'>) => c.agencyRef ?? referenceOf(c.credentialId);

export async function changeStatus(credentialId: string, status: CredentialStatus): Promise<void> {
  actionError.value = null;
  try {
    const changed = await request<IssuedCredential>(agencyPath(`/credentials/${encodeURIComponent(credentialId)}/status`), { method: 'POST', body: { status } });
    issued.value = (issued.value ?? []).map((c) => (c.credentialId === credentialId ? { ...c, status: changed.status } : c));
    lastChange.value = [nameOf({ credentialId, agencyRef: changed.agencyRef ?? null }), changed.status];
  } catch (error) {
    actionError.value = error;
  }
}

onSessionEnd(() => {
  chooseType('');
  withTxCode.value = false;
  newOffer();
  search.value = '';
  agencyRefError.value = null;
  issued.value = null;
  listError.value = null;
  actionError.value = null;
  lastChange.value = null;
});
