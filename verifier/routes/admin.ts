// /v1/admin: the operator's API (ADMIN_TOKEN): agencies, keys, credential types, purposes and agency API keys.
import { createRoute, z } from '@hono/zod-openapi';
import { requireAdmin } from '../http/admin-auth.js';
import { createRouter, problemResponses } from '../http/router.js';
import { rotateAgencyKey } from '../registry/agency-keys.js';
import { allowCredentialType, createAgency, describeAgency, setAgencyStatus } from '../registry/agencies.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../registry/api-keys.js';
import { defineCredentialType } from '../registry/credential-types.js';
import { registerPurpose } from '../registry/purposes.js';
import type { RegistryRouteDeps } from './deps.js';
import {
  AgencyId,
  agencyOut,
  AgencyParams,
  AgencySchema,
  CredentialTypeSchema,
  iso,
  NewPurposeSchema,
  purposeOut,
  PurposeSchema,
  TypeId,
} from './registry-schemas.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

const NewAgencySchema = z
  .object({
    id: AgencyId,
    legalName: z.string().min(2).max(300),
    contact: z.string().min(3).max(300).openapi({ example: 'layanan@dukcapil.example.go.id' }),
    dpoContact: z.string().min(3).max(300),
    privacyNoticeUrl: z.url().refine((v) => /^https?:\/\//.test(v), 'an http(s) URL'),
    role: z.enum(['issuer', 'verifier', 'both']),
    credentialTypes: z.array(TypeId).max(50).optional(),
  })
  .openapi('NewAgency');

const ApiKeySchema = z
  .object({ id: z.string(), agencyId: z.string(), label: z.string(), createdAt: z.string(), revokedAt: z.string().nullable(), lastUsedAt: z.string().nullable() })
  .openapi('ApiKey');
const apiKeyOut = (k: { id: string; agencyId: string; label: string; createdAt: number; revokedAt: number | null; lastUsedAt: number | null }) => ({
  id: k.id,
  agencyId: k.agencyId,
  label: k.label,
  createdAt: iso(k.createdAt)!,
  revokedAt: iso(k.revokedAt),
  lastUsedAt: iso(k.lastUsedAt),
});

const errors = problemResponses(400, 401, 403, 404, 409, 503);
const tags = ['Operator administration'];

export function adminRoutes(deps: RegistryRouteDeps) {
  const { ctx } = deps;
  const app = createRouter();
  const middleware = requireAdmin(deps.adminToken);
  const out = async (agencyId: string) => agencyOut(await describeAgency(ctx.store, agencyId), ctx.publicUrl);

  app.openapi(
    createRoute({ method: 'post', path: '/v1/admin/agencies', tags, middleware, summary: 'Register an agency (with a first ES256 signing key)', request: body(NewAgencySchema), responses: { 201: json(AgencySchema, 'Registered'), ...errors } }),
    async (c) => c.json(agencyOut(await createAgency(ctx, c.req.valid('json')), ctx.publicUrl), 201),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/agencies', tags, middleware, summary: 'List agencies', responses: { 200: json(z.object({ agencies: z.array(AgencySchema) }), 'Agencies'), ...errors } }),
    async (c) => c.json({ agencies: await Promise.all((await ctx.store.agencies.list()).map((a) => out(a.id))) }, 200),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/agencies/{agencyId}', tags, middleware, summary: 'One agency', request: { params: AgencyParams }, responses: { 200: json(AgencySchema, 'Agency'), ...errors } }),
    async (c) => c.json(await out(c.req.valid('param').agencyId), 200),
  );
  for (const [action, status] of [['suspend', 'suspended'], ['reinstate', 'active']] as const) {
    app.openapi(
      createRoute({ method: 'post', path: `/v1/admin/agencies/{agencyId}/${action}`, tags, middleware, summary: `${action[0]!.toUpperCase()}${action.slice(1)} an agency`, request: { params: AgencyParams }, responses: { 200: json(AgencySchema, 'Updated'), ...errors } }),
      async (c) => c.json(agencyOut(await setAgencyStatus(ctx, c.req.valid('param').agencyId, status), ctx.publicUrl), 200),
    );
  }
  app.openapi(
    createRoute({ method: 'post', path: '/v1/admin/agencies/{agencyId}/keys/rotate', tags, middleware, summary: 'Rotate the signing key (the old key keeps verifying until its credentials expire)', request: { params: AgencyParams }, responses: { 200: json(z.object({ kid: z.string(), agency: AgencySchema }), 'Rotated'), ...errors } }),
    async (c) => {
      const { agencyId } = c.req.valid('param');
      const kid = await rotateAgencyKey(ctx, agencyId);
      return c.json({ kid, agency: await out(agencyId) }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/admin/agencies/{agencyId}/credential-types', tags, middleware, summary: 'Allow an issuer to issue a credential type', request: { params: AgencyParams, ...body(z.object({ credentialType: TypeId })) }, responses: { 200: json(AgencySchema, 'Updated'), ...errors } }),
    async (c) => c.json(agencyOut(await allowCredentialType(ctx, c.req.valid('param').agencyId, c.req.valid('json').credentialType), ctx.publicUrl), 200),
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/admin/agencies/{agencyId}/purposes', tags, middleware, summary: "Register a verifier's purpose", request: { params: AgencyParams, ...body(NewPurposeSchema) }, responses: { 201: json(PurposeSchema, 'Registered'), ...errors } }),
    async (c) => c.json(purposeOut(await registerPurpose(ctx, c.req.valid('param').agencyId, c.req.valid('json') as Parameters<typeof registerPurpose>[2])), 201),
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/admin/agencies/{agencyId}/api-keys', tags, middleware, summary: 'Create an agency API key (the plaintext is shown once)', request: { params: AgencyParams, ...body(z.object({ label: z.string().min(1).max(100) })) }, responses: { 201: json(z.object({ apiKey: z.string(), key: ApiKeySchema }), 'Created: store apiKey now, it is never shown again'), ...errors } }),
    async (c) => {
      const created = await createApiKey(ctx, c.req.valid('param').agencyId, c.req.valid('json').label);
      c.header('cache-control', 'no-store');
      return c.json({ apiKey: created.apiKey, key: apiKeyOut(created.record) }, 201);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/agencies/{agencyId}/api-keys', tags, middleware, summary: "An agency's API keys (no secrets)", request: { params: AgencyParams }, responses: { 200: json(z.object({ apiKeys: z.array(ApiKeySchema) }), 'Keys'), ...errors } }),
    async (c) => c.json({ apiKeys: (await listApiKeys(ctx, c.req.valid('param').agencyId)).map(apiKeyOut) }, 200),
  );
  app.openapi(
    createRoute({ method: 'delete', path: '/v1/admin/agencies/{agencyId}/api-keys/{keyId}', tags, middleware, summary: 'Revoke an agency API key', request: { params: AgencyParams.extend({ keyId: z.string().regex(/^[0-9a-f]{16}$/).openapi({ param: { name: 'keyId', in: 'path' } }) }) }, responses: { 204: { description: 'Revoked' }, ...errors } }),
    async (c) => {
      const { agencyId, keyId } = c.req.valid('param');
      await revokeApiKey(ctx, agencyId, keyId);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/admin/credential-types', tags, middleware, summary: 'Define a credential type', request: body(CredentialTypeSchema.omit({ vct: true })), responses: { 201: json(CredentialTypeSchema, 'Defined'), ...errors } }),
    async (c) => {
      const type = await defineCredentialType(ctx, c.req.valid('json'));
      return c.json({ ...type, vct: `${ctx.publicUrl}/vct/${type.id}` }, 201);
    },
  );
  return app;
}
