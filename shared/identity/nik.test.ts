// NIK structure: 16 digits, a province code, a birth date (day + 40 for women), a serial from 0001.
import { describe, expect, it } from 'vitest';
import { nikProblem, normaliseNik } from './nik.js';

describe('NIK', () => {
  it.each([
    ['3273015708900077', undefined], // Jawa Barat, woman born 17 Aug 1990
    ['3171010101900001', undefined], // DKI Jakarta, man born 1 Jan 1990
    ['9601013112990001', undefined], // Papua Barat Daya (2022), 31 Dec 1999
    ['1101017112000001', undefined], // Aceh, woman born 31 Dec 2000
    ['3273 0157 0890 0077', undefined], // separators people type are not the value's fault
    ['327301570890007', 'format'],
    ['32730157089000777', 'format'],
    ['3273015708900O77', 'format'],
    ['', 'format'],
    ['2073015708900077', 'province'],
    ['0073015708900077', 'province'],
    ['9973015708900077', 'province'],
    ['3273010008900077', 'birth_date'],
    ['3273013208900077', 'birth_date'],
    ['3273014008900077', 'birth_date'],
    ['3273017208900077', 'birth_date'],
    ['3273011700900077', 'birth_date'],
    ['3273011713900077', 'birth_date'],
    ['3273015708900000', 'serial'],
  ] as const)('%s: %s', (value, problem) => {
    expect(nikProblem(value)).toBe(problem);
  });

  it('normalises typed separators and refuses anything else', () => {
    expect(normaliseNik(' 3273.0157-0890 0077 ')).toBe('3273015708900077');
    expect(normaliseNik('3273/0157/0890/0077')).toBeUndefined();
  });
});
