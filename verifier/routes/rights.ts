// Rights requests (deletion, complaint) filed by the citizen and answered by the agency, and the citizen's data export.
import { createRoute, z } from '@hono/zod-openapi';
import type { AccountsDeps } from '../accounts/deps.js';
import { requireAgency } from '../http/agency-auth.js';
import { createRouter, problemResponses } from '../http/router.js';
import { requireSession } from '../http/session.js';
import type { OpenedLog } from '../log/open.js';
import type { RegistryContext } from '../registry/context.js';
import { exportAccount } from '../rights/export.js';
import { answerRightsRequest, fileRightsRequest, listRightsRequests, type RightsDeps } from '../rights/requests.js';

const RightsRequest = z
  .object({
    id: z.string(),
    accountId: z.string(),
    agencyId: z.string(),
    kind: z.enum(['deletion', 'complaint']),
    eventId: z.string().nullable(),
    message: z.string(),
    status: z.enum(['filed', 'acknowledged', 'completed', 'rejected']),
    response: z.string().nullable(),
    filedAt: z.number().int(),
    dueAt: z.number().int().openapi({ description: 'filedAt + 3x24 hours (UU PDP)' }),
    answeredAt: z.number().int().nullable(),
    updatedAt: z.number().int(),
    overdue: z.boolean(),
    agency: z.object({ id: z.string(), name: z.string(), dpoContact: z.string() }),
    oversight: z.object({ name: z.string(), contact: z.string() }).optional(),
    agencyRefs: z
      .array(z.string())
      .optional()
      .openapi({
        description:
          "Agency listings only: the agency's own references for the citizen the request is about (the named access's reference for a complaint about one access, otherwise every reference on the agency's credentials and accesses for that citizen)",
      }),
  })
  .openapi('RightsRequest');

const Receipt = z
  .object({
    eventId: z.string(),
    leafIndex: z.number().int(),
    leafHash: z.string(),
    checkpoint: z.string(),
    treeSize: z.number().int(),
    inclusionProof: z.array(z.string()),
  })
  .openapi('LogReceipt');

const NewRightsRequest = z
  .object({
    kind: z.enum(['deletion', 'complaint']),
    agencyId: z.string().min(1).max(64),
    eventId: z.string().min(1).max(64).optional(),
    message: z.string().trim().min(1).max(2000),
  })
  .openapi('NewRightsRequest');

const Answer = z
  .object({ status: z.enum(['acknowledged', 'completed', 'rejected']), response: z.string().trim().min(1).max(2000).optional() })
  .openapi('RightsRequestAnswer');

export function rightsRoutes(deps: { accounts: AccountsDeps; registry: RegistryContext; transparency: OpenedLog; oversight: RightsDeps['oversight'] }) {
  const app = createRouter();
  const rights: RightsDeps = { store: deps.registry.store as RightsDeps['store'], log: deps.transparency.log, now: deps.registry.now, oversight: deps.oversight };
  const session = requireSession(deps.accounts);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/rights-requests',
      middleware: [session] as const,
      tags: ['Rights (UU PDP)'],
      summary: 'Ask an agency to delete your data, or complain about an access',
      request: { body: { required: true, content: { 'application/json': { schema: NewRightsRequest } } } },
      responses: {
        201: { description: 'Filed, with the log receipt', content: { 'application/json': { schema: z.object({ request: RightsRequest, receipt: Receipt }) } } },
        ...problemResponses(400, 401, 403, 404, 415),
      },
    }),
    async (c) => c.json(await fileRightsRequest(rights, c.get('account').id, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/rights-requests',
      middleware: [session] as const,
      tags: ['Rights (UU PDP)'],
      summary: 'Your rights requests and their deadlines',
      responses: {
        200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ requests: z.array(RightsRequest) }) } } },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json({ requests: await listRightsRequests(rights, { accountId: c.get('account').id }) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/export',
      middleware: [session] as const,
      tags: ['Rights (UU PDP)'],
      summary: 'Everything the service holds about you, as one JSON bundle',
      responses: { 200: { description: 'The export bundle (sahih-export/1)', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } }, ...problemResponses(401, 403) },
    }),
    async (c) => {
      const bundle = await exportAccount({ ...rights, transparency: deps.transparency }, c.get('account'));
      c.header('content-disposition', `attachment; filename="sahih-export-${bundle.exportedAt.slice(0, 10)}.json"`);
      c.header('cache-control', 'no-store');
      return c.json(bundle as unknown as Record<string, unknown>, 200);
    },
  );

  const agencyAuth = requireAgency(deps.registry);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/agencies/{agencyId}/rights-requests',
      middleware: [agencyAuth] as const,
      tags: ['Rights (UU PDP)'],
      summary: "Rights requests addressed to the agency, with their 3x24-hour deadlines",
      request: { params: z.object({ agencyId: z.string() }) },
      responses: {
        200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ requests: z.array(RightsRequest) }) } } },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json({ requests: await listRightsRequests(rights, { agencyId: c.get('agency').id }) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/agencies/{agencyId}/rights-requests/{requestId}/status',
      middleware: [agencyAuth] as const,
      tags: ['Rights (UU PDP)'],
      summary: 'Acknowledge, complete or reject a rights request',
      request: {
        params: z.object({ agencyId: z.string(), requestId: z.string() }),
        body: { required: true, content: { 'application/json': { schema: Answer } } },
      },
      responses: {
        200: { description: 'Updated (completion and rejection are logged)', content: { 'application/json': { schema: z.object({ request: RightsRequest, receipt: Receipt.optional() }) } } },
        ...problemResponses(400, 401, 403, 404, 409, 415),
      },
    }),
    async (c) => c.json(await answerRightsRequest(rights, c.get('agency'), c.req.valid('param').requestId, c.req.valid('json')), 200),
  );

  return app;
}
