// Evaluates a DCQL query against held credentials (OpenID4VP 1.0 §6.4): which credentials match, which claim-set
// options each can satisfy, and which claims are required or optional for the consent screen.
import { selectClaims, type SelectedClaim } from './path.js';
import type { ClaimsQuery, CredentialQuery, DcqlQuery } from './types.js';

export interface HeldCredential {
  /** Wallet-local identifier. */
  ref: string;
  format: 'dc+sd-jwt';
  vct: string;
  /** Processed claims (all disclosures applied), as the holder sees them. */
  claims: Record<string, unknown>;
}

export interface ClaimOption {
  /** Claim ids in this option (or the claim indices as strings when the query gives no ids). */
  claimIds: string[];
  selected: SelectedClaim[];
}

export interface CredentialMatch {
  credential: HeldCredential;
  /** Satisfiable options in the verifier's order of preference. */
  options: ClaimOption[];
}

function claimKey(claim: ClaimsQuery, index: number): string {
  return claim.id ?? String(index);
}

function valueMatches(claim: ClaimsQuery, selected: SelectedClaim[]): boolean {
  if (!claim.values) return true;
  return selected.some((s) => claim.values!.some((v) => v === s.value));
}

function resolveClaim(credential: HeldCredential, claim: ClaimsQuery): SelectedClaim[] | undefined {
  const r = selectClaims(credential.claims, claim.path);
  if (!r.ok || !valueMatches(claim, r.selected)) return undefined;
  return r.selected;
}

/** The claim-set options of a credential query, as lists of claim keys (no claim_sets = one option with all). */
export function claimSetOptions(query: CredentialQuery): string[][] {
  const claims = query.claims ?? [];
  if (!query.claim_sets) return [claims.map(claimKey)];
  return query.claim_sets;
}

/**
 * Required claims appear in every option; optional ones in some. DCQL has no per-claim "optional" flag, so Sahih
 * expresses optional claims as claim_sets with and without them and lets the citizen pick among the options.
 * (§6.4.1 says the wallet SHOULD return the first satisfiable option; the citizen's consent is our reason to deviate.)
 */
export function requiredAndOptional(query: CredentialQuery): { required: string[]; optional: string[] } {
  const options = claimSetOptions(query);
  const all = [...new Set(options.flat())];
  const required = all.filter((id) => options.every((o) => o.includes(id)));
  return { required, optional: all.filter((id) => !required.includes(id)) };
}

export function matchCredential(query: CredentialQuery, credential: HeldCredential): CredentialMatch | undefined {
  if (credential.format !== query.format) return undefined;
  if (query.meta.vct_values && !query.meta.vct_values.includes(credential.vct)) return undefined;
  const claims = query.claims ?? [];
  const resolved = new Map<string, SelectedClaim[] | undefined>();
  claims.forEach((c, i) => resolved.set(claimKey(c, i), resolveClaim(credential, c)));
  const options: ClaimOption[] = [];
  for (const ids of claimSetOptions(query)) {
    if (ids.every((id) => resolved.get(id))) {
      options.push({ claimIds: ids, selected: ids.flatMap((id) => resolved.get(id)!) });
    }
  }
  return options.length ? { credential, options } : undefined;
}

export interface DcqlEvaluation {
  /** Matches per credential query id (only queries with at least one match). */
  matches: Record<string, CredentialMatch[]>;
  /** Whether the held credentials can satisfy the whole query (required credential sets included). */
  satisfiable: boolean;
}

export function evaluateDcql(query: DcqlQuery, held: HeldCredential[]): DcqlEvaluation {
  const matches: Record<string, CredentialMatch[]> = {};
  for (const cq of query.credentials) {
    const found = held.map((h) => matchCredential(cq, h)).filter((m): m is CredentialMatch => !!m);
    if (found.length) matches[cq.id] = found;
  }
  const has = (id: string) => (matches[id]?.length ?? 0) > 0;
  const satisfiable = query.credential_sets
    ? query.credential_sets.every((set) => set.required === false || set.options.some((o) => o.every(has)))
    : query.credentials.every((c) => has(c.id));
  return { matches, satisfiable };
}

/** Every path a query can ask for, for checking a request against what a registered purpose allows. */
export function requestedPaths(query: DcqlQuery): { credentialId: string; vct: string[]; path: ClaimsQuery['path'] }[] {
  return query.credentials.flatMap((c) => (c.claims ?? []).map((claim) => ({ credentialId: c.id, vct: c.meta.vct_values ?? [], path: claim.path })));
}
