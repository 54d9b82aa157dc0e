// Builds a DCQL query from a purpose's required and optional claims: optional claims become claim_sets with and
// without them, most complete first (the verifier's preference), required-only last.
import type { ClaimsPath, DcqlQuery } from './types.js';

export interface PurposeClaim {
  id: string;
  path: ClaimsPath;
  required: boolean;
}

/** More optional claims than this would need too many claim-set options (2^n); the registry refuses them. */
export const MAX_OPTIONAL_CLAIMS = 6;

export function buildDcqlQuery(options: { credentialId: string; vct: string; claims: PurposeClaim[] }): DcqlQuery {
  const required = options.claims.filter((c) => c.required).map((c) => c.id);
  const optional = options.claims.filter((c) => !c.required).map((c) => c.id);
  if (optional.length > MAX_OPTIONAL_CLAIMS) throw new RangeError(`at most ${MAX_OPTIONAL_CLAIMS} optional claims`);
  const claims = options.claims.map((c) => ({ id: c.id, path: c.path }));
  const query: DcqlQuery = {
    credentials: [{ id: options.credentialId, format: 'dc+sd-jwt', meta: { vct_values: [options.vct] }, claims }],
  };
  if (optional.length === 0) return query;
  const subsets: string[][] = [];
  for (let mask = (1 << optional.length) - 1; mask >= 0; mask--) {
    subsets.push(optional.filter((_, i) => mask & (1 << (optional.length - 1 - i))));
  }
  subsets.sort((a, b) => b.length - a.length);
  const sets = subsets.map((s) => [...required, ...s]).filter((s) => s.length > 0);
  query.credentials[0]!.claim_sets = sets;
  return query;
}
