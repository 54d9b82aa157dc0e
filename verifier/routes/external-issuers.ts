// /v1/admin/external-issuers and /v1/admin/external-credential-types: the operator registers issuers that run their
// own SD-JWT VC issuer outside Sahih, and the credential types (by vct) they issue. Thin: logic in trust/registration.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { requireAdmin } from '../http/admin-auth.js';
import { createRouter, problemResponses } from '../http/router.js';
import type { ExternalCredentialTypeRecord, ExternalIssuerRecord, TrustAnchorRecord } from '../store/repos/external-issuers.js';
import type { ExternalTrust } from '../trust/external-trust.js';
import { addTrustAnchor, registerExternalIssuer, registerExternalType, setExternalIssuerStatus } from '../trust/registration.js';
import type { RegistryRouteDeps } from './deps.js';
import { iso, Localized, TypeId } from './registry-schemas.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const tags = ['Operator administration'];

const HttpsUrl = z.string().min(8).max(500).openapi({ example: 'https://issuer.pdp.example.go.id' });

const NewExternalIssuerSchema = z
  .object({
    issuer: HttpsUrl.openapi({ description: 'Issuer identifier (`iss`)' }),
    name: z.string().min(2).max(300),
    keySource: z.enum(['metadata', 'x5c']).optional().openapi({ description: 'metadata (default): keys from its /.well-known/jwt-vc-issuer; x5c: each credential carries a chain to a trust anchor' }),
  })
  .openapi('NewExternalIssuer');

const ExternalIssuerSchema = z
  .object({
    issuer: z.string(),
    name: z.string(),
    keySource: z.enum(['metadata', 'x5c']),
    status: z.enum(['active', 'suspended']),
    createdAt: z.string(),
    updatedAt: z.string(),
    kids: z.array(z.string().nullable()).optional().openapi({ description: 'Key ids read at registration' }),
  })
  .openapi('ExternalIssuer');

const IssuerStatusSchema = z.object({ issuer: HttpsUrl, status: z.enum(['active', 'suspended']) }).openapi('ExternalIssuerStatusChange');

const ClaimPathComponent = z.union([z.string(), z.number().int(), z.null()]);

const NewExternalTypeSchema = z
  .object({
    id: TypeId.openapi({ description: 'Short id purposes name (not the id of a Sahih-defined type)', example: 'eu-pid' }),
    vct: HttpsUrl.openapi({ description: 'The vct; its SD-JWT VC type metadata is read from this URL', example: 'https://issuer.example/pid' }),
    issuers: z.array(HttpsUrl).min(1).max(50).openapi({ description: 'Registered external issuers that may issue it' }),
  })
  .openapi('NewExternalCredentialType');

const ExternalTypeSchema = z
  .object({
    id: z.string(),
    vct: z.string(),
    issuers: z.array(z.string()),
    display: z.object({ name: Localized, description: Localized }),
    claims: z.array(z.object({ path: z.array(ClaimPathComponent), label: Localized, sd: z.enum(['always', 'allowed', 'never']).optional() })),
    createdAt: z.string(),
  })
  .openapi('ExternalCredentialType');

const NewTrustAnchorSchema = z.object({ certificate: z.string().min(100).max(20_000).openapi({ description: 'One PEM CA certificate' }) }).openapi('NewTrustAnchor');
const TrustAnchorSchema = z.object({ id: z.string(), subject: z.string(), notAfter: z.string(), createdAt: z.string(), certificate: z.string() }).openapi('TrustAnchor');
const anchorOut = (a: TrustAnchorRecord) => ({ id: a.id, subject: a.subject, notAfter: iso(a.notAfter)!, createdAt: iso(a.createdAt)!, certificate: a.pem });

const issuerOut = (r: ExternalIssuerRecord & { kids?: (string | null)[] }) => ({ ...r, createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)! });
const typeOut = (t: ExternalCredentialTypeRecord) => ({ id: t.id, vct: t.vct, issuers: t.issuers, display: t.display, claims: t.claims, createdAt: iso(t.createdAt)! });

export function externalIssuerRoutes(deps: RegistryRouteDeps, trust: ExternalTrust) {
  const { ctx } = deps;
  const app = createRouter();
  const middleware = requireAdmin(deps.adminToken);
  const upstream = problemResponses(409, 422, 502);

  app.openapi(
    createRoute({ method: 'post', path: '/v1/admin/external-issuers', tags, middleware, summary: 'Register an issuer that runs its own SD-JWT VC issuer (keys from its issuer metadata)', request: body(NewExternalIssuerSchema), responses: { 201: json(ExternalIssuerSchema, 'Registered'), ...upstream } }),
    async (c) => c.json(issuerOut(await registerExternalIssuer(ctx, trust, c.req.valid('json'))), 201),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/external-issuers', tags, middleware, summary: 'List external issuers', responses: { 200: json(z.object({ issuers: z.array(ExternalIssuerSchema) }), 'External issuers') } }),
    async (c) => c.json({ issuers: (await ctx.store.externalIssuers.list()).map(issuerOut) }, 200),
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/admin/external-issuers/status', tags, middleware, summary: 'Suspend or reinstate an external issuer', request: body(IssuerStatusSchema), responses: { 200: json(ExternalIssuerSchema, 'Updated'), ...problemResponses(404) } }),
    async (c) => {
      const { issuer, status } = c.req.valid('json');
      return c.json(issuerOut(await setExternalIssuerStatus(ctx, issuer, status)), 200);
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/admin/external-credential-types', tags, middleware, summary: 'Register a credential type of external issuers by its vct (type metadata read from the vct URL)', request: body(NewExternalTypeSchema), responses: { 201: json(ExternalTypeSchema, 'Registered'), ...upstream } }),
    async (c) => c.json(typeOut(await registerExternalType(ctx, trust, c.req.valid('json'))), 201),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/external-credential-types', tags, middleware, summary: 'List external credential types', responses: { 200: json(z.object({ types: z.array(ExternalTypeSchema) }), 'External credential types') } }),
    async (c) => c.json({ types: (await ctx.store.externalCredentialTypes.list()).map(typeOut) }, 200),
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/admin/trust-anchors', tags, middleware, summary: 'Add an X.509 trust anchor for issuers that sign with an x5c chain', request: body(NewTrustAnchorSchema), responses: { 201: json(TrustAnchorSchema, 'Added'), ...problemResponses(409) } }),
    async (c) => c.json(anchorOut(await addTrustAnchor(ctx, c.req.valid('json').certificate)), 201),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/trust-anchors', tags, middleware, summary: 'List X.509 trust anchors for x5c issuers', responses: { 200: json(z.object({ anchors: z.array(TrustAnchorSchema) }), 'Trust anchors') } }),
    async (c) => c.json({ anchors: (await ctx.store.trustAnchors.list()).map(anchorOut) }, 200),
  );
  return app;
}
