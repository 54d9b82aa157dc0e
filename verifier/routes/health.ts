// GET /healthz: liveness and database reachability, for load balancers and operators.
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import type { Store } from '../store/types.js';

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    database: z.object({ engine: z.enum(['sqlite', 'postgres']), ok: z.boolean() }),
    uptimeSeconds: z.number(),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['Operations'],
  summary: 'Service health',
  responses: {
    200: { description: 'The service and its database are reachable', content: { 'application/json': { schema: HealthSchema } } },
    503: { description: 'The database is not reachable', content: { 'application/json': { schema: HealthSchema } } },
  },
});

export function healthRoutes(deps: { store: Store; version: string; startedAt: number }) {
  const app = createRouter();
  app.openapi(route, async (c) => {
    const ok = await deps.store.ping().then(
      () => true,
      () => false,
    );
    const body = {
      status: ok ? ('ok' as const) : ('degraded' as const),
      version: deps.version,
      database: { engine: deps.store.engine, ok },
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
    };
    c.header('cache-control', 'no-store');
    return ok ? c.json(body, 200) : c.json(body, 503);
  });
  return app;
}
