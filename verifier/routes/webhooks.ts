// Agency webhook endpoints in the trust registry: the operator (/v1/admin, ADMIN_TOKEN) or the agency itself (its API
// key) registers the URL and gets the signing secret once; the agency can also see its recent deliveries.
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { requireAdmin } from '../http/admin-auth.js';
import { requireAgency } from '../http/agency-auth.js';
import type { AppEnv } from '../http/env.js';
import { createRouter, problemResponses } from '../http/router.js';
import { describeWebhook, registerWebhook, removeWebhook, type WebhookView } from '../webhooks/endpoints.js';
import type { RegistryRouteDeps } from './deps.js';
import { AgencyParams, iso } from './registry-schemas.js';

const WebhookSchema = z.object({ agencyId: z.string(), url: z.string(), createdAt: z.string(), updatedAt: z.string() }).openapi('AgencyWebhook');
const NewWebhookSchema = z
  .object({ url: z.url().max(2000).openapi({ example: 'https://rs.example.go.id/sahih/webhook', description: 'https, to a host on the public internet (webhook_url_not_allowed otherwise); http to localhost / 127.0.0.1 only where the operator allows private networks' }) })
  .openapi('NewAgencyWebhook');
const DeliverySchema = z
  .object({
    id: z.string(),
    type: z.string(),
    status: z.enum(['pending', 'delivered', 'ended']),
    attempts: z.number().int(),
    createdAt: z.string(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    lastError: z.string().nullable(),
  })
  .openapi('WebhookDelivery');

const webhookOut = (w: WebhookView) => ({ agencyId: w.agencyId, url: w.url, createdAt: iso(w.createdAt)!, updatedAt: iso(w.updatedAt)! });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

export function webhookRoutes(deps: RegistryRouteDeps) {
  const { ctx } = deps;
  const app = createRouter();
  const audiences: { prefix: string; tags: string[]; middleware: MiddlewareHandler<AppEnv> }[] = [
    { prefix: '/v1/admin/agencies/{agencyId}', tags: ['Operator administration'], middleware: requireAdmin(deps.adminToken) },
    { prefix: '/v1/agencies/{agencyId}', tags: ['Agency API'], middleware: requireAgency(ctx) },
  ];
  for (const { prefix, tags, middleware } of audiences) {
    app.openapi(
      createRoute({
        method: 'put',
        path: `${prefix}/webhook`,
        tags,
        middleware,
        summary: "Register (or replace) the agency's webhook endpoint; the signing secret is shown once",
        request: { params: AgencyParams, body: { required: true, content: { 'application/json': { schema: NewWebhookSchema } } } },
        responses: {
          200: json(z.object({ webhook: WebhookSchema, secret: z.string().openapi({ description: 'whsec_...: verify Webhook-Signature with it (Standard Webhooks)' }) }), 'Registered: store the secret now, it is never shown again'),
          ...problemResponses(400, 401, 403, 404, 415, 503),
        },
      }),
      async (c) => {
        const { webhook, secret } = await registerWebhook(ctx, deps.webhookTarget, c.req.valid('param').agencyId, c.req.valid('json').url);
        c.header('cache-control', 'no-store');
        return c.json({ webhook: webhookOut(webhook), secret }, 200);
      },
    );
    app.openapi(
      createRoute({
        method: 'get',
        path: `${prefix}/webhook`,
        tags,
        middleware,
        summary: "The agency's webhook endpoint (never the secret)",
        request: { params: AgencyParams },
        responses: { 200: json(WebhookSchema, 'Endpoint'), ...problemResponses(400, 401, 403, 409) },
      }),
      async (c) => c.json(webhookOut(await describeWebhook(ctx, c.req.valid('param').agencyId)), 200),
    );
    app.openapi(
      createRoute({
        method: 'delete',
        path: `${prefix}/webhook`,
        tags,
        middleware,
        summary: "Remove the agency's webhook endpoint (queued deliveries then end unsent)",
        request: { params: AgencyParams },
        responses: { 204: { description: 'Removed' }, ...problemResponses(400, 401, 403, 409) },
      }),
      async (c) => {
        await removeWebhook(ctx, c.req.valid('param').agencyId);
        return c.body(null, 204);
      },
    );
  }
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/agencies/{agencyId}/webhook/deliveries',
      tags: ['Agency API'],
     
      middleware: requireAgency(ctx),
      summary: 'Recent webhook deliveries and their outcomes (no payloads)',
      request: { params: AgencyParams },
      responses: { 200: json(z.object({ deliveries: z.array(DeliverySchema) }), 'Newest first'), ...problemResponses(400, 401, 403) },
    }),
    async (c) => {
      const rows = await ctx.store.webhookDeliveries.listForAgency(c.get('agency').id, 100);
      const deliveries = rows.map((d) => ({
        id: d.id,
        type: d.type,
        status: d.deliveredAt !== null ? ('delivered' as const) : d.endedAt !== null ? ('ended' as const) : ('pending' as const),
        attempts: d.attempts,
        createdAt: iso(d.createdAt)!,
        nextAttemptAt: iso(d.nextAttemptAt),
        deliveredAt: iso(d.deliveredAt),
        endedAt: iso(d.endedAt),
        lastError: d.lastError,
      }));
      return c.json({ deliveries }, 200);
    },
  );
  return app;
}
