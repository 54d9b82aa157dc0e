// Credential status: the agency suspends, reinstates or revokes its credentials; anyone fetches the signed Token
// Status Lists at stable URLs, cacheable for the list's ttl.
import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAgency } from '../http/agency-auth.js';
import { createRouter, problemResponses } from '../http/router.js';
import { changeCredentialStatus, getCredentialStatus, statusListToken, type StatusAction } from '../status/status-lists.js';
import type { RegistryRouteDeps } from './deps.js';
import { AgencyRefOut } from './agency-ref-schema.js';
import { AgencyParams, iso } from './registry-schemas.js';

const CredentialStatusSchema = z
  .object({
    credentialId: z.string(),
    credentialType: z.string(),
    status: z.enum(['valid', 'suspended', 'revoked']),
    statusList: z.object({ uri: z.string(), idx: z.number().int() }),
    issuedAt: z.string(),
    expiresAt: z.string(),
    updatedAt: z.string(),
    agencyRef: AgencyRefOut,
  })
  .openapi('CredentialStatus');

const CredentialParams = AgencyParams.extend({ credentialId: z.uuid().openapi({ param: { name: 'credentialId', in: 'path' } }) });
const actionFor: Record<'valid' | 'suspended' | 'revoked', StatusAction> = { valid: 'reinstate', suspended: 'suspend', revoked: 'revoke' };

type Described = Awaited<ReturnType<typeof getCredentialStatus>>;
const out = (d: Described) => ({ ...d, issuedAt: iso(d.issuedAt)!, expiresAt: iso(d.expiresAt)!, updatedAt: iso(d.updatedAt)! });

export function statusRoutes(deps: RegistryRouteDeps) {
  const { ctx } = deps;
  const app = createRouter();
  app.openapi(
    createRoute({ method: 'get', path: '/v1/agencies/{agencyId}/credentials/{credentialId}', tags: ['Agency API'], middleware: requireAgency(ctx), summary: 'Status of a credential the agency issued', request: { params: CredentialParams }, responses: { 200: { description: 'Status', content: { 'application/json': { schema: CredentialStatusSchema } } }, ...problemResponses(400, 401, 403, 404) } }),
    async (c) => c.json(out(await getCredentialStatus(ctx, c.get('agency').id, c.req.valid('param').credentialId)), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/agencies/{agencyId}/credentials/{credentialId}/status',
      tags: ['Agency API'],
     
      middleware: requireAgency(ctx),
      summary: 'Suspend (suspended), reinstate (valid) or revoke (revoked, final) a credential',
      request: { params: CredentialParams, body: { required: true, content: { 'application/json': { schema: z.object({ status: z.enum(['valid', 'suspended', 'revoked']) }) } } } },
      responses: { 200: { description: 'Updated; the status list is re-signed', content: { 'application/json': { schema: CredentialStatusSchema } } }, ...problemResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const changed = await changeCredentialStatus(ctx, c.get('agency').id, c.req.valid('param').credentialId, actionFor[c.req.valid('json').status]);
      return c.json(out(changed), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/status-lists/{listId}',
      tags: ['Credential status'],
      summary: 'A Token Status List (statuslist+jwt)',
      request: { params: z.object({ listId: z.string().regex(/^[a-z0-9-]{3,80}$/).openapi({ param: { name: 'listId', in: 'path' } }) }) },
      responses: {
        200: { description: 'The signed status list token', content: { 'application/statuslist+jwt': { schema: z.string() } } },
        304: { description: 'Not modified' },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const served = await statusListToken(ctx, c.req.valid('param').listId);
      const etag = `"${createHash('sha256').update(served.token).digest('base64url').slice(0, 27)}"`;
      c.header('cache-control', `public, max-age=${served.ttlSeconds}`);
      c.header('etag', etag);
      c.header('last-modified', new Date(served.issuedAt).toUTCString());
      // Relying parties fetch lists from other origins.
      c.header('access-control-allow-origin', '*');
      if (c.req.header('if-none-match') === etag) return c.body(null, 304);
      return c.body(served.token, 200, { 'content-type': 'application/statuslist+jwt' });
    },
  );
  return app;
}
