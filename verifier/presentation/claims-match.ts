// Do the disclosed claims answer the request? A credential query's claim-set option is met when every claim it
// names is present (with an allowed value) and nothing was disclosed beyond its paths (or the containers leading to
// them). The first option met, in the verifier's order of preference, is the one the citizen chose.
import { claimSetOptions, matchCredential } from '../../shared/dcql/match.js';
import { pathCovers, selectClaims } from '../../shared/dcql/path.js';
import type { ClaimsPath, ClaimsQuery, CredentialQuery } from '../../shared/dcql/types.js';
import type { JsonObject } from '../../shared/jose/jws.js';
import type { ClaimPath } from '../../shared/sdjwt/disclosure.js';
import { AppError } from '../errors.js';
import type { VerifiedPresentation } from './verify-presentation.js';

export interface MatchedOption {
  /** The query's claims in the chosen option. */
  claims: ClaimsQuery[];
  /** Ids (or indices) of the chosen claims. */
  claimIds: string[];
}

const isContainerOf = (disclosed: ClaimPath, wanted: ClaimsPath) =>
  disclosed.length < wanted.length && disclosed.every((c, i) => wanted[i] === null ? typeof c === 'number' : wanted[i] === c);

function disclosedOnlyWithin(disclosed: readonly ClaimPath[], claims: ClaimsQuery[]): boolean {
  return disclosed.every((d) => claims.some((c) => pathCovers(c.path, [...d]) || isContainerOf(d, c.path)));
}

export function matchClaimSet(query: CredentialQuery, presentation: VerifiedPresentation): MatchedOption {
  const held = { ref: query.id, format: 'dc+sd-jwt' as const, vct: presentation.vct, claims: presentation.claims };
  const satisfiable = matchCredential(query, held)?.options ?? [];
  const claims = query.claims ?? [];
  const byKey = new Map(claims.map((c, i) => [c.id ?? String(i), c]));
  for (const ids of claimSetOptions(query)) {
    if (!satisfiable.some((o) => o.claimIds.join('\u0000') === ids.join('\u0000'))) continue;
    const chosen = ids.map((id) => byKey.get(id)!);
    if (disclosedOnlyWithin(presentation.disclosedPaths, chosen)) return { claims: chosen, claimIds: ids };
  }
  throw new AppError('claims_mismatch', { detail: `The claims disclosed for ${query.id} match none of the request's options.` });
}

/** The values of exactly the chosen claims, nested as in the credential (what the agency receives). */
export function pickClaims(claims: JsonObject, paths: ClaimsPath[]): JsonObject {
  const out: JsonObject = {};
  for (const path of paths) {
    const selected = selectClaims(claims, path);
    if (!selected.ok) continue;
    for (const { path: concrete, value } of selected.selected) setAt(out, concrete, value);
  }
  return out;
}

function setAt(target: JsonObject, path: (string | number)[], value: unknown): void {
  let node: Record<string | number, unknown> = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
}
