// What a registered purpose allows: a claim path is within the purpose when a purpose claim of the same credential
// type covers it (purpose `address` covers `address.locality`), or when it is only the container of an allowed
// member (disclosing the `address` object to reach `address.locality`, whose siblings stay undisclosed).
import type { ClaimsPath } from '../../shared/dcql/types.js';
import { AppError, type FieldError } from '../errors.js';
import type { PurposeRecord } from '../store/types.js';

// null (every array element) matches any index and null; otherwise components must be equal.
const sameComponent = (a: unknown, b: unknown) => a === b || (a === null && (b === null || typeof b === 'number')) || (b === null && typeof a === 'number');
const isPrefix = (prefix: readonly unknown[], path: readonly unknown[]) =>
  prefix.length <= path.length && prefix.every((c, i) => sameComponent(c, path[i]));

export function pathWithinPurpose(purpose: PurposeRecord, typeId: string, path: Readonly<ClaimsPath>): boolean {
  return purpose.claims.some(
    (claim) => claim.credentialType === typeId && (isPrefix(claim.path, path) || isPrefix(path, claim.path)),
  );
}

/** A request may not ask for a bare container: only paths a purpose claim covers (not mere ancestors of one). */
export function requestPathWithinPurpose(purpose: PurposeRecord, typeId: string, path: ClaimsPath): boolean {
  return purpose.claims.some((claim) => claim.credentialType === typeId && isPrefix(claim.path, path));
}

/** Throws claims_outside_purpose naming each offending path (names only, never values). */
export function assertWithinPurpose(problems: FieldError[], purpose: PurposeRecord): void {
  if (problems.length === 0) return;
  throw new AppError('claims_outside_purpose', {
    detail: `Purpose ${purpose.code} does not allow: ${problems.map((p) => p.message).join(', ')}.`,
    fieldErrors: problems,
  });
}

export const renderPath = (path: readonly (string | number | null)[]) => path.map((c) => (c === null ? '*' : String(c))).join('.');
