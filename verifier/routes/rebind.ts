// Re-binding restored credentials: the citizen's request, the agency's list of re-issue requests, and the operator's
// per-type policy.
import { createRoute, z } from '@hono/zod-openapi';
import type { AccountsDeps } from '../accounts/deps.js';
import { requireAdmin } from '../http/admin-auth.js';
import { requireAgency } from '../http/agency-auth.js';
import { createRouter, problemResponses } from '../http/router.js';
import { requireSession } from '../http/session.js';
import { rebindCredential, type RebindDeps } from '../rebind/rebind.js';
import { requireCredentialType } from '../registry/credential-types.js';
import { AgencyParams } from './registry-schemas.js';

const RebindRequest = z
  .object({
    credential: z
      .string()
      .min(1)
      .max(20_000)
      .regex(/^[A-Za-z0-9_.~=-]+$/, 'an SD-JWT VC')
      .openapi({ description: 'The old SD-JWT VC as issued, with its disclosures (no key-binding JWT: the old key stayed on the old phone)' }),
  })
  .openapi('RebindRequest');

const CredentialOffer = z.object({ credential_issuer: z.string(), credential_configuration_ids: z.array(z.string()), grants: z.record(z.string(), z.unknown()) });

const RebindResult = z
  .discriminatedUnion('outcome', [
    z.object({
      outcome: z.literal('rebound'),
      credentialOffer: CredentialOffer.openapi({ description: 'A standard OpenID4VCI pre-authorised offer for the same claims; redeem it with the new key' }),
      revokedCredentialId: z.string(),
    }),
    z.object({ outcome: z.literal('ask_agency'), requestId: z.string(), agencyId: z.string() }),
  ])
  .openapi('RebindResult');

const ReissueRequest = z
  .object({
    id: z.string(),
    credentialId: z.string(),
    credentialType: z.string(),
    outcome: z.enum(['rebound', 'requested']),
    offerId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ReissueRequest');

const Policy = z.object({ rebind: z.enum(['rebind', 'agency']).openapi({ description: "'rebind': re-sign the same claims to the new key; 'agency': ask the agency for a new copy" }) }).openapi('RebindPolicy');

export function rebindRoutes(deps: { accounts: AccountsDeps; rebind: RebindDeps; adminToken: string | undefined }) {
  const app = createRouter();
  const { ctx } = deps.rebind;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/credentials/rebind',
      middleware: [requireSession(deps.accounts)] as const,
      tags: ['Backup'],
      summary: 'Re-bind a restored credential to this phone, or ask its agency for a new copy',
      description:
        "Sahih's extension in front of OpenID4VCI: the old credential and the session prove who asks. Where the credential type's policy allows, the answer is a pre-authorised credential offer for the same claims (redeemed with the standard token and credential endpoints and a proof of the new key) and the old credential's status entry is revoked; otherwise a re-issue request reaches the agency.",
      request: { body: { required: true, content: { 'application/json': { schema: RebindRequest } } } },
      responses: {
        200: { description: 'Re-bound (offer) or requested from the agency', content: { 'application/json': { schema: RebindResult } } },
        ...problemResponses(400, 401, 403, 404, 409, 415),
      },
    }),
    async (c) => c.json(await rebindCredential(deps.rebind, c.get('account').id, c.req.valid('json').credential), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/agencies/{agencyId}/reissue-requests',
      middleware: [requireAgency(ctx)] as const,
      tags: ['Agency API'],
      summary: 'Credentials citizens asked to have re-bound or re-issued after restoring a backup',
      request: { params: AgencyParams },
      responses: {
        200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ requests: z.array(ReissueRequest) }) } } },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => {
      const rows = await ctx.store.reissue.listForAgency(c.get('agency').id, 200);
      const requests = rows.map((r) => ({ id: r.id, credentialId: r.credentialId, credentialType: r.credentialTypeId, outcome: r.outcome, offerId: r.offerId, createdAt: new Date(r.createdAt).toISOString() }));
      return c.json({ requests }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/admin/credential-types/{typeId}/rebind-policy',
      middleware: [requireAdmin(deps.adminToken)] as const,
      tags: ['Operator administration'],
      summary: "Whether a credential type's restored credentials are re-signed to the new key or re-issued by the agency",
      request: { params: z.object({ typeId: z.string().min(1).max(64) }), body: { required: true, content: { 'application/json': { schema: Policy } } } },
      responses: { 200: { description: 'Set', content: { 'application/json': { schema: Policy } } }, ...problemResponses(400, 401, 404, 415) },
    }),
    async (c) => {
      const type = await requireCredentialType(ctx, c.req.valid('param').typeId);
      const { rebind } = c.req.valid('json');
      await ctx.store.reissue.setPolicy(type.id, rebind, ctx.now());
      return c.json({ rebind }, 200);
    },
  );

  return app;
}
