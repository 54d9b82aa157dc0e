// Splits an SD-JWT / SD-JWT+KB into its issuer JWT, disclosures and KB-JWT (RFC 9901 §4), keeping the exact
// sd_hash input.

import { fail, type VerificationFailure } from '../verification/result.js';

export interface SplitPresentation {
  readonly issuerJwt: string;
  readonly disclosures: readonly string[];
  /** Empty when there is no KB-JWT. */
  readonly kbJwt: string;
  /** Everything up to and including the last `~`: the sd_hash input. */
  readonly sdHashInput: string;
}

/** `<JWT>~<D1>~...~<Dn>~<KB-JWT?>` (RFC 9901 §4). Empty disclosures between separators are malformed. */
export function splitPresentation(token: string): SplitPresentation | VerificationFailure {
  if (typeof token !== 'string') return fail('malformed', 'token must be a string');
  const lastTilde = token.lastIndexOf('~');
  if (lastTilde < 0) return fail('malformed', 'an SD-JWT contains at least one ~');
  const pieces = token.slice(0, lastTilde).split('~');
  const issuerJwt = pieces[0]!;
  const disclosures = pieces.slice(1);
  if (disclosures.some((d) => d === '')) return fail('malformed', 'empty disclosure');
  return { issuerJwt, disclosures, kbJwt: token.slice(lastTilde + 1), sdHashInput: token.slice(0, lastTilde + 1) };
}
