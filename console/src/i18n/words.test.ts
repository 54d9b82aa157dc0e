// The console's one place for words: event kinds, purposes, claims, legal bases, dates, values, errors and retention
// in both languages, from the demo registry's descriptions and display names, never the raw codes.
import { afterEach, describe, expect, it } from 'vitest';
import { demoCredentialTypes, demoPurposes } from '../../../verifier/registry/demo-data.js';
import type { CredentialType } from '../lib/claims-form.js';
import { agency, credentialTypes, type Agency } from '../state/agency.js';
import { locale } from './index.js';
import { basisWord, claimList, claimWord, dateWord, errorWords, humanize, kindWord, purposeWord, retentionWord, valueWord } from './words.js';

credentialTypes.value = demoCredentialTypes as unknown as CredentialType[];
const hospital = demoPurposes.find((e) => e.agencyId === 'rsud-sehat-sentosa');

describe('console words', () => {
  afterEach(() => {
    locale.value = 'id';
  });

  it('names event kinds, purposes and legal bases in both languages', () => {
    agency.value = { id: 'rsud-sehat-sentosa', purposes: hospital ? [hospital.purpose] : [] } as unknown as Agency;
    expect(kindWord('consent_withdrawn')).toBe('Persetujuan ditarik warga');
    expect(kindWord('something_new')).toBe('Peristiwa lain');
    expect(purposeWord('patient_registration')).toMatch(/^Pendaftaran pasien/);
    expect(purposeWord('unregistered')).toBe('Di luar tujuan terdaftar');
    expect(basisWord('legal_obligation')).toBe('Kewajiban hukum');
    locale.value = 'en';
    expect(kindWord('consent_withdrawn')).toBe('Consent withdrawn by the citizen');
    expect(purposeWord('patient_registration')).not.toContain('_');
    expect(purposeWord('undeclared_code')).toBe('Undeclared code');
  });

  it('names claims by their display names, members with their claim', () => {
    // The ijazah's `name` ("Nama lulusan") comes first in this list; the hospital asks for KTP-el claims.
    credentialTypes.value = [...demoCredentialTypes].reverse() as unknown as CredentialType[];
    agency.value = { id: 'rsud-sehat-sentosa', purposes: hospital ? [hospital.purpose] : [], credentialTypes: [] } as unknown as Agency;
    expect(claimList(['nik', 'name', 'birth_date'])).toBe('Nomor Induk Kependudukan (NIK), Nama lengkap, Tanggal lahir');
    expect(claimWord('address.locality', 'ktp-el')).toBe('Kabupaten/Kota (Alamat)');
    expect(claimWord(['address', 'locality'])).toBe('Kabupaten/Kota (Alamat)');
    expect(claimWord('health_insurance_status')).toBe('Health insurance status');
    locale.value = 'en';
    expect(claimList(['nik', 'name', 'birth_date'])).toBe('National identity number (NIK), Full name, Date of birth');
  });

  it('formats calendar dates per locale and values in words', () => {
    expect(dateWord('1990-01-01')).toBe('1 Jan 1990');
    expect(valueWord(undefined, '1990-08-17')).toBe('17 Agu 1990');
    expect(valueWord(undefined, true)).toBe('Ya');
    expect(valueWord({ name: 'sex', type: 'string', label: { id: 'Jenis kelamin', en: 'Sex' }, mandatory: false }, 'PEREMPUAN')).toBe('Perempuan');
    locale.value = 'en';
    expect(dateWord('1990-08-17')).toBe('17 Aug 1990');
    expect(valueWord(undefined, false)).toBe('No');
  });

  it('says when a purpose keeps nothing, and words for errors without their codes', () => {
    expect(retentionWord(0)).toBe('Tujuan ini tidak mengizinkan penyimpanan: data hanya dipakai saat pemeriksaan, lalu tidak disimpan.');
    expect(retentionWord(365)).toBe('Lama penyimpanan (hari, paling lama 365)');
    expect(errorWords('agency_mismatch').title).toBe('Kunci ini milik instansi lain.');
    expect(errorWords('no_such_code').title).toBe('Terjadi kesalahan.');
    expect(humanize('a_b.c')).toBe('A b c');
  });
});
