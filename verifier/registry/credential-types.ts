// Credential types: defining them (operator) and checking that a type's claim definitions are coherent.
import { AppError } from '../errors.js';
import type { CredentialTypeRecord } from '../store/types.js';
import type { RegistryContext } from './context.js';

export type NewCredentialType = Omit<CredentialTypeRecord, 'createdAt'>;

const RESERVED = new Set(['iss', 'iat', 'nbf', 'exp', 'cnf', 'vct', 'status', 'sub', '_sd', '_sd_alg', '...']);

export async function defineCredentialType(ctx: RegistryContext, input: NewCredentialType): Promise<CredentialTypeRecord> {
  const names = new Set<string>();
  for (const claim of input.claims) {
    if (RESERVED.has(claim.name) || names.has(claim.name)) {
      throw new AppError('invalid_claims', { detail: `Claim name ${claim.name} is reserved or repeated.` });
    }
    names.add(claim.name);
    if (claim.type === 'object' && !claim.members?.length) {
      throw new AppError('invalid_claims', { detail: `Object claim ${claim.name} needs members.` });
    }
  }
  for (const claim of input.claims) {
    if (claim.derived && !input.claims.some((c) => c.name === claim.derived!.from && c.type === 'date')) {
      throw new AppError('invalid_claims', { detail: `Derived claim ${claim.name} needs a date claim ${claim.derived.from}.` });
    }
  }
  const record: CredentialTypeRecord = { ...input, createdAt: ctx.now() };
  if (!(await ctx.store.credentialTypes.create(record))) {
    throw new AppError('conflict', { detail: `A credential type with id ${input.id} already exists.` });
  }
  return record;
}

export async function requireCredentialType(ctx: Pick<RegistryContext, 'store'>, typeId: string): Promise<CredentialTypeRecord> {
  const type = await ctx.store.credentialTypes.get(typeId);
  if (!type) throw new AppError('unknown_credential_type', { detail: `No credential type ${typeId}.` });
  return type;
}
