// The Indonesian national identity number (Nomor Induk Kependudukan, NIK) as Dukcapil assigns it: 16 digits, PPKKCC
// (province, regency/city, district — Kemendagri area codes), DDMMYY (birth date; women add 40 to the day), SSSS (a
// serial from 0001). Checked where a NIK enters the system — the issuer console, credential offers, back-office
// declarations — so a typo is caught at the desk instead of issuing a credential or logging an access nobody can match.
// Structure only: a NIK whose date part disagrees with the register's birth date exists in practice and is not ours
// to refuse. Hand-written: no maintained library encodes the format, and it is a few lines.

/** Province codes (Kemendagri), including the Papua provinces formed in 2022. */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76,
  81, 82, 91, 92, 93, 94, 95, 96,
]);

export type NikProblem = 'format' | 'province' | 'birth_date' | 'serial';

/** Separators people type (spaces, dots, hyphens) removed; undefined when what is left is not 16 digits. */
export function normaliseNik(value: string): string | undefined {
  const digits = value.replace(/[\s.-]/g, '');
  return /^\d{16}$/.test(digits) ? digits : undefined;
}

/** Why the value cannot be a NIK, or undefined when its structure is sound. */
export function nikProblem(value: string): NikProblem | undefined {
  const nik = normaliseNik(value);
  if (nik === undefined) return 'format';
  if (!PROVINCES.has(Number(nik.slice(0, 2)))) return 'province';
  const day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const dayOfMonth = day > 40 ? day - 40 : day;
  if (dayOfMonth < 1 || dayOfMonth > 31 || month < 1 || month > 12) return 'birth_date';
  if (nik.slice(12) === '0000') return 'serial';
  return undefined;
}

/** What a NIK problem means, for field errors (names the part, never echoes the value). */
export const nikProblemText: Record<NikProblem, string> = {
  format: 'a NIK is 16 digits',
  province: 'the first two digits are not a province code',
  birth_date: 'digits 7-12 are not a birth date (DDMMYY, day plus 40 for women)',
  serial: 'the last four digits are a serial from 0001',
};
