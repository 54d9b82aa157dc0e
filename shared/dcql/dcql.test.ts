// DCQL: validation per OpenID4VP 1.0 §6, claims path pointers per §7 (the spec's own example), matching and options.
import { describe, expect, it } from 'vitest';
import { buildDcqlQuery } from './build.js';
import { evaluateDcql, matchCredential, requiredAndOptional, type HeldCredential } from './match.js';
import { parseDcqlQuery } from './parse.js';
import { pathCovers, selectClaims } from './path.js';

// The claims path pointer example credential from OpenID4VP 1.0 §7.
const arthur = {
  name: 'Arthur Dent',
  address: { street_address: '42 Market Street', locality: 'Milliways', postal_code: '12345' },
  degrees: [
    { type: 'Bachelor of Science', university: 'University of Betelgeuse' },
    { type: 'Master of Science', university: 'University of Betelgeuse' },
  ],
  nationalities: ['British', 'Betelgeusian'],
};

const vct = 'https://sahih.example/vct/ktp';
const ktp: HeldCredential = {
  ref: 'c1',
  format: 'dc+sd-jwt',
  vct,
  claims: { nik: '3174000000000001', name: 'Siti', birthdate: '1990-01-01', age_over_17: true, age_over_21: true, address: { city: 'Jakarta' } },
};

describe('claims path pointer', () => {
  it('selects as the specification example says', () => {
    const values = (p: (string | number | null)[]) => {
      const r = selectClaims(arthur, p);
      return r.ok ? r.selected.map((s) => s.value) : r.reason;
    };
    expect(values(['name'])).toEqual(['Arthur Dent']);
    expect(values(['address'])).toEqual([arthur.address]);
    expect(values(['address', 'street_address'])).toEqual(['42 Market Street']);
    expect(values(['degrees', null, 'type'])).toEqual(['Bachelor of Science', 'Master of Science']);
    expect(values(['nationalities', 1])).toEqual(['Betelgeusian']);
  });

  it('reports concrete paths, missing claims and type mismatches', () => {
    const r = selectClaims(arthur, ['degrees', null, 'type']);
    expect(r.ok && r.selected.map((s) => s.path)).toEqual([
      ['degrees', 0, 'type'],
      ['degrees', 1, 'type'],
    ]);
    expect(selectClaims(arthur, ['email'])).toEqual({ ok: false, reason: 'not_found' });
    expect(selectClaims(arthur, ['nationalities', 5])).toEqual({ ok: false, reason: 'not_found' });
    expect(selectClaims(arthur, ['name', 'first'])).toEqual({ ok: false, reason: 'type_mismatch' });
    expect(selectClaims(arthur, ['address', null])).toEqual({ ok: false, reason: 'type_mismatch' });
    expect(pathCovers(['degrees', null], ['degrees', 1, 'type'])).toBe(true);
    expect(pathCovers(['address'], ['name'])).toBe(false);
  });
});

