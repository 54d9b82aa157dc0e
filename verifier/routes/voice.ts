// Citizens' voice: feedback on services, breach reports filed by agencies or the operator, and the citizen's inbox.
import { createRoute, z } from '@hono/zod-openapi';
import type { AccountsDeps } from '../accounts/deps.js';
import { SUPPRESS_BELOW } from '../access/stats.js';
import { requireAdmin } from '../http/admin-auth.js';
import { requireAgency } from '../http/agency-auth.js';
import { createRouter, problemResponses } from '../http/router.js';
import { requireSession } from '../http/session.js';
import type { RegistryContext } from '../registry/context.js';
import { fileBreach, listBreaches, type BreachDeps } from '../voice/breaches.js';
import { giveFeedback, listAgencyFeedback, listOwnFeedback } from '../voice/feedback.js';
import { inboxFor, markInboxItemRead } from '../voice/inbox.js';
import { AgencyParams, Localized } from './registry-schemas.js';

const Subject = z.enum(['presentation', 'verification', 'backoffice_access', 'rights_answer', 'suggestion']);
const Comment = z.string().trim().max(1000);

const NewFeedback = z
  .object({
    eventId: z.string().min(1).max(64).optional().openapi({ description: 'The access in your log the feedback is about (a sharing, a check, a back-office access, an answered rights request)' }),
    agencyId: z.string().min(1).max(64).optional().openapi({ description: 'For a suggestion to an agency as a whole (no eventId)' }),
    purposeCode: z.string().min(1).max(64).optional().openapi({ description: "For a suggestion: the agency's purpose it is about" }),
    rating: z.number().int().min(1).max(5).optional(),
    comment: Comment.optional(),
  })
  .openapi('NewFeedback');

const OwnFeedback = z
  .object({ id: z.string(), agencyId: z.string(), eventId: z.string().nullable(), rating: z.number().int().nullable(), comment: z.string().nullable(), createdAt: z.string() })
  .openapi('OwnFeedback');

const AgencyFeedback = z
  .object({
    id: z.string(),
    purposeCode: z.string().nullable(),
    subject: Subject,
    rating: z.number().int().nullable(),
    comment: z.string().nullable(),
    day: z.string().openapi({ description: 'The day it was given (UTC): no time, no account and no access, so it cannot point at a citizen' }),
  })
  .openapi('AgencyFeedback');

const Instant = z.string().datetime({ offset: true });
const LongText = z.string().trim().min(1).max(2000);
const NewBreach = z
  .object({
    claims: z.array(z.string().trim().min(1).max(64)).min(1).max(50).openapi({ description: 'The data concerned, as claim names (nik, name, address...)' }),
    purposeCodes: z.array(z.string().min(1).max(64)).max(50).optional().openapi({ description: "The agency's purposes concerned; none = every purpose" }),
    windowStart: Instant,
    windowEnd: Instant,
    discoveredAt: Instant.openapi({ description: 'When the agency discovered the breach: the 3x24-hour notice deadline runs from here' }),
    whatHappened: LongText,
    actionsTaken: LongText.openapi({ description: 'What the agency did about it' }),
    citizenAdvice: LongText.openapi({ description: 'What citizens should do' }),
  })
  .openapi('NewBreachReport');

export const BreachReport = z
  .object({
    id: z.string(),
    agency: z.object({ id: z.string(), name: z.string() }),
    filedBy: z.enum(['agency', 'operator']),
    claims: z.array(z.string()),
    purposes: z.array(z.object({ code: z.string(), description: Localized.nullable() })),
    windowStart: z.string(),
    windowEnd: z.string(),
    discoveredAt: z.string(),
    noticeDueAt: z.string().openapi({ description: 'discoveredAt + 3x24 hours (UU PDP Pasal 46)' }),
    notifiedAt: z.string().openapi({ description: "When affected citizens were told (their inbox), which is when the report was filed" }),
    late: z.boolean(),
    whatHappened: z.string(),
    actionsTaken: z.string(),
    citizenAdvice: z.string(),
    affectedCount: z.number().int().nullable().openapi({ description: 'Citizens with an access in the window; null in public when fewer than five' }),
  })
  .openapi('BreachReport');

const ConsentReview = z
  .object({
    consentId: z.string(),
    agency: z.object({ id: z.string(), name: z.string() }),
    purpose: z.object({ code: z.string(), description: Localized.nullable() }),
    reasons: z.array(z.enum(['notice', 'purpose'])).openapi({ description: 'What changed since the citizen consented' }),
  })
  .openapi('ConsentReview');

const InboxItem = z
  .discriminatedUnion('kind', [
    z.object({ id: z.string(), kind: z.literal('breach'), at: z.string(), read: z.boolean(), breach: BreachReport }),
    z.object({
      id: z.string(),
      kind: z.literal('consent_review'),
      at: z.string(),
      read: z.boolean(),
      review: ConsentReview.openapi({ description: 'Keep it (POST /v1/me/consents/{consentId}/keep) or withdraw it' }),
    }),
  ])
  .openapi('InboxItem');

