// Route conventions: every router validates input with zod schemas that also produce /openapi.json.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { AppError, errorCodes, type FieldError } from '../errors.js';
import type { AppEnv } from './env.js';

export function fieldErrorsOf(error: ZodError, target: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: `/${[target, ...issue.path.map(String)].join('/')}`,
    message: issue.message,
  }));
}

/** A router whose schema failures become `invalid_request` problems naming each field. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const target = (result as { target?: string }).target ?? 'body';
      const fieldErrors = fieldErrorsOf(result.error as ZodError, target === 'json' || target === 'form' ? 'body' : target);
      const first = fieldErrors[0];
      throw new AppError('invalid_request', {
        detail: first ? `${first.path}: ${first.message}` : 'The request is invalid.',
        fieldErrors,
      });
    },
  });
}

/** The RFC 9457 body, as a schema for route documentation. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:sahih:problem:invalid_request' }),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(errorCodes).openapi({ description: 'Stable machine-readable error code: switch on it, never on the text.' }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

export function problemResponses(...statuses: number[]) {
  const out: Record<number, { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }> = {};
  for (const status of statuses) {
    out[status] = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: ProblemSchema } } };
  }
  return out;
}