describe('parseDcqlQuery', () => {
  it('accepts the specification simple example', () => {
    const r = parseDcqlQuery({
      credentials: [
        {
          id: 'my_credential',
          format: 'dc+sd-jwt',
          meta: { vct_values: ['https://credentials.example.com/identity_credential'] },
          claims: [{ path: ['last_name'] }, { path: ['first_name'] }, { path: ['address', 'street_address'] }],
        },
      ],
    });
    expect(r.ok).toBe(true);
  });

  it.each([
    ['not an object', 'x'],
    ['no credentials', { credentials: [] }],
    ['bad id', { credentials: [{ id: 'a b', format: 'dc+sd-jwt', meta: {} }] }],
    ['unsupported format', { credentials: [{ id: 'a', format: 'mso_mdoc', meta: {} }] }],
    ['meta missing', { credentials: [{ id: 'a', format: 'dc+sd-jwt' }] }],
    ['empty path', { credentials: [{ id: 'a', format: 'dc+sd-jwt', meta: {}, claims: [{ path: [] }] }] }],
    ['negative index', { credentials: [{ id: 'a', format: 'dc+sd-jwt', meta: {}, claims: [{ path: ['x', -1] }] }] }],
    ['claim_sets without claims', { credentials: [{ id: 'a', format: 'dc+sd-jwt', meta: {}, claim_sets: [['x']] }] }],
    [
      'claim_sets with unknown id',
      { credentials: [{ id: 'a', format: 'dc+sd-jwt', meta: {}, claims: [{ id: 'x', path: ['x'] }], claim_sets: [['y']] }] },
    ],
    ['duplicate credential ids', { credentials: [{ id: 'a', format: 'dc+sd-jwt', meta: {} }, { id: 'a', format: 'dc+sd-jwt', meta: {} }] }],
    ['same claim twice', { credentials: [{ id: 'a', format: 'dc+sd-jwt', meta: {}, claims: [{ path: ['x'] }, { path: ['x'] }] }] }],
    ['credential set with unknown id', { credentials: [{ id: 'a', format: 'dc+sd-jwt', meta: {} }], credential_sets: [{ options: [['b']] }] }],
  ])('rejects %s', (_, input) => {
    const r = parseDcqlQuery(input);
    expect(r.ok).toBe(false);
  });
});

describe('matching and options', () => {
  const query = buildDcqlQuery({
    credentialId: 'ktp',
    vct,
    claims: [
      { id: 'age', path: ['age_over_17'], required: true },
      { id: 'name', path: ['name'], required: false },
      { id: 'city', path: ['address', 'city'], required: false },
    ],
  });

  it('builds claim sets from most to least complete, required claims in every one', () => {
    expect(parseDcqlQuery(query).ok).toBe(true);
    expect(query.credentials[0]!.claim_sets).toEqual([['age', 'name', 'city'], ['age', 'name'], ['age', 'city'], ['age']]);
    expect(requiredAndOptional(query.credentials[0]!)).toEqual({ required: ['age'], optional: ['name', 'city'] });
  });

  it('matches by vct and reports every satisfiable option with concrete paths', () => {
    const m = matchCredential(query.credentials[0]!, ktp)!;
    expect(m.options.map((o) => o.claimIds)).toEqual([['age', 'name', 'city'], ['age', 'name'], ['age', 'city'], ['age']]);
    expect(m.options.at(-1)!.selected).toEqual([{ path: ['age_over_17'], value: true }]);
    expect(matchCredential(query.credentials[0]!, { ...ktp, vct: 'other' })).toBeUndefined();
  });

  it('drops options whose claims the credential lacks or whose values do not match', () => {
    const noCity = { ...ktp, claims: { ...ktp.claims, address: {} } };
    expect(matchCredential(query.credentials[0]!, noCity)!.options.map((o) => o.claimIds)).toEqual([['age', 'name'], ['age']]);
    const valueQuery = { ...query.credentials[0]!, claims: [{ id: 'age', path: ['age_over_17'], values: [false] }], claim_sets: undefined };
    expect(matchCredential(valueQuery, ktp)).toBeUndefined();
  });

  it('evaluates credential sets: optional sets do not block, required ones do', () => {
    const q = {
      credentials: [
        { id: 'ktp', format: 'dc+sd-jwt' as const, meta: { vct_values: [vct] } },
        { id: 'bpjs', format: 'dc+sd-jwt' as const, meta: { vct_values: ['https://sahih.example/vct/bpjs'] } },
      ],
      credential_sets: [{ options: [['ktp']] }, { options: [['bpjs']], required: false }],
    };
    expect(evaluateDcql(q, [ktp]).satisfiable).toBe(true);
    expect(evaluateDcql({ ...q, credential_sets: [{ options: [['bpjs']] }] }, [ktp]).satisfiable).toBe(false);
    expect(evaluateDcql({ credentials: q.credentials }, [ktp]).satisfiable).toBe(false);
  });
});
