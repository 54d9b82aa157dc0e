// Consent control (issue 7): the citizen's consents as the service knows them (GET /v1/me/consents), and withdrawing,
// pausing or resuming one by signing the next record of its chain with the card's holder key. The new record becomes
// the wallet's current record, the old one stays in the local chain for the export. Views read the signals; nothing
// here renders.
import { signal } from '@preact/signals';
import { nextConsentRecord, type ConsentRecord, type ConsentState } from '../../../shared/consent/record.js';
import { consentRecordHash, signConsentRecord, verifyConsentRecord } from '../../../shared/consent/sign.js';
import { createWebCryptoProvider, webCryptoSigner } from '../../../shared/crypto/webcrypto.js';
import { decodeBase64urlJson } from '../../../shared/encoding/base64url.js';
import { api, ApiError } from '../lib/api.js';
import { walletDb } from '../lib/db.js';
import { savePresentationRecord, type PresentationRecord } from './presentation-records.js';
import { confirmWithPasskey } from './session.js';
import { credentialById } from './wallet.js';

export type ConsentAction = 'withdraw' | 'pause' | 'resume';

export interface ServiceConsent {
  id: string;
  currentRecordId: string;
  agency: { id: string; name: string; dpoContact: string };
  purpose: { code: string; description?: { id: string; en: string } };
  requestId: string | null;
  state: ConsentState;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  actionDueAt: string | null;
  acknowledgedAt: string | null;
  overdue: boolean;
  actions: ConsentAction[];
  record: string;
}

const TARGET: Record<ConsentAction, ConsentState> = { withdraw: 'withdrawn', pause: 'paused', resume: 'active' };
const cryptoProvider = createWebCryptoProvider();

/** The service's view of the citizen's consents; null until loaded. */
export const serviceConsents = signal<ServiceConsent[] | null>(null);
export const consentsError = signal<unknown>(null);

export async function loadServiceConsents(): Promise<void> {
  try {
    serviceConsents.value = (await api<{ consents: ServiceConsent[] }>('/v1/me/consents')).consents;
    consentsError.value = null;
  } catch (error) {
    consentsError.value = error;
  }
}

/** The service's consent a wallet record answered: same first record id, or the same request. */
export function consentFor(entry: PresentationRecord, list: ServiceConsent[] | null = serviceConsents.value): ServiceConsent | undefined {
  return list?.find((c) => (entry.consentRecordId !== undefined && c.id === entry.consentRecordId) || (c.requestId !== null && c.requestId === entry.requestId));
}

const payloadOf = (jws: string) => decodeBase64urlJson(jws.split('.')[1]!) as ConsentRecord;

async function holderKey(entry: PresentationRecord) {
  const view = entry.credentialId ? credentialById(entry.credentialId) : undefined;
  const key = view ? await (await walletDb()).get('keys', view.keyId) : undefined;
  if (!key) throw new ApiError('holder_key_missing', 0);
  return key;
}

/**
 * Confirms with the passkey, then signs and sends the next record. The record it links to is the service's current
 * one when it verifies under this card's key (it is what the service checks the chain against), else the wallet's own.
 */
export async function changeConsentState(entry: PresentationRecord, consent: ServiceConsent, action: ConsentAction): Promise<{ consent: ServiceConsent; actionDueAt: string; entry: PresentationRecord }> {
  const key = await holderKey(entry);
  await confirmWithPasskey();
  const fromService = await verifyConsentRecord({ token: consent.record, holderJwk: key.publicJwk, crypto: cryptoProvider });
  const currentJws = fromService.ok ? consent.record : entry.consentRecordJws;
  if (!currentJws) throw new ApiError('consent_chain_mismatch', 0);
  const next = nextConsentRecord({
    previous: fromService.ok ? fromService.record : payloadOf(currentJws),
    previousSha256: await consentRecordHash(currentJws, cryptoProvider),
    state: TARGET[action],
    at: Math.floor(Date.now() / 1000),
    recordId: crypto.randomUUID(),
  });
  const jws = await signConsentRecord(next, webCryptoSigner(key.privateKey));
  const answer = await api<{ consent: ServiceConsent; actionDueAt: string }>(`/v1/me/consents/${encodeURIComponent(consent.id)}/${action}`, {
    method: 'POST',
    body: { record: jws },
  });
  const chain = [...(entry.consentRecordChain ?? []), ...(entry.consentRecordJws && entry.consentRecordJws !== jws ? [entry.consentRecordJws] : [])];
  const updated: PresentationRecord = { ...entry, consentRecordJws: jws, consentRecordChain: chain, consentState: answer.consent.state, actionDueAt: answer.actionDueAt };
  await savePresentationRecord(updated);
  serviceConsents.value = (serviceConsents.value ?? []).map((c) => (c.id === answer.consent.id ? answer.consent : c));
  return { consent: answer.consent, actionDueAt: answer.actionDueAt, entry: updated };
}
