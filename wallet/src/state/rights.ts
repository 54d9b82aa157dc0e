// UU PDP rights (issue 7): deletion requests and complaints filed with an agency and tracked against the 3x24-hour
// deadline, and "download all my data": the service's export bundle joined with what only this wallet holds (its
// presentation records without claim values, the signed consent records, the last checkpoint it verified).
import { signal } from '@preact/signals';
import { api } from '../lib/api.js';
import { readLogTrust } from '../lib/log-trust.js';
import { listPresentationRecords } from './presentation-records.js';

export type RightsKind = 'deletion' | 'complaint';
export type RightsStatus = 'filed' | 'acknowledged' | 'completed' | 'rejected';

export interface RightsRequest {
  id: string;
  agencyId: string;
  kind: RightsKind;
  eventId: string | null;
  message: string;
  status: RightsStatus;
  response: string | null;
  /** ms since the epoch */
  filedAt: number;
  dueAt: number;
  answeredAt: number | null;
  overdue: boolean;
  agency: { id: string; name: string; dpoContact: string };
  oversight?: { name: string; contact: string };
}

export const rightsRequests = signal<RightsRequest[] | null>(null);
export const rightsError = signal<unknown>(null);

export async function loadRightsRequests(): Promise<void> {
  try {
    rightsRequests.value = (await api<{ requests: RightsRequest[] }>('/v1/me/rights-requests')).requests;
    rightsError.value = null;
  } catch (error) {
    rightsError.value = error;
  }
}

export async function fileRightsRequest(input: { kind: RightsKind; agencyId: string; eventId?: string; message: string }): Promise<RightsRequest> {
  const { request } = await api<{ request: RightsRequest }>('/v1/me/rights-requests', { method: 'POST', body: input });
  rightsRequests.value = [request, ...(rightsRequests.value ?? []).filter((r) => r.id !== request.id)];
  return request;
}

export const WALLET_EXPORT_FORMAT = 'sahih-wallet-export/1';

/** The whole bundle: the service's export as is, and the wallet's own records beside it (never claim values). */
export async function buildExportBundle(): Promise<Record<string, unknown>> {
  const [service, records, trust] = await Promise.all([api<Record<string, unknown>>('/v1/me/export'), listPresentationRecords(), readLogTrust()]);
  return {
    format: WALLET_EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    service,
    wallet: {
      presentations: records.map((r) => ({
        id: r.id,
        requestId: r.requestId,
        agencyId: r.agencyId,
        agencyName: r.agencyName,
        purposeCode: r.purposeCode,
        claimNames: r.claimNames,
        decision: r.decision,
        at: new Date(r.at).toISOString(),
        receipt: r.receipt ?? null,
        consentRecordId: r.consentRecordId ?? null,
      })),
      consentRecords: records.flatMap((r) => [...(r.consentRecordChain ?? []), ...(r.consentRecordJws ? [r.consentRecordJws] : [])].map((jws) => ({ presentationId: r.id, jws }))),
      lastVerifiedCheckpoint: trust.checkpoint ?? null,
      logKey: trust.verifierKey ?? null,
    },
  };
}

/** Offers the bundle as a JSON file download (Blob + object URL). */
export function downloadJson(bundle: unknown, fileName: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
