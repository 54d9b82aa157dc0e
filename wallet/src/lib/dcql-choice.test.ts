// The consent screen's choices for DCQL queries with several credentials, credential_sets and claim_sets.
import { describe, expect, it } from 'vitest';
import { matchCredential, type HeldCredential } from '../../../shared/dcql/match.js';
import type { CredentialQuery, DcqlQuery } from '../../../shared/dcql/types.js';
import { unmetRequiredSet } from '../../../shared/dcql/sets.js';
import { chosenClaimOption, chosenQueryIds, defaultOptionalClaims, defaultSetOptions, firstMatch, setChoices, setsAnswerable } from './dcql-choice.js';

const card = (ref: string, vct: string, claims: Record<string, unknown>): HeldCredential => ({ ref, format: 'dc+sd-jwt', vct, claims });
const ktp = card('k1', 'https://x/vct/ktp', { nik: '3171', name: 'Siti', address: { city: 'Jakarta' } });
const bpjs = card('b1', 'https://x/vct/bpjs', { number: '0001', class: 2 });
const cq = (id: string, vct: string, claims: [string, string][], claimSets?: string[][]): CredentialQuery => ({
  id,
  format: 'dc+sd-jwt',
  meta: { vct_values: [vct] },
  claims: claims.map(([cid, p]) => ({ id: cid, path: p.split('.') })),
  ...(claimSets ? { claim_sets: claimSets } : {}),
});

describe('claim sets', () => {
  it("Sahih's optional claims (the required claims alone are offered) start off", () => {
    const q = cq('ktp', 'https://x/vct/ktp', [['nik', 'nik'], ['addr', 'address']], [['nik', 'addr'], ['nik']]);
    const match = matchCredential(q, ktp)!;
    expect(defaultOptionalClaims(q, match)).toEqual([]);
    expect(chosenClaimOption(q, match, new Set())?.claimIds).toEqual(['nik']);
    expect(chosenClaimOption(q, match, new Set(['addr']))?.claimIds).toEqual(['nik', 'addr']);
  });

  it('alternatives: the first claim set the card satisfies is preselected (§6.4.1)', () => {
    const q = cq('ktp', 'https://x/vct/ktp', [['email', 'email'], ['nik', 'nik'], ['name', 'name']], [['email'], ['nik', 'name'], ['name']]);
    const match = matchCredential(q, ktp)!;
    expect(match.options.map((o) => o.claimIds)).toEqual([['nik', 'name'], ['name']]);
    // 'name' alone is satisfiable but is not the required-only option (nothing is in every option): first satisfiable wins.
    expect(defaultOptionalClaims(q, match)).toEqual(['nik', 'name']);
    expect(chosenClaimOption(q, match, new Set(['nik']))).toBeUndefined();
  });
});

describe('credential sets', () => {
  const query: DcqlQuery = {
    credentials: [cq('ktp', 'https://x/vct/ktp', [['nik', 'nik']]), cq('bpjs', 'https://x/vct/bpjs', [['number', 'number']]), cq('passport', 'https://x/vct/passport', [['no', 'no']])],
    credential_sets: [{ options: [['passport'], ['ktp']] }, { options: [['bpjs']], required: false }],
  };
  const held = new Set(['ktp', 'bpjs']);

  it('a required set takes its first usable option; an optional set starts left out', () => {
    const sets = setChoices(query, (id) => held.has(id));
    expect(sets.map((s) => [s.required, s.usable])).toEqual([[true, [1]], [false, [0]]]);
    const chosen = defaultSetOptions(sets);
    expect(chosen).toEqual([1, null]);
    expect(setsAnswerable(sets, chosen)).toBe(true);
    expect(chosenQueryIds(query, sets, chosen)).toEqual(['ktp']);
    expect(chosenQueryIds(query, sets, [1, 0])).toEqual(['ktp', 'bpjs']);
    expect(unmetRequiredSet(query, ['ktp', 'bpjs'])).toBeUndefined();
  });

  it('a required set with no card held cannot be answered', () => {
    const sets = setChoices(query, (id) => id === 'bpjs');
    expect(setsAnswerable(sets, defaultSetOptions(sets))).toBe(false);
    expect(unmetRequiredSet(query, ['bpjs'])).toBe(0);
  });

  it('without credential_sets every credential query is required', () => {
    const plain: DcqlQuery = { credentials: query.credentials.slice(0, 2) };
    const sets = setChoices(plain, () => true);
    expect(chosenQueryIds(plain, sets, defaultSetOptions(sets))).toEqual(['ktp', 'bpjs']);
    expect(unmetRequiredSet(plain, ['ktp'])).toBe(1);
  });

  it('picks the first card that matches', () => {
    const q = query.credentials[1]!;
    expect(firstMatch(q, [ktp, bpjs], (c) => c)?.view.ref).toBe('b1');
    expect(firstMatch(q, [ktp], (c) => c)).toBeUndefined();
  });
});
