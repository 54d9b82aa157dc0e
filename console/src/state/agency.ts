// The signed-in agency: its registry entry (role, credential types, purposes) and the registry's credential types.
import { signal } from '@preact/signals';
import { agencyPath, ApiError, request } from '../lib/api.js';
import type { CredentialType, Localized } from '../lib/claims-form.js';
import { clearSession, onSessionEnd, saveSession, session } from '../lib/session.js';

export interface Purpose {
  id: string;
  code: string;
  description: Localized;
  legalBasis: string;
  claims: { credentialType: string; path: string[] }[];
  maxRetentionDays: number;
}

export interface Agency {
  id: string;
  legalName: string;
  role: 'issuer' | 'verifier' | 'both';
  status: 'active' | 'suspended';
  credentialTypes: string[];
  purposes: Purpose[];
}

export interface PublicAgency {
  id: string;
  legalName: string;
}

export const agency = signal<Agency | null>(null);
export const credentialTypes = signal<CredentialType[]>([]);
export const agencyError = signal<unknown>(null);

export async function loadAgency(): Promise<void> {
  agencyError.value = null;
  try {
    const [entry, types] = await Promise.all([
      request<Agency>(agencyPath()),
      request<{ credentialTypes: CredentialType[] }>('/v1/registry/credential-types', { auth: false }),
    ]);
    agency.value = entry;
    credentialTypes.value = types.credentialTypes;
  } catch (error) {
    agencyError.value = error;
  }
}

export async function listAgencies(): Promise<PublicAgency[]> {
  const body = await request<{ agencies: PublicAgency[] }>('/v1/registry/agencies', { auth: false });
  return body.agencies;
}

/** Checks the key against the agency (GET /v1/agencies/{id}) before keeping it for this tab. */
export async function signIn(agencyId: string, apiKey: string): Promise<void> {
  const res = await fetch(`/v1/agencies/${encodeURIComponent(agencyId)}`, { headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' }, cache: 'no-store' }).catch(() => null);
  if (!res) throw new ApiError('network', 0, 'network error');
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { code?: string; detail?: string };
    throw new ApiError(problem.code ?? 'unknown', res.status, problem.detail ?? res.statusText);
  }
  agency.value = (await res.json()) as Agency;
  saveSession({ agencyId, apiKey });
  await loadAgency();
}

export function signOut(): void {
  clearSession();
  history.pushState(null, '', '/console/');
}

onSessionEnd(() => {
  agency.value = null;
  agencyError.value = null;
});

export const canIssue = (a: Agency | null) => !!a && a.role !== 'verifier' && a.credentialTypes.length > 0;
export const canVerify = (a: Agency | null) => !!a && a.purposes.length > 0;
export const currentAgencyId = () => session.value?.agencyId ?? '';
