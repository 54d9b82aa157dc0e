// "Who used my data": the signed-in citizen's access events, and an agency's own access events.
import { createRoute, z } from '@hono/zod-openapi';
import type { AccountsDeps } from '../accounts/deps.js';
import { listEvents } from '../access/list.js';
import { requireAgency } from '../http/agency-auth.js';
import { createRouter, problemResponses } from '../http/router.js';
import { requireSession } from '../http/session.js';
import type { TransparencyLog } from '../log/transparency-log.js';
import type { RegistryContext } from '../registry/context.js';
import { AgencyRefOut, AgencyRefSearch } from './agency-ref-schema.js';

const EventView = z
  .object({
    eventId: z.string(),
    leafIndex: z.number().int(),
    kind: z.string(),
    occurredAt: z.number().int(),
    body: z.string().openapi({ description: 'The exact committed JSON text of the event' }),
    salt: z.string().openapi({ description: 'base64url salt; leaf data = SHA-256(salt || body)' }),
    agencyRef: AgencyRefOut.optional().openapi({ description: "Agency listings only: the agency's own case or customer number for this access (kept beside the event, not in the committed text)" }),
  })
  .openapi('AccessEvent');

const EventListing = z
  .object({
    events: z.array(EventView),
    next: z.number().int().nullable(),
    checkpoint: z.object({ size: z.number().int(), note: z.string() }),
  })
  .openapi('AccessEventListing');

const PageQuery = z.object({
  before: z.coerce.number().int().min(0).optional().openapi({ description: 'Only events with a smaller leaf index' }),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export function accessEventRoutes(deps: { accounts: AccountsDeps; registry: RegistryContext; log: TransparencyLog }) {
  const app = createRouter();
  const listDeps = { store: deps.registry.store, log: deps.log };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/access-events',
      middleware: [requireSession(deps.accounts)] as const,
      tags: ['Access log'],
      summary: "The signed-in citizen's access events, newest first",
      request: { query: PageQuery },
      responses: {
        200: { description: 'A page of events and the newest checkpoint', content: { 'application/json': { schema: EventListing } } },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await listEvents(listDeps, { accountId: c.get('account').id }, c.req.valid('query')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/agencies/{agencyId}/access-events',
      middleware: [requireAgency(deps.registry)] as const,
      tags: ['Access log'],
      summary: "The agency's own access events, newest first",
      request: { params: z.object({ agencyId: z.string() }), query: PageQuery.extend({ ref: AgencyRefSearch }) },
      responses: {
        200: { description: 'A page of events and the newest checkpoint', content: { 'application/json': { schema: EventListing } } },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await listEvents(listDeps, { agencyId: c.get('agency').id }, c.req.valid('query')), 200);
    },
  );

  return app;
}
