// Zod schemas for the agency's own reference, in request bodies and as a search term (see access/agency-ref.ts).
import { z } from '@hono/zod-openapi';
import { AGENCY_REF_MAX, AGENCY_REF_PATTERN, AGENCY_REF_RULES, AGENCY_REF_SEARCH_PATTERN, agencyRefProblem } from '../access/agency-ref.js';

export const AgencyRef = z
  .string()
  .max(AGENCY_REF_MAX)
  .regex(AGENCY_REF_PATTERN, 'letters, digits, space and . _ / : # - (1-64 characters), starting and ending with a letter or digit')
  .refine((ref) => agencyRefProblem(ref) === undefined, { message: 'must not contain a NIK (16 digits)' })
  .openapi({ description: AGENCY_REF_RULES, example: 'RM-2026/000123' });

/** The agency's reference as it comes back in listings (null when none was given). */
export const AgencyRefOut = z.string().nullable().openapi({ description: "The agency's own case or customer number given at offer or request time" });

export const AgencyRefSearch = z
  .string()
  .regex(AGENCY_REF_SEARCH_PATTERN, 'letters, digits, space and . _ / : # - (1-64 characters)')
  .optional()
  .openapi({ description: "Only entries whose agency reference contains this text (case-insensitive)", example: '000123' });
