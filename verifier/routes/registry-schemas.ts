// Zod schemas shared by the registry, issuance and status routes (requests, responses, OpenAPI components).
import { z } from '@hono/zod-openapi';
import type { AgencyView } from '../registry/agencies.js';
import { legalBases } from '../registry/purposes.js';
import type { PurposeRecord } from '../store/types.js';

export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const AgencyId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes (2-63 characters)')
  .openapi({ example: 'dukcapil' });
export const TypeId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes (2-63 characters)')
  .openapi({ example: 'ktp-el' });
/** The longest validity a credential type or an offer may declare, in days (100 years). */
export const MAX_VALIDITY_DAYS = 36_500;

export const Localized = z
  .object({ id: z.string().min(1).max(1000).openapi({ description: 'Bahasa Indonesia' }), en: z.string().min(1).max(1000).openapi({ description: 'English' }) })
  .openapi('LocalizedText');

export const AgencyParams = z.object({ agencyId: AgencyId.openapi({ param: { name: 'agencyId', in: 'path' } }) });

export const PurposeClaimSchema = z.object({
  credentialType: TypeId,
  path: z
    .array(z.union([z.string().min(1).max(100), z.number().int().min(0), z.null()]))
    .min(1)
    .max(10)
    .openapi({ example: ['address', 'locality'], description: "Sahih's own types: a claim or claim.member; types of external issuers: a DCQL claims path (null: every array element)" }),
});

export const NewPurposeSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,62}$/, 'lowercase letters, digits, _ and -').openapi({ example: 'patient_registration' }),
    description: Localized,
    legalBasis: z.enum(legalBases as [string, ...string[]]).openapi({ description: 'UU PDP Article 20(2) basis' }),
    claims: z.array(PurposeClaimSchema).min(1).max(100),
    maxRetentionDays: z.number().int().min(0).max(36500),
    requireSignedConsent: z
      .boolean()
      .optional()
      .openapi({ description: "Requests under this purpose insist on Sahih's holder-signed consent record: their request object says sahih_consent_record: required and an answer without one is refused with 403 consent_record_required. Default false: a standard wallet may answer, and the service keeps a verifier-side receipt." }),
  })
  .openapi('NewPurpose');

export const PurposeSchema = NewPurposeSchema.extend({
  id: z.string(),
  agencyId: z.string(),
  version: z.number().int().openapi({ description: 'Moves on every change; consents given under an older version wait for the citizen to keep or withdraw them' }),
  createdAt: z.string(),
}).openapi('Purpose');

export const purposeOut = (p: PurposeRecord) => ({
  id: p.id,
  agencyId: p.agencyId,
  code: p.code,
  description: p.description,
  legalBasis: p.legalBasis,
  claims: p.claims,
  maxRetentionDays: p.maxRetentionDays,
  requireSignedConsent: p.requireSignedConsent === true,
  version: p.version ?? 1,
  createdAt: iso(p.createdAt)!,
});

export const AgencySchema = z
  .object({
    id: z.string(),
    legalName: z.string(),
    contact: z.string(),
    dpoContact: z.string(),
    privacyNoticeUrl: z.string(),
    privacyNoticeSha256: z.string().nullable().openapi({ description: "base64url SHA-256 of the notice text the agency published last (GET /v1/registry/agencies/{agencyId}/privacy-notice); consent records pin it" }),
    role: z.enum(['issuer', 'verifier', 'both']),
    status: z.enum(['active', 'suspended']),
    credentialIssuer: z.string().openapi({ description: 'OpenID4VCI credential issuer identifier' }),
    credentialTypes: z.array(z.string()),
    purposes: z.array(PurposeSchema),
    keys: z.array(
      z.object({ kid: z.string(), status: z.enum(['active', 'retired']), createdAt: z.string(), retiredAt: z.string().nullable(), verifyUntil: z.string().nullable() }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Agency');

export const agencyOut = (a: AgencyView, publicUrl: string) => ({
  id: a.id,
  legalName: a.legalName,
  contact: a.contact,
  dpoContact: a.dpoContact,
  privacyNoticeUrl: a.privacyNoticeUrl,
  privacyNoticeSha256: a.privacyNoticeSha256,
  role: a.role,
  status: a.status,
  credentialIssuer: `${publicUrl}/issuers/${a.id}`,
  credentialTypes: a.credentialTypes,
  purposes: a.purposes.map(purposeOut),
  keys: a.keys.map((k) => ({
    kid: k.kid,
    status: k.status as 'active' | 'retired',
    createdAt: iso(k.createdAt)!,
    retiredAt: iso(k.retiredAt),
    verifyUntil: iso(k.verifyUntil),
  })),
  createdAt: iso(a.createdAt)!,
  updatedAt: iso(a.updatedAt)!,
});

export const ClaimDefinitionSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'lowercase snake_case'),
  type: z.enum(['string', 'date', 'boolean', 'number', 'object']),
  label: Localized,
  mandatory: z.boolean(),
  sd: z.boolean().optional(),
  members: z.array(z.object({ name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/), label: Localized })).max(30).optional(),
  derived: z.object({ kind: z.literal('age_over'), years: z.number().int().min(1).max(120), from: z.string() }).optional(),
  format: z.enum(['nik']).optional().openapi({ description: 'A string with a known structure, checked at offer time (nik: the 16-digit national identity number)' }),
});

export const CredentialTypeSchema = z
  .object({
    id: TypeId,
    vct: z.string().optional(),
    display: z.object({ name: Localized, description: Localized }),
    claims: z.array(ClaimDefinitionSchema).min(1).max(100),
    // Up to 100 years: civil-status documents (a birth certificate) are issued for decades (demo-data.ts: 50 years).
    defaultValidityDays: z.number().int().min(1).max(MAX_VALIDITY_DAYS),
  })
  .openapi('CredentialType');

