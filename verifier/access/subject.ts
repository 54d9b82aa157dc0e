// Matching a citizen named by national ID number (NIK) to their wallet account without storing the NIK: the service
// keeps only a keyed hash (HMAC under a KEK subkey), learnt when a signed-in wallet receives an identity credential.
import { normaliseNik } from '../../shared/identity/nik.js';
import type { Sealer } from '../registry/sealer.js';

/** The claim that carries the national identity number in Indonesian identity credentials (KTP-el). */
export const SUBJECT_ID_CLAIM = 'nik';

/** The keyed hash of a NIK, normalised first so formatting differences do not split one person in two. */
export function subjectRef(sealer: Sealer, nik: string): string | undefined {
  const normalised = normaliseNik(nik);
  return normalised === undefined ? undefined : sealer.keyedHash('subject-ref', `nik:${normalised}`);
}

/** The subject reference of a credential's claims, when they carry a national ID number. */
export function subjectRefOfClaims(sealer: Sealer, claims: Record<string, unknown>): string | undefined {
  const value = claims[SUBJECT_ID_CLAIM];
  return typeof value === 'string' ? subjectRef(sealer, value) : undefined;
}
