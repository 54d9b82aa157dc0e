// GET /v1/transparency: the public transparency page's data — the log's size and checkpoint, and aggregate counts.
import { createRoute, z } from '@hono/zod-openapi';
import { createTransparencyStats } from '../access/stats.js';
import { createRouter } from '../http/router.js';
import type { TransparencyLog } from '../log/transparency-log.js';
import type { Store } from '../store/types.js';

const Count = z.number().int().nullable().openapi({ description: 'null when fewer than `suppressBelow`' });
const Localized = z.object({ id: z.string(), en: z.string() });
const Stats = z
  .object({
    generatedAt: z.string(),
    windowDays: z.number().int(),
    suppressBelow: z.number().int(),
    log: z.object({ origin: z.string(), size: z.number().int(), checkpoint: z.string() }),
    byAgency: z.array(z.object({ agencyId: z.string(), name: z.string(), count: Count })),
    byPurpose: z.array(z.object({ agencyId: z.string(), purposeCode: z.string(), description: Localized.nullable(), count: Count })),
    byDay: z.array(z.object({ day: z.string(), count: Count })),
    feedback: z.array(
      z.object({
        agencyId: z.string(),
        name: z.string(),
        purposeCode: z.string().nullable(),
        description: Localized.nullable(),
        count: Count,
        average: z.number().nullable().openapi({ description: 'Average rating 1 to 5, one decimal; null when fewer than `suppressBelow` ratings' }),
      }),
    ),
  })
  .openapi('TransparencyStats');

export function transparencyRoutes(deps: { store: Store; log: TransparencyLog; now: () => number; cacheMs?: number }) {
  const app = createRouter();
  const stats = createTransparencyStats(deps);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/transparency',
      tags: ['Transparency'],
      summary: 'Public statistics: accesses per agency, purpose and day (no personal data), and the current checkpoint',
      responses: { 200: { description: 'Aggregates for the last 90 days', content: { 'application/json': { schema: Stats } } } },
    }),
    async (c) => {
      c.header('cache-control', 'public, max-age=60');
      return c.json(await stats(), 200);
    },
  );
  return app;
}
