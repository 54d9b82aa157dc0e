// Well-known metadata per issuing agency (path insertion: `/.well-known/<name>/issuers/<agencyId>`) and the SD-JWT VC
// type metadata served at each `vct` URL.
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, problemResponses } from '../http/router.js';
import { authorizationServerMetadata, credentialIssuerMetadata, jwtVcIssuerMetadata, typeMetadata } from '../issuance/metadata.js';
import type { RegistryRouteDeps } from './deps.js';
import { AgencyParams, TypeId } from './registry-schemas.js';

const Metadata = z.record(z.string(), z.unknown());
const ok = (description: string) => ({ 200: { description, content: { 'application/json': { schema: Metadata } } }, ...problemResponses(400, 404) });
const tags = ['OpenID4VCI'];

export function issuerMetadataRoutes(deps: RegistryRouteDeps) {
  const { ctx } = deps;
  const app = createRouter();
  const cacheable = { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' };

  app.openapi(
    createRoute({ method: 'get', path: '/.well-known/openid-credential-issuer/issuers/{agencyId}', tags, summary: 'Credential issuer metadata (OpenID4VCI 1.0 §12.2)', request: { params: AgencyParams }, responses: ok('Credential issuer metadata') }),
    async (c) => c.json(await credentialIssuerMetadata(ctx, c.req.valid('param').agencyId), 200, cacheable),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/.well-known/oauth-authorization-server/issuers/{agencyId}', tags, summary: 'Authorization server metadata (RFC 8414): the token endpoint', request: { params: AgencyParams }, responses: ok('Authorization server metadata') }),
    async (c) => c.json(await authorizationServerMetadata(ctx, c.req.valid('param').agencyId), 200, cacheable),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/.well-known/jwt-vc-issuer/issuers/{agencyId}', tags, summary: 'JWT VC issuer metadata with the JWKS (published keys, incl. retired ones still verifying)', request: { params: AgencyParams }, responses: ok('JWT VC issuer metadata') }),
    async (c) => c.json(await jwtVcIssuerMetadata(ctx, c.req.valid('param').agencyId), 200, cacheable),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/vct/{typeId}', tags, summary: 'SD-JWT VC type metadata (the vct URL itself)', request: { params: z.object({ typeId: TypeId.openapi({ param: { name: 'typeId', in: 'path' } }) }) }, responses: ok('Type metadata') }),
    async (c) => c.json(await typeMetadata(ctx, c.req.valid('param').typeId), 200, cacheable),
  );
  return app;
}
