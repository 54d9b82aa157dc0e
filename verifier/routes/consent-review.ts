// Notice and purpose changes: the agency publishes its privacy notice text and changes a purpose; the public reads
// the notice text by agency; the citizen keeps a consent after a change (withdrawing uses the consent routes).
import { createRoute, z } from '@hono/zod-openapi';
import type { AccountsDeps } from '../accounts/deps.js';
import { keepConsent, NOTICE_MAX_CHARS, publishNotice } from '../consent/review.js';
import { AppError } from '../errors.js';
import { requireAgency } from '../http/agency-auth.js';
import { createRouter, problemResponses } from '../http/router.js';
import { requireSession } from '../http/session.js';
import type { RegistryContext } from '../registry/context.js';
import { changePurpose } from '../registry/purposes.js';
import { AgencyParams, NewPurposeSchema, PurposeSchema, purposeOut } from './registry-schemas.js';

const NoticeText = z.object({ text: z.string().trim().min(1).max(NOTICE_MAX_CHARS).openapi({ description: 'The privacy notice as citizens read it (plain text or Markdown)' }) }).openapi('PrivacyNoticeText');
const Published = z
  .object({
    sha256: z.string().openapi({ description: 'base64url SHA-256 of the UTF-8 text: what consent records pin' }),
    publishedAt: z.string(),
    changed: z.boolean().openapi({ description: 'False when this text was already the current notice' }),
  })
  .openapi('PrivacyNoticePublished');
const Notice = z.object({ sha256: z.string(), text: z.string(), publishedAt: z.string() }).openapi('PrivacyNotice');
const PurposeCodeParams = AgencyParams.extend({ code: z.string().min(1).max(64).openapi({ param: { name: 'code', in: 'path' } }) });

export function consentReviewRoutes(deps: { accounts: AccountsDeps; registry: RegistryContext }) {
  const app = createRouter();
  const ctx = deps.registry;
  const review = { store: ctx.store, now: ctx.now };
  const agencyAuth = requireAgency(ctx);

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/agencies/{agencyId}/privacy-notice',
      middleware: [agencyAuth] as const,
      tags: ['Agency API'],
      summary: "Publish the agency's privacy notice text; a new text asks every citizen with an active consent to keep or withdraw it",
      request: { params: AgencyParams, body: { required: true, content: { 'application/json': { schema: NoticeText } } } },
      responses: { 200: { description: 'Published', content: { 'application/json': { schema: Published } } }, ...problemResponses(400, 401, 403, 404, 413, 415) },
    }),
    async (c) => c.json(await publishNotice(review, c.get('agency').id, c.req.valid('json').text), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/registry/agencies/{agencyId}/privacy-notice',
      tags: ['Trust registry'],
      summary: "The agency's current privacy notice text and its SHA-256",
      request: { params: AgencyParams },
      responses: { 200: { description: 'The notice', content: { 'application/json': { schema: Notice } } }, ...problemResponses(400, 404) },
    }),
    async (c) => {
      const notice = await ctx.store.consentReview.currentNotice(c.req.valid('param').agencyId);
      if (!notice) throw new AppError('not_found', { detail: 'This agency has published no notice text.' });
      c.header('cache-control', 'public, max-age=60');
      return c.json({ sha256: notice.sha256, text: notice.text, publishedAt: new Date(notice.createdAt).toISOString() }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/agencies/{agencyId}/purposes/{code}',
      middleware: [requireAgency(ctx)] as const,
      tags: ['Agency API'],
      summary: 'Change a purpose; its version moves and citizens with an active consent under it are asked to keep or withdraw it',
      request: { params: PurposeCodeParams, body: { required: true, content: { 'application/json': { schema: NewPurposeSchema.omit({ code: true }) } } } },
      responses: { 200: { description: 'Changed', content: { 'application/json': { schema: PurposeSchema } } }, ...problemResponses(400, 401, 403, 404, 415) },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      return c.json(purposeOut(await changePurpose(ctx, c.get('agency').id, code, c.req.valid('json') as Parameters<typeof changePurpose>[3])), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/consents/{consentId}/keep',
      middleware: [requireSession(deps.accounts)] as const,
      tags: ['Consents'],
      summary: 'Keep a consent after the agency changed its privacy notice or purpose (to withdraw it, change its state to withdrawn)',
      request: { params: z.object({ consentId: z.string().min(1).max(64) }) },
      responses: { 204: { description: 'Kept under the notice and purpose as they are now' }, ...problemResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      await keepConsent(review, c.get('account').id, c.req.valid('param').consentId);
      return c.body(null, 204);
    },
  );

  return app;
}
