// POST /v1/verify: an agency verifies a presentation it received through its own channel (see
// presentation/direct-verify.ts for why presentation faults are verdicts and policy faults are refusals).
import { createRoute } from '@hono/zod-openapi';
import { requireAgency } from '../http/agency-auth.js';
import { createRouter, problemResponses } from '../http/router.js';
import type { PresentationDeps } from '../presentation/deps.js';
import { directVerify } from '../presentation/direct-verify.js';
import { DirectVerifyRequestSchema, DirectVerifyVerdictSchema } from './presentation-schemas.js';

export function verifyRoutes(deps: PresentationDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/verify',
      tags: ['Agency API'],
     
      middleware: requireAgency(deps.ctx, {}),
      summary: 'Verify a presentation for a registered purpose; a valid one is logged against the holder and returns the claims and a receipt',
      request: { body: { required: true, content: { 'application/json': { schema: DirectVerifyRequestSchema } } } },
      responses: {
        200: { description: 'Verdict', content: { 'application/json': { schema: DirectVerifyVerdictSchema } } },
        ...problemResponses(400, 401, 403, 409, 503),
      },
    }),
    async (c) => {
      const verdict = await directVerify(deps, { ...c.req.valid('json'), agencyId: c.get('agency').id });
      c.header('cache-control', 'no-store');
      return c.json(verdict, 200);
    },
  );
  return app;
}
