// What the citizen may choose on the consent screen for a DCQL query (OpenID4VP 1.0 §6.4): which card answers each
// credential query, which option of each credential set (required sets need one; optional sets may be left out), and
// which claim set of each card. Pure functions over the query and the cards held; the present state wires them up.
import { matchCredential, requiredAndOptional, type ClaimOption, type CredentialMatch, type HeldCredential } from '../../../shared/dcql/match.js';
import { credentialSetsOf, isRequiredSet } from '../../../shared/dcql/sets.js';
import type { CredentialQuery, DcqlQuery } from '../../../shared/dcql/types.js';

export interface HeldMatch<V> {
  view: V;
  match: CredentialMatch;
}

/** The first card (in the caller's order, newest first) that can answer the credential query with some claim set. */
export function firstMatch<V>(query: CredentialQuery, views: readonly V[], toHeld: (view: V) => HeldCredential | undefined): HeldMatch<V> | undefined {
  for (const view of views) {
    const held = toHeld(view);
    const match = held && matchCredential(query, held);
    if (match) return { view, match };
  }
  return undefined;
}

/**
 * The optional claims switched on when the screen opens. §6.4.1: the wallet SHOULD return the first claim set it can
 * satisfy. Deviation: when the verifier also accepts the required claims alone (Sahih's optional claims are claim
 * sets with and without them), optional claims start off and the citizen switches on what they want to share
 * (data minimisation, UU PDP Pasal 16(2)); otherwise the first satisfiable claim set is preselected as §6.4.1 says.
 */
export function defaultOptionalClaims(query: CredentialQuery, match: CredentialMatch | undefined): string[] {
  const first = match?.options[0];
  if (!match || !first) return [];
  const { required } = requiredAndOptional(query);
  const minimal = match.options.some((o) => o.claimIds.length === required.length && required.every((id) => o.claimIds.includes(id)));
  return minimal ? [] : first.claimIds.filter((id) => !required.includes(id));
}

/** The card's claim set for the required claims plus the optional ones switched on, when the verifier offers it. */
export function chosenClaimOption(query: CredentialQuery, match: CredentialMatch, on: ReadonlySet<string>): ClaimOption | undefined {
  const { required } = requiredAndOptional(query);
  const wanted = new Set([...required, ...on]);
  return match.options.find((o) => o.claimIds.length === wanted.size && o.claimIds.every((id) => wanted.has(id)));
}

export interface SetChoice {
  required: boolean;
  options: string[][];
  /** Indices of the options whose every card the wallet holds, in the verifier's order of preference. */
  usable: number[];
}

/** The query's credential sets with the options the wallet can answer. */
export function setChoices(query: DcqlQuery, held: (queryId: string) => boolean): SetChoice[] {
  return credentialSetsOf(query).map((set) => ({
    required: isRequiredSet(set),
    options: set.options,
    usable: set.options.map((o, i) => (o.every(held) ? i : -1)).filter((i) => i >= 0),
  }));
}

/** Preselected options: a required set's first usable option (§6.4.2 order of preference); optional sets start left out. */
export function defaultSetOptions(sets: readonly SetChoice[]): (number | null)[] {
  return sets.map((s) => (s.required ? (s.usable[0] ?? null) : null));
}

/** The credential query ids the chosen options cover, in the query's order (each once). */
export function chosenQueryIds(query: DcqlQuery, sets: readonly SetChoice[], chosen: readonly (number | null)[]): string[] {
  const ids = new Set(sets.flatMap((s, i) => (chosen[i] == null ? [] : (s.options[chosen[i]] ?? []))));
  return query.credentials.map((c) => c.id).filter((id) => ids.has(id));
}

/** True when every required set has a usable option chosen and every chosen option is usable. */
export function setsAnswerable(sets: readonly SetChoice[], chosen: readonly (number | null)[]): boolean {
  return sets.every((s, i) => {
    const c = chosen[i];
    return c == null ? !s.required : s.usable.includes(c);
  });
}
