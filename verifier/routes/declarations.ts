// POST /v1/agencies/{agencyId}/access-declarations: an agency declares a back-office read of a citizen's data.
import { createRoute, z } from '@hono/zod-openapi';
import { declareBackofficeAccess } from '../access/declare.js';
import { requireAgency } from '../http/agency-auth.js';
import { createRouter, problemResponses } from '../http/router.js';
import type { TransparencyLog } from '../log/transparency-log.js';
import type { RegistryContext } from '../registry/context.js';
import { legalBases } from '../registry/purposes.js';

const Localized = z.object({ id: z.string().min(1).max(500), en: z.string().min(1).max(500) });
const category = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -');

const Declaration = z
  .object({
    subject: z.object({ nik: z.string().min(1).max(32) }).openapi({ description: 'The citizen, by NIK (never stored; matched by keyed hash)' }),
    legalBasis: z.enum(legalBases as unknown as [string, ...string[]]),
    purposeCode: z.string().min(1).max(64).optional(),
    purposeDescription: Localized.optional(),
    dataCategories: z.array(category).min(1).max(30),
    system: z.string().min(1).max(100).optional(),
    reference: z.string().min(1).max(100).optional(),
  })
  .openapi('BackofficeDeclaration');

const Receipt = z.object({
  eventId: z.string(),
  leafIndex: z.number().int(),
  leafHash: z.string(),
  checkpoint: z.string(),
  treeSize: z.number().int(),
  inclusionProof: z.array(z.string()),
});

const Declared = z
  .object({ matched: z.boolean(), event: z.object({ body: z.string(), salt: z.string() }), receipt: Receipt })
  .openapi('BackofficeDeclarationReceipt');

export function declarationRoutes(deps: { registry: RegistryContext; log: TransparencyLog }) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/agencies/{agencyId}/access-declarations',
      middleware: [requireAgency(deps.registry)] as const,
      tags: ['Access log'],
      summary: 'Declare a back-office access to a citizen\'s data (recorded in the access log)',
      request: {
        params: z.object({ agencyId: z.string() }),
        body: { required: true, content: { 'application/json': { schema: Declaration } } },
      },
      responses: {
        201: { description: 'Recorded, with its receipt', content: { 'application/json': { schema: Declared } } },
        ...problemResponses(400, 401, 403, 413, 415),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const result = await declareBackofficeAccess(deps, c.get('agency'), body as Parameters<typeof declareBackofficeAccess>[2]);
      return c.json({ matched: result.matched, event: { body: result.body, salt: result.salt }, receipt: result.receipt }, 201);
    },
  );
  return app;
}
