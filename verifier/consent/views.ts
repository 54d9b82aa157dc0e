// How a consent looks to the citizen (with the current signed record, so the wallet can chain the next change from
// any device) and to the agency (no account id: the consent id and the holder key thumbprint identify it).
import type { AgencyRecord } from '../store/types.js';
import type { ConsentRow } from '../store/repos/consents.js';
import type { StoreView } from '../registry/context.js';
import { effectiveState } from './standing.js';
import type { ConsentAction } from './control.js';
import { canTransition } from '../../shared/consent/record.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function deadline(row: ConsentRow, now: number) {
  return {
    actionDueAt: iso(row.actionDueAt),
    acknowledgedAt: iso(row.acknowledgedAt),
    overdue: row.actionDueAt !== null && row.acknowledgedAt === null && now > row.actionDueAt,
  };
}

export function citizenConsentView(row: ConsentRow, agency: AgencyRecord | undefined, purposeDescription: { id: string; en: string } | undefined, now: number) {
  const state = effectiveState(row, now);
  const actions = (['withdraw', 'pause', 'resume'] as const satisfies readonly ConsentAction[]).filter((a) =>
    canTransition(state, a === 'withdraw' ? 'withdrawn' : a === 'pause' ? 'paused' : 'active'),
  );
  return {
    id: row.id,
    currentRecordId: row.currentRecordId,
    agency: { id: row.agencyId, name: agency?.legalName ?? row.agencyId, dpoContact: agency?.dpoContact ?? '' },
    purpose: { code: row.purposeCode, ...(purposeDescription ? { description: purposeDescription } : {}) },
    requestId: row.requestId,
    state,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    expiresAt: iso(row.expiresAt)!,
    ...deadline(row, now),
    actions,
    record: row.currentRecordJws,
  };
}

export function agencyConsentView(row: ConsentRow, now: number) {
  return {
    id: row.id,
    currentRecordId: row.currentRecordId,
    requestId: row.requestId,
    purposeCode: row.purposeCode,
    holderKeyThumbprint: row.holderThumbprint,
    state: effectiveState(row, now),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    expiresAt: iso(row.expiresAt)!,
    ...deadline(row, now),
  };
}

export async function listCitizenConsents(store: StoreView, accountId: string, now: number) {
  const rows = await store.consents.listForAccount(accountId, 200);
  const agencies = new Map<string, AgencyRecord | undefined>();
  const out = [];
  for (const row of rows) {
    if (!agencies.has(row.agencyId)) agencies.set(row.agencyId, await store.agencies.get(row.agencyId));
    const purpose = await store.purposes.get(row.agencyId, row.purposeCode);
    out.push(citizenConsentView(row, agencies.get(row.agencyId), purpose?.description, now));
  }
  return out;
}
