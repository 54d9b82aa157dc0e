// DCQL (OpenID4VP 1.0 §6) query types, restricted to what Sahih supports: SD-JWT VC credentials (`dc+sd-jwt`).

/** A claims path pointer (§7): object keys, array indices, or null for "every element". */
export type ClaimsPath = (string | number | null)[];

export interface ClaimsQuery {
  id?: string;
  path: ClaimsPath;
  values?: (string | number | boolean)[];
}

export interface CredentialQuery {
  id: string;
  format: 'dc+sd-jwt';
  multiple?: boolean;
  meta: { vct_values?: string[] };
  require_cryptographic_holder_binding?: boolean;
  claims?: ClaimsQuery[];
  claim_sets?: string[][];
}

export interface CredentialSetQuery {
  options: string[][];
  required?: boolean;
}

export interface DcqlQuery {
  credentials: CredentialQuery[];
  credential_sets?: CredentialSetQuery[];
}