export function voiceRoutes(deps: { accounts: AccountsDeps; registry: RegistryContext; adminToken: string | undefined }) {
  const app = createRouter();
  const voice: BreachDeps = { store: deps.registry.store, now: deps.registry.now };
  const session = requireSession(deps.accounts);
  const agencyAuth = requireAgency(deps.registry);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/feedback',
      middleware: [session] as const,
      tags: ['Feedback and alerts'],
      summary: 'Rate or comment on an interaction with a service, or send an agency a suggestion',
      request: { body: { required: true, content: { 'application/json': { schema: NewFeedback } } } },
      responses: { 201: { description: 'Given', content: { 'application/json': { schema: OwnFeedback } } }, ...problemResponses(400, 401, 403, 404, 409, 415) },
    }),
    async (c) => c.json(await giveFeedback(voice, c.get('account').id, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/feedback',
      middleware: [session] as const,
      tags: ['Feedback and alerts'],
      summary: 'The feedback you gave, newest first',
      responses: { 200: { description: 'Yours', content: { 'application/json': { schema: z.object({ feedback: z.array(OwnFeedback) }) } } }, ...problemResponses(401, 403) },
    }),
    async (c) => c.json({ feedback: await listOwnFeedback(voice, c.get('account').id) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/agencies/{agencyId}/feedback',
      middleware: [agencyAuth] as const,
      tags: ['Feedback and alerts'],
      summary: "Citizens' ratings and comments on the agency's services, without their identity",
      request: {
        params: AgencyParams,
        query: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          before: z.string().min(1).max(64).optional().openapi({ description: 'The `next` cursor of the previous page' }),
        }),
      },
      responses: {
        200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ feedback: z.array(AgencyFeedback), next: z.string().nullable() }) } } },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await listAgencyFeedback(voice, c.get('agency').id, { limit: q.limit, before: q.before }), 200);
    },
  );

  const breachRoute = (path: string, auth: 'agency' | 'operator') =>
    createRoute({
      method: 'post',
      path,
      middleware: [auth === 'agency' ? agencyAuth : requireAdmin(deps.adminToken)] as const,
      tags: [auth === 'agency' ? 'Feedback and alerts' : 'Operator administration'],
      summary: auth === 'agency' ? 'Report a personal-data breach: every citizen with an access in its window is warned in their inbox' : "Report a breach at an agency on the agency's behalf",
      request: { params: AgencyParams, body: { required: true, content: { 'application/json': { schema: NewBreach } } } },
      responses: { 201: { description: 'Filed; affected citizens are warned', content: { 'application/json': { schema: BreachReport } } }, ...problemResponses(400, 401, 403, 404, 415) },
    });
  app.openapi(breachRoute('/v1/agencies/{agencyId}/breaches', 'agency'), async (c) => c.json(await fileBreach(voice, c.get('agency').id, 'agency', c.req.valid('json')), 201));
  app.openapi(breachRoute('/v1/admin/agencies/{agencyId}/breaches', 'operator'), async (c) =>
    c.json(await fileBreach(voice, c.req.valid('param').agencyId, 'operator', c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/agencies/{agencyId}/breaches',
      middleware: [agencyAuth] as const,
      tags: ['Feedback and alerts'],
      summary: "The agency's breach reports, newest first",
      request: { params: AgencyParams },
      responses: { 200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ breaches: z.array(BreachReport) }) } } }, ...problemResponses(401, 403) },
    }),
    async (c) => c.json({ breaches: await listBreaches(voice, { agencyId: c.get('agency').id, limit: 200, suppressBelow: 0 }) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/breaches',
      tags: ['Transparency'],
      summary: 'Public list of breach reports, newest first (affected counts under five are not shown)',
      responses: { 200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ breaches: z.array(BreachReport) }) } } } },
    }),
    async (c) => {
      c.header('cache-control', 'public, max-age=60');
      return c.json({ breaches: await listBreaches(voice, { limit: 100, suppressBelow: SUPPRESS_BELOW }) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/inbox',
      middleware: [session] as const,
      tags: ['Feedback and alerts'],
      summary: 'Warnings and questions for you (breach alerts, consents to review after a change), newest first, with the unread count',
      responses: {
        200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ items: z.array(InboxItem), unread: z.number().int() }) } } },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await inboxFor(voice, c.get('account').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/inbox/{itemId}/read',
      middleware: [session] as const,
      tags: ['Feedback and alerts'],
      summary: 'Mark an inbox item as read',
      request: { params: z.object({ itemId: z.string().min(1).max(100) }) },
      responses: { 204: { description: 'Marked' }, ...problemResponses(401, 403, 404) },
    }),
    async (c) => {
      await markInboxItemRead(voice, c.get('account').id, c.req.valid('param').itemId);
      return c.body(null, 204);
    },
  );

  return app;
}
