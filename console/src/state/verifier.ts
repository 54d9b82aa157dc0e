// Verifying: the chosen purpose, which of its claims to ask for (required / optional / not asked), the created
// request, and its result polled every 2 s until the citizen answers. Disclosed values live only in memory here: the
// service hands them over once and deletes them.
import { signal } from '@preact/signals';
import { agencyPath, request } from '../lib/api.js';
import type { MessageKey } from '../i18n/id.js';
import { agencyRefProblem } from '../lib/agency-ref.js';
import { onSessionEnd } from '../lib/session.js';
import type { Purpose } from './agency.js';

export type Ask = 'required' | 'optional' | 'no';

export interface CreatedRequest {
  requestId: string;
  authorizationRequestUri: string;
  sameDeviceUrl: string;
  qrSvg: string;
  expiresAt: string;
}

export interface Receipt {
  eventId: string;
  leafIndex: number;
  checkpoint: string;
  treeSize: number;
  inclusionProof: string[];
}

export interface PresentationResult {
  requestId: string;
  status: 'pending' | 'shared' | 'declined' | 'expired';
  verdict?: 'valid';
  claims?: Record<string, Record<string, unknown>>;
  claimsReadAt?: string;
  consentRecordId?: string;
  receipt?: Receipt;
  agencyRef?: string | null;
}

export const POLL_MS = 2000;

export const purposeCode = signal('');
export const typeId = signal('');
/** Ask per claim path (joined with '/'). */
export const asks = signal<Record<string, Ask>>({});
export const retentionDays = signal('');
/** The agency's own case or customer number for this request (optional), kept with the access event. */
export const agencyRef = signal('');
export const agencyRefError = signal<MessageKey | null>(null);
export const formError = signal<'verify.noClaims' | 'verify.retentionInvalid' | null>(null);
export const submitting = signal(false);
export const submitError = signal<unknown>(null);
export const created = signal<CreatedRequest | null>(null);
export const result = signal<PresentationResult | null>(null);
/** The values delivered with the first read; kept here because the service will never send them again. */
export const disclosed = signal<Record<string, Record<string, unknown>> | null>(null);
export const pollError = signal<unknown>(null);

let timer: ReturnType<typeof setTimeout> | undefined;

export const typesOf = (p: Purpose) => [...new Set(p.claims.map((c) => c.credentialType))];
export const claimsOf = (p: Purpose, type: string) => p.claims.filter((c) => c.credentialType === type);

export function choosePurpose(p: Purpose, type?: string): void {
  purposeCode.value = p.code;
  typeId.value = type ?? typesOf(p)[0] ?? '';
  asks.value = Object.fromEntries(claimsOf(p, typeId.value).map((c) => [c.path.join('/'), 'required' as Ask]));
  retentionDays.value = String(Math.min(30, p.maxRetentionDays));
  formError.value = null;
  submitError.value = null;
}

export function setAsk(path: string, ask: Ask): void {
  asks.value = { ...asks.value, [path]: ask };
  formError.value = null;
}

export function resetRequest(): void {
  if (timer) clearTimeout(timer);
  created.value = null;
  result.value = null;
  disclosed.value = null;
  pollError.value = null;
}

export async function createRequest(p: Purpose): Promise<boolean> {
  const claims = Object.entries(asks.value)
    .filter(([, ask]) => ask !== 'no')
    .map(([path, ask]) => ({ path: path.split('/'), required: ask === 'required' }));
  const days = Number(retentionDays.value);
  if (!claims.length) formError.value = 'verify.noClaims';
  else if (!/^\d+$/.test(retentionDays.value.trim()) || days > p.maxRetentionDays) formError.value = 'verify.retentionInvalid';
  else formError.value = null;
  const ref = agencyRef.value.trim();
  agencyRefError.value = ref ? agencyRefProblem(ref) : null;
  if (formError.value || agencyRefError.value) return false;
  submitting.value = true;
  submitError.value = null;
  try {
    resetRequest();
    created.value = await request<CreatedRequest>(agencyPath('/presentation-requests'), {
      method: 'POST',
      body: { purposeCode: p.code, credentialType: typeId.value, claims, retentionDays: days, responseMode: 'poll', ...(ref ? { agencyRef: ref } : {}) },
    });
    result.value = { requestId: created.value.requestId, status: 'pending', agencyRef: ref || null };
    agencyRef.value = '';
    schedulePoll(created.value.requestId);
    return true;
  } catch (error) {
    submitError.value = error;
    return false;
  } finally {
    submitting.value = false;
  }
}

function schedulePoll(requestId: string): void {
  timer = setTimeout(() => void poll(requestId), POLL_MS);
}

async function poll(requestId: string): Promise<void> {
  if (created.value?.requestId !== requestId) return;
  try {
    const next = await request<PresentationResult>(agencyPath(`/presentation-requests/${encodeURIComponent(requestId)}`));
    if (created.value?.requestId !== requestId) return;
    if (next.claims) disclosed.value = next.claims;
    result.value = next;
    pollError.value = null;
    if (next.status === 'pending') schedulePoll(requestId);
  } catch (error) {
    pollError.value = error;
    schedulePoll(requestId);
  }
}

// Disclosed values belong to the agency that asked: they go with its session.
onSessionEnd(() => {
  resetRequest();
  purposeCode.value = '';
  typeId.value = '';
  asks.value = {};
  agencyRef.value = '';
  agencyRefError.value = null;
  submitError.value = null;
});
