// Distinct, well-formed NIKs for tests and benchmarks that need many citizens: Kota Bandung area codes, a birth date
// walked day by day from index i, and a serial; every one passes shared/identity/nik.ts.
export function testNik(i: number): string {
  const day = 1 + (i % 28);
  const month = 1 + (Math.floor(i / 28) % 12);
  const year = Math.floor(i / 336) % 100;
  const serial = 1 + (Math.floor(i / 33_600) % 9_999);
  const two = (n: number) => String(n).padStart(2, '0');
  return `327301${two(day)}${two(month)}${two(year)}${String(serial).padStart(4, '0')}`;
}
