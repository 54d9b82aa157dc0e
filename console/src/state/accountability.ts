// Accountability: the agency's own access events (as committed in the log), rights requests with their 3x24-hour
// deadlines and answers, withdrawn consents awaiting action (when the server offers that listing), and back-office
// access declarations.
import { signal } from '@preact/signals';
import { nikProblem } from '../../../shared/identity/nik.js';
import type { MessageKey } from '../i18n/id.js';
import { agencyPath, ApiError, request } from '../lib/api.js';
import { agencyRefProblem } from '../lib/agency-ref.js';
import { nikMessage } from '../lib/claims-form.js';
import { onSessionEnd } from '../lib/session.js';

export interface AccessEvent {
  eventId: string;
  leafIndex: number;
  kind: string;
  /** The committed text, parsed: seconds since the epoch, purpose, claim names or data categories. */
  occurredAt: number;
  purpose?: { code: string; description?: { id: string; en: string } };
  legalBasis?: string;
  dataItems?: string[];
  /** The agency's own case or customer number for this access. */
  agencyRef: string | null;
}

export interface RightsRequest {
  id: string;
  kind: 'deletion' | 'complaint';
  message: string;
  status: 'filed' | 'acknowledged' | 'completed' | 'rejected';
  response: string | null;
  filedAt: number;
  dueAt: number;
  overdue: boolean;
  eventId: string | null;
  /** The agency's references for the citizen the request is about (whose data it is). */
  agencyRefs?: string[];
}

export interface WithdrawnConsent {
  id: string;
  purposeCode: string;
  state: string;
  updatedAt: string;
  actionDueAt: string | null;
  acknowledgedAt: string | null;
  overdue: boolean;
}

export const events = signal<AccessEvent[] | null>(null);
/** The reference the event list is filtered by (empty: all). */
export const eventSearch = signal('');
export const eventsError = signal<unknown>(null);
export const rights = signal<RightsRequest[] | null>(null);
export const rightsError = signal<unknown>(null);
/** null while loading; 'unavailable' when the server has no such listing yet. */
export const withdrawals = signal<WithdrawnConsent[] | 'unavailable' | null>(null);
export const withdrawalsError = signal<unknown>(null);

export async function loadEvents(): Promise<void> {
  eventsError.value = null;
  try {
    const term = eventSearch.value.trim();
    const body = await request<{ events: { eventId: string; leafIndex: number; kind: string; body: string; agencyRef?: string | null }[] }>(
      agencyPath(`/access-events?limit=50${term ? `&ref=${encodeURIComponent(term)}` : ''}`),
    );
    events.value = body.events.map((e) => {
      const parsed = JSON.parse(e.body) as Omit<AccessEvent, 'eventId' | 'leafIndex' | 'kind' | 'agencyRef'>;
      return {
        eventId: e.eventId,
        leafIndex: e.leafIndex,
        kind: e.kind,
        occurredAt: parsed.occurredAt,
        purpose: parsed.purpose,
        legalBasis: parsed.legalBasis,
        dataItems: parsed.dataItems,
        agencyRef: e.agencyRef ?? null,
      };
    });
  } catch (error) {
    eventsError.value = error;
  }
}

export async function loadRights(): Promise<void> {
  rightsError.value = null;
  try {
    rights.value = (await request<{ requests: RightsRequest[] }>(agencyPath('/rights-requests'))).requests;
  } catch (error) {
    rightsError.value = error;
  }
}

export async function answerRights(id: string, status: 'acknowledged' | 'completed' | 'rejected', response: string): Promise<boolean> {
  rightsError.value = null;
  try {
    await request(agencyPath(`/rights-requests/${encodeURIComponent(id)}/status`), {
      method: 'POST',
      body: { status, ...(response.trim() ? { response: response.trim() } : {}) },
    });
    await Promise.all([loadRights(), loadEvents()]);
    return true;
  } catch (error) {
    rightsError.value = error;
    return false;
  }
}

/**
 * Withdrawals the agency has not yet acted on (consent control, GET .../consents?state=withdrawn&pending=true), each
 * with its deadline. On a server without that route (404) the panel says so and shows rights requests only.
 */
export async function loadWithdrawals(): Promise<void> {
  withdrawalsError.value = null;
  try {
    withdrawals.value = (await request<{ consents: WithdrawnConsent[] }>(agencyPath('/consents?state=withdrawn&pending=true'))).consents;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) withdrawals.value = 'unavailable';
    else withdrawalsError.value = error;
  }
}

export async function acknowledgeWithdrawal(id: string): Promise<void> {
  withdrawalsError.value = null;
  try {
    await request(agencyPath(`/consents/${encodeURIComponent(id)}/acknowledge`), { method: 'POST' });
    await loadWithdrawals();
  } catch (error) {
    withdrawalsError.value = error;
  }
}

export interface Declaration {
  nik: string;
  legalBasis: string;
  purposeId: string;
  purposeEn: string;
  categories: string;
  system: string;
  /** The agency's own case or file reference (optional). */
  reference: string;
}

export type DeclarationErrors = Partial<Record<keyof Declaration, MessageKey>>;

export function validateDeclaration(d: Declaration): DeclarationErrors {
  const errors: DeclarationErrors = {};
  const nik = d.nik.replace(/\s/g, '');
  if (!nik) errors.nik = 'field.required';
  else {
    const problem = nikProblem(nik);
    if (problem !== undefined) errors.nik = nikMessage[problem];
  }
  if (!d.purposeId.trim()) errors.purposeId = 'field.required';
  if (!d.purposeEn.trim()) errors.purposeEn = 'field.required';
  const cats = d.categories.split(',').map((c) => c.trim()).filter(Boolean);
  if (!cats.length) errors.categories = 'field.required';
  else if (cats.some((c) => !/^[A-Za-z0-9_.-]{1,64}$/.test(c))) errors.categories = 'acc.declare.categoriesInvalid';
  const reference = d.reference.trim();
  const refProblem = reference ? agencyRefProblem(reference) : null;
  if (refProblem) errors.reference = refProblem;
  return errors;
}

export async function declare(d: Declaration): Promise<{ matched: boolean; leafIndex: number }> {
  const body = await request<{ matched: boolean; receipt: { leafIndex: number } }>(agencyPath('/access-declarations'), {
    method: 'POST',
    body: {
      subject: { nik: d.nik.replace(/\s/g, '') },
      legalBasis: d.legalBasis,
      purposeDescription: { id: d.purposeId.trim(), en: d.purposeEn.trim() },
      dataCategories: d.categories.split(',').map((c) => c.trim()).filter(Boolean),
      ...(d.system.trim() ? { system: d.system.trim() } : {}),
      ...(d.reference.trim() ? { reference: d.reference.trim() } : {}),
    },
  });
  void loadEvents();
  // The citizen's rights requests now name this reference too.
  if (d.reference.trim()) void loadRights();
  return { matched: body.matched, leafIndex: body.receipt.leafIndex };
}

onSessionEnd(() => {
  events.value = null;
  eventSearch.value = '';
  rights.value = null;
  withdrawals.value = null;
  eventsError.value = rightsError.value = withdrawalsError.value = null;
});
