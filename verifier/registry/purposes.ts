// Registered purposes of verifiers: every claim a purpose names must exist in a registered credential type.
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { LegalBasis, LocalizedText, PurposeClaim, PurposeRecord } from '../store/types.js';
import { verifies } from './agencies.js';
import type { RegistryContext } from './context.js';

export const legalBases: readonly LegalBasis[] = [
  // UU PDP (Law 27/2022) Article 20(2): consent, contract, legal obligation, vital interests, public task,
  // legitimate interests.
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
];

export interface NewPurpose {
  code: string;
  description: LocalizedText;
  legalBasis: LegalBasis;
  claims: PurposeClaim[];
  maxRetentionDays: number;
  requireSignedConsent?: boolean;
}

export async function registerPurpose(ctx: RegistryContext, agencyId: string, input: NewPurpose): Promise<PurposeRecord> {
  const agency = await ctx.store.agencies.get(agencyId);
  if (!agency) throw new AppError('not_found', { detail: `No agency ${agencyId}.` });
  if (!verifies(agency.role)) throw new AppError('agency_role_mismatch', { detail: `Agency ${agencyId} is not registered as a verifier.` });
  await checkPurposeClaims(ctx, input.claims);
  const record: PurposeRecord = { id: randomUUID(), agencyId, ...input, createdAt: ctx.now() };
  if (!(await ctx.store.purposes.create(record))) {
    throw new AppError('conflict', { detail: `Agency ${agencyId} already has a purpose ${input.code}.` });
  }
  return record;
}

/** Changes what a purpose says; its version moves, so consents given under the old wording wait for review. */
export async function changePurpose(ctx: RegistryContext, agencyId: string, code: string, input: Omit<NewPurpose, 'code'>): Promise<PurposeRecord> {
  await checkPurposeClaims(ctx, input.claims);
  if (!(await ctx.store.purposes.update({ agencyId, code, ...input }))) throw new AppError('unknown_purpose', { detail: `Agency ${agencyId} has no purpose ${code}.` });
  return (await ctx.store.purposes.get(agencyId, code))!;
}

/** A path of an external type lies along a claim its type metadata declares (the claim, a member, or a container). */
const alongDeclared = (declared: readonly (string | number | null)[], path: readonly (string | number | null)[]) => {
  const n = Math.min(declared.length, path.length);
  return declared.slice(0, n).every((c, i) => c === path[i] || c === null || path[i] === null);
};

async function checkPurposeClaims(ctx: RegistryContext, claims: PurposeClaim[]): Promise<void> {
  for (const [i, claim] of claims.entries()) {
    const type = await ctx.store.credentialTypes.get(claim.credentialType);
    const external = type ? undefined : await ctx.store.externalCredentialTypes.get(claim.credentialType);
    if (external && (external.claims.length === 0 || external.claims.some((c) => alongDeclared(c.path, claim.path)))) continue;
    const [top, member, ...rest] = claim.path;
    const definition = type?.claims.find((c) => c.name === top);
    const ok =
      definition !== undefined &&
      rest.length === 0 &&
      (member === undefined || (definition.members ?? []).some((m) => m.name === member));
    if (!ok) {
      throw new AppError('invalid_claims', {
        detail: `Claim ${claim.path.join('.')} of ${claim.credentialType} is not a registered claim.`,
        fieldErrors: [{ path: `/body/claims/${i}`, message: 'unknown credential type or claim' }],
      });
    }
  }
}
