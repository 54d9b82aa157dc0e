// Validates an untrusted DCQL query against OpenID4VP 1.0 §6 and returns it typed, or every problem found.
// Hand-written rather than with a schema library to keep the wallet's bundle small.
import type { ClaimsQuery, CredentialQuery, CredentialSetQuery, DcqlQuery } from './types.js';

export type DcqlParseResult = { ok: true; query: DcqlQuery } | { ok: false; errors: string[] };

const idPattern = /^[A-Za-z0-9_-]+$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmptyArray(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.length > 0;
}

function parseClaim(raw: unknown, at: string, errors: string[]): ClaimsQuery | undefined {
  if (!isObject(raw)) return void errors.push(`${at} must be an object`);
  const claim: ClaimsQuery = { path: [] };
  if (raw.id !== undefined) {
    if (typeof raw.id !== 'string' || !idPattern.test(raw.id)) errors.push(`${at}.id must be alphanumeric, _ or -`);
    else claim.id = raw.id;
  }
  if (!nonEmptyArray(raw.path)) {
    errors.push(`${at}.path must be a non-empty array`);
  } else if (!raw.path.every((c) => c === null || typeof c === 'string' || (Number.isInteger(c) && (c as number) >= 0))) {
    errors.push(`${at}.path may hold only strings, null and non-negative integers`);
  } else {
    claim.path = raw.path as ClaimsQuery['path'];
  }
  if (raw.values !== undefined) {
    if (!nonEmptyArray(raw.values) || !raw.values.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
      errors.push(`${at}.values must be a non-empty array of strings, numbers or booleans`);
    } else {
      claim.values = raw.values as ClaimsQuery['values'];
    }
  }
  return claim;
}

function parseCredential(raw: unknown, at: string, errors: string[]): CredentialQuery | undefined {
  if (!isObject(raw)) return void errors.push(`${at} must be an object`);
  const before = errors.length;
  if (typeof raw.id !== 'string' || !idPattern.test(raw.id)) errors.push(`${at}.id must be a non-empty string of alphanumeric, _ or -`);
  if (raw.format !== 'dc+sd-jwt') errors.push(`${at}.format must be "dc+sd-jwt" (the only format this service accepts)`);
  if (!isObject(raw.meta)) errors.push(`${at}.meta is required and must be an object`);
  const meta = isObject(raw.meta) ? raw.meta : {};
  if (meta.vct_values !== undefined && (!nonEmptyArray(meta.vct_values) || !meta.vct_values.every((v) => typeof v === 'string'))) {
    errors.push(`${at}.meta.vct_values must be a non-empty array of strings`);
  }
  if (raw.multiple !== undefined && typeof raw.multiple !== 'boolean') errors.push(`${at}.multiple must be a boolean`);
  const binding = raw.require_cryptographic_holder_binding;
  if (binding !== undefined && typeof binding !== 'boolean') errors.push(`${at}.require_cryptographic_holder_binding must be a boolean`);

  let claims: ClaimsQuery[] | undefined;
  if (raw.claims !== undefined) {
    if (!nonEmptyArray(raw.claims)) errors.push(`${at}.claims must be a non-empty array`);
    else claims = raw.claims.map((c, i) => parseClaim(c, `${at}.claims[${i}]`, errors)).filter((c): c is ClaimsQuery => !!c);
  }
  const claimIds = (claims ?? []).map((c) => c.id).filter((id): id is string => id !== undefined);
  if (new Set(claimIds).size !== claimIds.length) errors.push(`${at}.claims has a duplicate id`);
  const pathKeys = (claims ?? []).map((c) => JSON.stringify(c.path));
  if (new Set(pathKeys).size !== pathKeys.length) errors.push(`${at}.claims points to the same claim twice`);

  let claimSets: string[][] | undefined;
  if (raw.claim_sets !== undefined) {
    if (!claims) errors.push(`${at}.claim_sets must not be present without claims`);
    if (!nonEmptyArray(raw.claim_sets) || !raw.claim_sets.every((s) => nonEmptyArray(s) && s.every((id) => typeof id === 'string'))) {
      errors.push(`${at}.claim_sets must be a non-empty array of non-empty arrays of claim ids`);
    } else {
      claimSets = raw.claim_sets as string[][];
      if ((claims ?? []).some((c) => c.id === undefined)) errors.push(`${at}.claims need ids when claim_sets is present`);
      for (const id of claimSets.flat()) if (!claimIds.includes(id)) errors.push(`${at}.claim_sets refers to unknown claim id "${id}"`);
    }
  }
  if (errors.length > before) return undefined;
  const query: CredentialQuery = { id: raw.id as string, format: 'dc+sd-jwt', meta: meta as CredentialQuery['meta'] };
  if (raw.multiple !== undefined) query.multiple = raw.multiple as boolean;
  if (binding !== undefined) query.require_cryptographic_holder_binding = binding as boolean;
  if (claims) query.claims = claims;
  if (claimSets) query.claim_sets = claimSets;
  return query;
}

export function parseDcqlQuery(input: unknown): DcqlParseResult {
  const errors: string[] = [];
  if (!isObject(input)) return { ok: false, errors: ['the DCQL query must be a JSON object'] };
  if (!nonEmptyArray(input.credentials)) return { ok: false, errors: ['credentials must be a non-empty array'] };
  const credentials = input.credentials
    .map((c, i) => parseCredential(c, `credentials[${i}]`, errors))
    .filter((c): c is CredentialQuery => !!c);
  const ids = credentials.map((c) => c.id);
  if (new Set(ids).size !== ids.length) errors.push('credentials has a duplicate id');

  let credentialSets: CredentialSetQuery[] | undefined;
  if (input.credential_sets !== undefined) {
    if (!nonEmptyArray(input.credential_sets)) {
      errors.push('credential_sets must be a non-empty array');
    } else {
      credentialSets = [];
      input.credential_sets.forEach((raw, i) => {
        const at = `credential_sets[${i}]`;
        if (!isObject(raw) || !nonEmptyArray(raw.options)) return void errors.push(`${at}.options must be a non-empty array`);
        const options = raw.options;
        if (!options.every((o) => nonEmptyArray(o) && o.every((id) => typeof id === 'string'))) {
          return void errors.push(`${at}.options must hold non-empty arrays of credential ids`);
        }
        for (const id of (options as string[][]).flat()) if (!ids.includes(id)) errors.push(`${at} refers to unknown credential id "${id}"`);
        if (raw.required !== undefined && typeof raw.required !== 'boolean') errors.push(`${at}.required must be a boolean`);
        credentialSets!.push({ options: options as string[][], ...(typeof raw.required === 'boolean' ? { required: raw.required } : {}) });
      });
    }
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, query: { credentials, ...(credentialSets ? { credential_sets: credentialSets } : {}) } };
}
