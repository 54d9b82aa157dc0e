// OpenID4VP 1.0 presentation requests: the agency creates one and polls its result (API key); the wallet fetches the
// signed request object by request_uri and answers at the response endpoint with direct_post (no auth: the request's
// nonce and state, the KB-JWT and the holder-signed consent record are the proof).
import { createRoute, z } from '@hono/zod-openapi';
import { requireAgency } from '../http/agency-auth.js';
import { createRouter, problemResponses } from '../http/router.js';
import { AppError } from '../errors.js';
import { verifies } from '../registry/agencies.js';
import { publishedAgencyKeys } from '../registry/agency-keys.js';
import type { PresentationDeps } from '../presentation/deps.js';
import { signedRequestObject } from '../presentation/request-object.js';
import { createPresentationRequest } from '../presentation/requests.js';
import { receivePresentationResponse } from '../presentation/response.js';
import { readPresentationResult } from '../presentation/result.js';
import {
  CreatedPresentationRequestSchema,
  NewPresentationRequestSchema,
  PresentationResponseAckSchema,
  PresentationResponseFormSchema,
  PresentationResultSchema,
} from './presentation-schemas.js';
import { AgencyParams, iso } from './registry-schemas.js';

const RequestParams = z.object({ requestId: z.uuid().openapi({ param: { name: 'requestId', in: 'path' } }) });

export function presentationRoutes(deps: PresentationDeps) {
  const { ctx } = deps;
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/agencies/{agencyId}/presentation-requests',
      tags: ['Agency API'],
     
      middleware: requireAgency(ctx),
      summary: 'Ask a citizen for claims for a registered purpose (OpenID4VP request, QR code and links)',
      request: { params: AgencyParams, body: { required: true, content: { 'application/json': { schema: NewPresentationRequestSchema } } } },
      responses: {
        201: { description: 'Created', content: { 'application/json': { schema: CreatedPresentationRequestSchema } } },
        // 409 webhook_not_registered: responseMode webhook without a registered endpoint.
        ...problemResponses(400, 401, 403, 404, 409, 503),
      },
    }),
    async (c) => {
      const created = await createPresentationRequest(ctx, { ...c.req.valid('json'), agencyId: c.get('agency').id });
      c.header('cache-control', 'no-store');
      return c.json({ ...created, expiresAt: iso(created.expiresAt)!, dcqlQuery: created.dcqlQuery as unknown as Record<string, unknown> }, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/agencies/{agencyId}/presentation-requests/{requestId}',
      tags: ['Agency API'],
     
      middleware: requireAgency(ctx),
      summary: 'Status and result of a request: the disclosed values on the first read only, then the receipt alone',
      request: {
        params: AgencyParams.merge(RequestParams),
        query: z.object({
          claims: z.enum(['required', 'if-available']).optional().openapi({ description: 'required: answer result_already_read (410) when the values are gone' }),
        }),
      },
      responses: {
        200: { description: 'Result', content: { 'application/json': { schema: PresentationResultSchema } } },
        ...problemResponses(400, 401, 403, 404, 410),
      },
    }),
    async (c) => {
      const { requestId } = c.req.valid('param');
      const result = await readPresentationResult(deps, c.get('agency').id, requestId, { requireClaims: c.req.valid('query').claims === 'required' });
      c.header('cache-control', 'no-store');
      const { claimsReadAt, ...rest } = result;
      return c.json({ ...rest, expiresAt: iso(result.expiresAt)!, ...(claimsReadAt === undefined ? {} : { claimsReadAt: iso(claimsReadAt)! }) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/presentation-requests/{requestId}/request-object',
      tags: ['OpenID4VP'],
      summary: 'The signed request object (JAR, request_uri_method get), signed by the agency key',
      request: { params: RequestParams },
      responses: {
        200: { description: 'Request object', content: { 'application/oauth-authz-req+jwt': { schema: z.string() } } },
        ...problemResponses(400, 404, 409, 410),
      },
    }),
    async (c) => {
      const jwt = await signedRequestObject(ctx, c.req.valid('param').requestId);
      return c.body(jwt, 200, { 'content-type': 'application/oauth-authz-req+jwt', 'cache-control': 'no-store' });
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/presentation-requests/{requestId}/response',
      tags: ['OpenID4VP'],
      summary: "The wallet's answer (response_mode direct_post): vp_token, state and the consent record, or error=access_denied",
      request: { params: RequestParams, body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: PresentationResponseFormSchema } } } },
      responses: {
        200: { description: 'Accepted; Sahih adds the receipt and the consent record id for the wallet', content: { 'application/json': { schema: PresentationResponseAckSchema } } },
        ...problemResponses(400, 403, 404, 409, 410, 413, 415, 503),
      },
    }),
    async (c) => {
      const outcome = await receivePresentationResponse(deps, c.req.valid('param').requestId, c.req.valid('form'));
      c.header('cache-control', 'no-store');
      return c.json(outcome, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/registry/agencies/{agencyId}/jwks',
      tags: ['Trust registry'],
      summary: "A verifier agency's published request-object keys (JWKS): the wallet checks the signed request with them",
      request: { params: AgencyParams },
      responses: {
        200: { description: 'JWKS', content: { 'application/json': { schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) } } },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const { agencyId } = c.req.valid('param');
      const agency = await ctx.store.agencies.get(agencyId);
      if (!agency || !verifies(agency.role)) throw new AppError('not_found', { detail: `No verifier agency ${agencyId}.` });
      c.header('cache-control', 'public, max-age=300');
      return c.json({ keys: await publishedAgencyKeys(ctx.store, agencyId, ctx.now()) }, 200);
    },
  );
  return app;
}
