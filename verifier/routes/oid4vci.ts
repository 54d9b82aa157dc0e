// OpenID4VCI 1.0 endpoints of each issuing agency (credential issuer identifier `${publicUrl}/issuers/<agencyId>`):
// token (pre-authorized code grant), nonce and credential. Their errors use the OAuth shape: app.ts sends every error
// on these paths through http/oauth-error.ts (isOAuthEndpoint names exactly these three), and openapi-conventions.ts
// documents them so.
import { createRoute, z } from '@hono/zod-openapi';
import { bearerToken } from '../http/agency-auth.js';
import { createRouter } from '../http/router.js';
import { issueCredential } from '../issuance/credential.js';
import { issueNonce } from '../issuance/nonces.js';
import { exchangePreAuthorizedCode } from '../issuance/token.js';
import type { RegistryRouteDeps } from './deps.js';
import { AgencyParams } from './registry-schemas.js';

const TokenRequestSchema = z
  .object({
    grant_type: z.string().openapi({ example: 'urn:ietf:params:oauth:grant-type:pre-authorized_code' }),
    'pre-authorized_code': z.string().min(1).max(200).optional(),
    tx_code: z.string().min(1).max(20).optional(),
  })
  .openapi('TokenRequest');
const TokenResponseSchema = z.object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number().int() }).openapi('TokenResponse');

const CredentialRequestSchema = z
  .object({
    credential_configuration_id: z.string().max(100).optional(),
    credential_identifier: z.string().max(100).optional(),
    proofs: z.object({ jwt: z.array(z.string().max(8000)).min(1).max(10) }).optional(),
    proof: z.object({ proof_type: z.literal('jwt'), jwt: z.string().max(8000) }).optional(),
  })
  .openapi('CredentialRequest');
const CredentialResponseSchema = z.object({ credentials: z.array(z.object({ credential: z.string() })) }).openapi('CredentialResponse');

export function oid4vciRoutes(deps: RegistryRouteDeps) {
  const { ctx } = deps;
  const app = createRouter();
  const tags = ['OpenID4VCI'];

  app.openapi(
    createRoute({
      method: 'post',
      path: '/issuers/{agencyId}/token',
      tags,
      summary: 'Token endpoint (pre-authorized code grant, optional tx_code)',
      request: { params: AgencyParams, body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: TokenRequestSchema } } } },
      responses: { 200: { description: 'Access token', content: { 'application/json': { schema: TokenResponseSchema } } } },
    }),
    async (c) => {
      const form = c.req.valid('form');
      const token = await exchangePreAuthorizedCode(ctx, {
        agencyId: c.req.valid('param').agencyId,
        grantType: form.grant_type,
        preAuthorizedCode: form['pre-authorized_code'],
        txCode: form.tx_code,
      });
      c.header('cache-control', 'no-store');
      return c.json(token, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/issuers/{agencyId}/nonce',
      tags,
      summary: 'Nonce endpoint: a fresh single-use c_nonce for the key proof',
      request: { params: AgencyParams },
      responses: { 200: { description: 'Nonce', content: { 'application/json': { schema: z.object({ c_nonce: z.string() }) } } } },
    }),
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await issueNonce(ctx), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/issuers/{agencyId}/credential',
      tags,
      summary: 'Credential endpoint: an SD-JWT VC bound to the key in the openid4vci-proof+jwt',
      security: [{ accessToken: [] }],
      request: { params: AgencyParams, body: { required: true, content: { 'application/json': { schema: CredentialRequestSchema } } } },
      responses: { 200: { description: 'The credential', content: { 'application/json': { schema: CredentialResponseSchema } } } },
    }),
    async (c) => {
      const holder = deps.sessionHolder ? await deps.sessionHolder(c) : undefined;
      const issued = await issueCredential(ctx, deps.hooks ?? {}, {
        agencyId: c.req.valid('param').agencyId,
        accessToken: bearerToken(c.req.header('authorization')),
        request: c.req.valid('json'),
        accountId: holder?.accountId,
        passkeyId: holder?.passkeyId ?? null,
      });
      c.header('cache-control', 'no-store');
      return c.json({ credentials: issued.credentials }, 200);
    },
  );
  return app;
}
