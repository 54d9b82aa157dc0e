// Issuing: the chosen credential type, the form's values and errors, the created offer, and the issued credentials
// with their status actions. Kept apart from the view.
import { signal } from '@preact/signals';
import { agencyPath, ApiError, request } from '../lib/api.js';
import { onSessionEnd } from '../lib/session.js';
import { buildClaims, serverFieldErrors, validate, type CredentialType, type FormErrors, type FormValues } from '../lib/claims-form.js';

export interface CreatedOffer {
  offerId: string;
  credentialOfferUri: string;
  qrSvg: string;
  txCode?: string;
  expiresAt: string;
}

export type CredentialStatus = 'valid' | 'suspended' | 'revoked';

export interface IssuedCredential {
  credentialId: string;
  credentialType: string;
  status: CredentialStatus;
  statusList: { uri: string; idx: number };
  issuedAt: string;
  expiresAt: string;
}

export const typeId = signal<string>('');
export const values = signal<FormValues>({});
export const errors = signal<FormErrors>({});
export const withTxCode = signal(false);
export const submitting = signal(false);
export const submitError = signal<unknown>(null);
export const offer = signal<CreatedOffer | null>(null);

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

export function newOffer(): void {
  offer.value = null;
  values.value = {};
  errors.value = {};
}

const todayInJakarta = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

/** Validates in the browser, then asks the server, which checks again; its field errors land on the same fields. */
export async function submitOffer(type: CredentialType): Promise<boolean> {
  submitError.value = null;
  const found = validate(type, values.value, todayInJakarta());
  errors.value = found;
  if (Object.keys(found).length) return false;
  submitting.value = true;
  try {
    offer.value = await request<CreatedOffer>(agencyPath('/offers'), {
      method: 'POST',
      body: { credentialType: type.id, claims: buildClaims(type, values.value), ...(withTxCode.value ? { txCode: true } : {}) },
    });
    void loadIssued();
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.fieldErrors.length) errors.value = serverFieldErrors(error.fieldErrors);
    submitError.value = error;
    return false;
  } finally {
    submitting.value = false;
  }
}

export async function loadIssued(): Promise<void> {
  listError.value = null;
  try {
    issued.value = (await request<{ credentials: IssuedCredential[] }>(agencyPath('/credentials?limit=50'))).credentials;
  } catch (error) {
    listError.value = error;
  }
}

export const referenceOf = (credentialId: string) => credentialId.slice(0, 8);

export async function changeStatus(credentialId: string, status: CredentialStatus): Promise<void> {
  actionError.value = null;
  try {
    const changed = await request<IssuedCredential>(agencyPath(`/credentials/${encodeURIComponent(credentialId)}/status`), { method: 'POST', body: { status } });
    issued.value = (issued.value ?? []).map((c) => (c.credentialId === credentialId ? { ...c, status: changed.status } : c));
    lastChange.value = [referenceOf(credentialId), changed.status];
  } catch (error) {
    actionError.value = error;
  }
}

onSessionEnd(() => {
  chooseType('');
  withTxCode.value = false;
  offer.value = null;
  issued.value = null;
  listError.value = null;
  actionError.value = null;
  lastChange.value = null;
});
