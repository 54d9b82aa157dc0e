// Agency API for credential offers (OpenID4VCI pre-authorized code): create one for a citizen, and follow its state.
import { createRoute, z } from '@hono/zod-openapi';
import { requireAgency } from '../http/agency-auth.js';
import { createRouter, problemResponses } from '../http/router.js';
import { createOffer, describeOffer } from '../issuance/offers.js';
import type { RegistryRouteDeps } from './deps.js';
import { AgencyRef, AgencyRefOut } from './agency-ref-schema.js';
import { AgencyParams, iso, MAX_VALIDITY_DAYS, TypeId } from './registry-schemas.js';

const NewOfferSchema = z
  .object({
    credentialType: TypeId,
    claims: z.record(z.string(), z.unknown()).openapi({ example: { nik: '3171015705900001', name: 'Siti Rahmawati', birth_date: '1990-05-17' } }),
    credentialValidDays: z.number().int().min(1).max(MAX_VALIDITY_DAYS).optional(),
    offerValidSeconds: z.number().int().min(60).max(30 * 24 * 3600).optional(),
    txCode: z.boolean().optional().openapi({ description: 'Require a 6-digit code; send it to the citizen over another channel' }),
    agencyRef: AgencyRef.optional(),
  })
  .openapi('NewCredentialOffer');

const CreatedOfferSchema = z
  .object({
    offerId: z.string(),
    credentialOffer: z.record(z.string(), z.unknown()).openapi({ description: 'The OpenID4VCI credential offer object' }),
    credentialOfferUri: z.string().openapi({ example: 'openid-credential-offer://?credential_offer=%7B...%7D' }),
    qrSvg: z.string().openapi({ description: 'The offer URI as a QR code (SVG)' }),
    txCode: z.string().optional(),
    expiresAt: z.string(),
    credentialExpiresAt: z.string(),
  })
  .openapi('CreatedCredentialOffer');

const OfferStateSchema = z
  .object({
    offerId: z.string(),
    credentialType: z.string(),
    state: z.enum(['pending', 'redeemed', 'issued', 'expired', 'cancelled']),
    createdAt: z.string(),
    expiresAt: z.string(),
    issuedAt: z.string().nullable(),
    credentialId: z.string().nullable(),
    agencyRef: AgencyRefOut,
  })
  .openapi('CredentialOfferState');

export function offerRoutes(deps: RegistryRouteDeps) {
  const { ctx } = deps;
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/agencies/{agencyId}/offers',
      tags: ['Agency API'],
     
      middleware: requireAgency(ctx),
      summary: 'Create a credential offer for a citizen',
      request: { params: AgencyParams, body: { required: true, content: { 'application/json': { schema: NewOfferSchema } } } },
      responses: { 201: { description: 'Created', content: { 'application/json': { schema: CreatedOfferSchema } } }, ...problemResponses(400, 401, 403, 404, 503) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const offer = await createOffer(ctx, { ...body, agencyId: c.get('agency').id });
      c.header('cache-control', 'no-store');
      return c.json(
        {
          offerId: offer.offerId,
          credentialOffer: offer.credentialOffer as unknown as Record<string, unknown>,
          credentialOfferUri: offer.credentialOfferUri,
          qrSvg: offer.qrSvg,
          ...(offer.txCode ? { txCode: offer.txCode } : {}),
          expiresAt: iso(offer.expiresAt)!,
          credentialExpiresAt: iso(offer.credentialExpiresAt)!,
        },
        201,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/agencies/{agencyId}/offers/{offerId}',
      tags: ['Agency API'],
     
      middleware: requireAgency(ctx),
      summary: 'The state of an offer (no claim values)',
      request: { params: AgencyParams.extend({ offerId: z.uuid().openapi({ param: { name: 'offerId', in: 'path' } }) }) },
      responses: { 200: { description: 'State', content: { 'application/json': { schema: OfferStateSchema } } }, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const o = await describeOffer(ctx, c.get('agency').id, c.req.valid('param').offerId);
      return c.json({ ...o, createdAt: iso(o.createdAt)!, expiresAt: iso(o.expiresAt)!, issuedAt: iso(o.issuedAt) }, 200);
    },
  );
  return app;
}
