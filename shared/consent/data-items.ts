// The data items a consent record lists for a DCQL query: every claim of every credential query, whether it is
// required and whether the citizen shared it. The wallet builds them and the service checks them with this one rule.
import { requiredAndOptional } from '../dcql/match.js';
import type { ClaimsPath, DcqlQuery } from '../dcql/types.js';
import type { ConsentDataItem } from './record.js';

/** A claims path as a data item name: dotted, `*` for "every element". */
export const renderClaimsPath = (path: ClaimsPath | readonly (string | number)[]): string => path.map((c) => (c === null ? '*' : String(c))).join('.');

/** The claim id DCQL uses for a claim: its `id`, or its index when the query gives none. */
export const dcqlClaimKey = (claim: { id?: string | undefined }, index: number): string => claim.id ?? String(index);

/**
 * `shared` maps a credential query id to the claim ids sent for it. With several credential queries each item names
 * its query (`credential`) so two cards' claims with the same path stay apart; a one-card record stays as before.
 */
export function consentDataItems(query: DcqlQuery, shared: Record<string, string[]>): ConsentDataItem[] {
  const several = query.credentials.length > 1;
  return query.credentials.flatMap((cq) => {
    const { required } = requiredAndOptional(cq);
    return (cq.claims ?? []).map((claim, i) => {
      const id = dcqlClaimKey(claim, i);
      const item: ConsentDataItem = { name: renderClaimsPath(claim.path), required: required.includes(id), shared: (shared[cq.id] ?? []).includes(id) };
      return several ? { credential: cq.id, ...item } : item;
    });
  });
}
