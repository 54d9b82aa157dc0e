// The public trust registry (who may issue what, who may ask for what and why) and an agency's own registry entry
// and purposes (agency API key, scoped to the agency in the path).
import { createRoute, z } from '@hono/zod-openapi';
import { requireAgency } from '../http/agency-auth.js';
import { createRouter, problemResponses } from '../http/router.js';
import { describeAgency } from '../registry/agencies.js';
import { vctOf } from '../registry/context.js';
import { registerPurpose } from '../registry/purposes.js';
import type { RegistryRouteDeps } from './deps.js';
import { agencyOut, AgencyParams, AgencySchema, CredentialTypeSchema, NewPurposeSchema, purposeOut, PurposeSchema } from './registry-schemas.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const PublicAgencySchema = AgencySchema.omit({ keys: true }).openapi('PublicAgency');

export function registryRoutes(deps: RegistryRouteDeps) {
  const { ctx } = deps;
  const app = createRouter();
  const publicOut = async (id: string) => {
    const { keys: _keys, ...rest } = agencyOut(await describeAgency(ctx.store, id), ctx.publicUrl);
    return rest;
  };

  app.openapi(
    createRoute({ method: 'get', path: '/v1/registry/agencies', tags: ['Trust registry'], summary: 'Registered agencies with their purposes and credential types', responses: { 200: json(z.object({ agencies: z.array(PublicAgencySchema) }), 'The registry') } }),
    async (c) => {
      const agencies = await Promise.all((await ctx.store.agencies.list()).map((a) => publicOut(a.id)));
      c.header('cache-control', 'public, max-age=60');
      return c.json({ agencies }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/registry/agencies/{agencyId}', tags: ['Trust registry'], summary: 'One registered agency', request: { params: AgencyParams }, responses: { 200: json(PublicAgencySchema, 'The agency'), ...problemResponses(400, 404) } }),
    async (c) => {
      c.header('cache-control', 'public, max-age=60');
      return c.json(await publicOut(c.req.valid('param').agencyId), 200);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/registry/credential-types', tags: ['Trust registry'], summary: 'Credential types with display names and claim labels (id, en)', responses: { 200: json(z.object({ credentialTypes: z.array(CredentialTypeSchema) }), 'Types') } }),
    async (c) => {
      const types = await ctx.store.credentialTypes.list();
      return c.json({ credentialTypes: types.map(({ createdAt: _c, ...t }) => ({ ...t, vct: vctOf(ctx.publicUrl, t.id) })) }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/agencies/{agencyId}', tags: ['Agency API'], middleware: requireAgency(ctx), summary: "The calling agency's registry entry", request: { params: AgencyParams }, responses: { 200: json(AgencySchema, 'The agency'), ...problemResponses(400, 401, 403, 404) } }),
    async (c) => c.json(agencyOut(await describeAgency(ctx.store, c.get('agency').id), ctx.publicUrl), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/agencies/{agencyId}/purposes',
      tags: ['Agency API'],
     
      middleware: requireAgency(ctx),
      summary: 'Register a purpose for the calling verifier (only for itself)',
      request: { params: AgencyParams, body: { required: true, content: { 'application/json': { schema: NewPurposeSchema } } } },
      responses: { 201: json(PurposeSchema, 'Registered'), ...problemResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(purposeOut(await registerPurpose(ctx, c.get('agency').id, c.req.valid('json') as Parameters<typeof registerPurpose>[2])), 201),
  );
  return app;
}
