// The two error bodies the service answers with, as schemas for /openapi.json: RFC 9457 problem details everywhere,
// and the OAuth error shape (RFC 6749 §5.2 members plus the problem members) on the OpenID4VCI endpoints.
import { z } from '@hono/zod-openapi';
import { errorCodes } from '../errors.js';

const problemMembers = {
  type: z.string().openapi({ example: 'urn:sahih:problem:invalid_request' }),
  title: z.string(),
  status: z.number().int(),
  code: z.enum(errorCodes).openapi({ description: 'Stable machine-readable error code: switch on it, never on the text.' }),
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
};

/** The RFC 9457 body, as a schema for route documentation. */
export const ProblemSchema = z.object(problemMembers).openapi('Problem');

export const OAuthErrorSchema = z
  .object({
    error: z.string().openapi({ example: 'invalid_grant', description: 'The RFC 6749 / OpenID4VCI error code' }),
    error_description: z.string().optional(),
    ...problemMembers,
  })
  .openapi('OAuthError');
