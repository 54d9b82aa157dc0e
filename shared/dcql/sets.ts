// Credential sets (OpenID4VP 1.0 §6.2, §6.4.2): which combinations of credential queries a request accepts. Without
// `credential_sets` every credential query is requested; with them, each required set needs one option answered in
// full, and an optional set (`required: false`) may be left out.
import type { CredentialSetQuery, DcqlQuery } from './types.js';

/** The query's credential sets; a query without them is read as one required single-option set per credential query. */
export function credentialSetsOf(query: DcqlQuery): CredentialSetQuery[] {
  return query.credential_sets ?? query.credentials.map((c) => ({ options: [[c.id]], required: true }));
}

/** `required` defaults to true (§6.2). */
export const isRequiredSet = (set: CredentialSetQuery): boolean => set.required !== false;

/** The index of the first required set that no option of the answered credential query ids fulfils, if any. */
export function unmetRequiredSet(query: DcqlQuery, answered: Iterable<string>): number | undefined {
  const have = new Set(answered);
  const index = credentialSetsOf(query).findIndex((set) => isRequiredSet(set) && !set.options.some((o) => o.every((id) => have.has(id))));
  return index < 0 ? undefined : index;
}
