// GET /v1/agencies/{agencyId}/credentials: the agency's issued credentials by status entry and reference, newest first,
// for its console. Only what the service keeps: type, status list index, dates — never claim values.
import { createRoute, z } from '@hono/zod-openapi';
import { requireAgency } from '../http/agency-auth.js';
import { createRouter, problemResponses } from '../http/router.js';
import { describeCredential } from '../status/status-lists.js';
import type { RegistryRouteDeps } from './deps.js';
import { AgencyRefOut, AgencyRefSearch } from './agency-ref-schema.js';
import { AgencyParams, iso } from './registry-schemas.js';

const IssuedCredentialSchema = z
  .object({
    credentialId: z.string().openapi({ description: 'The reference the agency uses for status changes' }),
    credentialType: z.string(),
    status: z.enum(['valid', 'suspended', 'revoked']),
    statusList: z.object({ uri: z.string(), idx: z.number().int() }),
    issuedAt: z.string(),
    expiresAt: z.string(),
    updatedAt: z.string(),
    agencyRef: AgencyRefOut,
  })
  .openapi('IssuedCredential');

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional().openapi({ description: 'Page size (default 50)' }),
  before: z.coerce.number().int().min(0).optional().openapi({ description: 'Cursor from `next`: only credentials issued before it (ms)' }),
  ref: AgencyRefSearch,
});

export function issuedCredentialRoutes(deps: RegistryRouteDeps) {
  const { ctx } = deps;
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/agencies/{agencyId}/credentials',
      tags: ['Agency API'],
     
      middleware: requireAgency(ctx),
      summary: "Credentials the agency issued, newest first, optionally only those whose agency reference contains `ref` (status entry and references; no claim values)",
      request: { params: AgencyParams, query: ListQuery },
      responses: {
        200: {
          description: 'A page of credentials',
          content: { 'application/json': { schema: z.object({ credentials: z.array(IssuedCredentialSchema), next: z.number().int().nullable() }).openapi('IssuedCredentialListing') } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { limit = 50, before, ref } = c.req.valid('query');
      const records = await ctx.store.issuedCredentials.listByAgency(c.get('agency').id, { limit, ...(before === undefined ? {} : { before }), ...(ref === undefined ? {} : { ref }) });
      const credentials = records.map((r) => {
        const d = describeCredential(ctx, r);
        return { ...d, issuedAt: iso(d.issuedAt)!, expiresAt: iso(d.expiresAt)!, updatedAt: iso(d.updatedAt)! };
      });
      c.header('cache-control', 'no-store');
      return c.json({ credentials, next: records.length === limit ? records.at(-1)!.issuedAt : null }, 200);
    },
  );
  return app;
}
