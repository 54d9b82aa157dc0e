// The issuing form's model against the demo KTP-el type: fields from the metadata, browser checks, the claims sent,
// and the server's field errors mapped back to the same fields.
import { describe, expect, it } from 'vitest';
import { demoCredentialTypes } from '../../../verifier/registry/demo-data.js';
import { buildClaims, formFields, serverFieldErrors, validate, type CredentialType } from './claims-form.js';

const ktp = demoCredentialTypes.find((t) => t.id === 'ktp-el') as unknown as CredentialType;
const today = '2026-01-15';
const filled = {
  nik: '3171010101900001',
  name: ' Siti Rahmawati ',
  birth_place: 'Bandung',
  birth_date: '1990-01-01',
  'address/street_address': 'Jl. Merdeka No. 1',
  'address/locality': 'Kota Bandung',
  'address/postal_code': '',
};

describe('the issuing form model', () => {
  it('has one field per claim and object member, and none for derived claims', () => {
    const keys = formFields(ktp).map((f) => f.key);
    expect(keys).toEqual(['nik', 'name', 'birth_place', 'birth_date', 'sex', ...['street_address', 'village', 'district', 'locality', 'region', 'postal_code'].map((m) => `address/${m}`)]);
    expect(formFields(ktp).filter((f) => f.required).map((f) => f.key)).toEqual(['nik', 'name', 'birth_place', 'birth_date']);
  });

  it('checks required fields, real and past dates, the NIK format and lengths', () => {
    expect(validate(ktp, {}, today)).toEqual({
      nik: { key: 'field.required' },
      name: { key: 'field.required' },
      birth_place: { key: 'field.required' },
      birth_date: { key: 'field.required' },
      address: { key: 'field.objectEmpty' },
    });
    expect(validate(ktp, filled, today)).toEqual({});
    expect(validate(ktp, { ...filled, nik: '317101010190000' }, today).nik).toEqual({ key: 'field.nik' });
    expect(validate(ktp, { ...filled, nik: '317101010190000a' }, today).nik).toEqual({ key: 'field.nik' });
    expect(validate(ktp, { ...filled, nik: '3171 0101 0190 0001' }, today).nik).toEqual({ key: 'field.nik' });
    expect(validate(ktp, { ...filled, nik: '9971010101900001' }, today).nik).toEqual({ key: 'field.nikProvince' });
    expect(validate(ktp, { ...filled, nik: '3171013201900001' }, today).nik).toEqual({ key: 'field.nikBirthDate' });
    expect(validate(ktp, { ...filled, nik: '3171010101900000' }, today).nik).toEqual({ key: 'field.nikSerial' });
    expect(validate(ktp, { ...filled, nik: '3171014101900001' }, today).nik).toBeUndefined();
    expect(validate(ktp, { ...filled, birth_date: '1990-02-30' }, today).birth_date).toEqual({ key: 'field.date' });
    expect(validate(ktp, { ...filled, birth_date: '2026-01-16' }, today).birth_date).toEqual({ key: 'field.dateFuture' });
    expect(validate(ktp, { ...filled, name: 'x'.repeat(501) }, today).name).toEqual({ key: 'field.tooLong' });
  });

  it('sends trimmed values and leaves empty optional fields out', () => {
    expect(buildClaims(ktp, filled)).toEqual({
      nik: '3171010101900001',
      name: 'Siti Rahmawati',
      birth_place: 'Bandung',
      birth_date: '1990-01-01',
      address: { street_address: 'Jl. Merdeka No. 1', locality: 'Kota Bandung' },
    });
  });

  it("maps the server's field errors to the same fields", () => {
    expect(
      serverFieldErrors([
        { path: '/body/claims/name', message: 'required' },
        { path: '/body/claims/birth_date', message: 'expected a date YYYY-MM-DD' },
        { path: '/body/claims/address/locality', message: 'expected a non-empty string' },
        { path: '/body/credentialType', message: 'invalid' },
      ]),
    ).toEqual({
      name: { key: 'field.required' },
      birth_date: { key: 'field.date' },
      'address/locality': { server: 'expected a non-empty string' },
    });
  });
});
