// Matching a citizen named by national ID number (NIK) to their wallet account without storing the NIK: the service
// keeps only a keyed hash (HMAC under a KEK subkey), learnt when a signed-in wallet receives an identity credential.
import type { Sealer } from '../registry/sealer.js';

/** The claim that carries the national identity number in Indonesian identity credentials (KTP-el). */
export const SUBJECT_ID_CLAIM = 'nik';

/** NIK: 16 digits. Normalised before hashing so formatting differences do not split one person in two. */
export function normaliseNik(value: string): string | undefined {
  const digits = value.replace(/[\s.-]/g, '');
  return /^\d{16}$/.test(digits) ? digits : undefined;
}

export function subjectRef(sealer: Sealer, nik: string): string | undefined {
  const normalised = normaliseNik(nik);
  return normalised === undefined ? undefined : sealer.keyedHash('subject-ref', `nik:${normalised}`);
}

/** The subject reference of a credential's claims, when they carry a national ID number. */
export function subjectRefOfClaims(sealer: Sealer, claims: Record<string, unknown>): string | undefined {
  const value = claims[SUBJECT_ID_CLAIM];
  return typeof value === 'string' ? subjectRef(sealer, value) : undefined;
}
