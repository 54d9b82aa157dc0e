// The operator's X.509 trust anchors: the root certificates that agencies' request-object certificates
// (x509_san_dns / x509_hash client identifiers) chain to. Wallets pin them to check a request's x5c.
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { pemOf, trustAnchors } from '../x509/ca.js';
import type { RegistryRouteDeps } from './deps.js';

const TrustAnchorsSchema = z
  .object({
    trustAnchors: z.array(
      z.object({
        certificate: z.string().openapi({ description: 'base64 DER of the root certificate' }),
        pem: z.string(),
        notAfter: z.string(),
      }),
    ),
  })
  .openapi('TrustAnchors');

export function trustAnchorRoutes(deps: RegistryRouteDeps) {
  const { ctx } = deps;
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/registry/trust-anchors',
      tags: ['Trust registry'],
      summary: "The operator CA's root certificates: agencies' x5c chains (x509_san_dns, x509_hash client identifiers) end at one of them",
      responses: { 200: { description: 'Trust anchors (empty when the operator has no CA yet)', content: { 'application/json': { schema: TrustAnchorsSchema } } } },
    }),
    async (c) => {
      const anchors = await trustAnchors(ctx);
      c.header('cache-control', 'public, max-age=300');
      return c.json({ trustAnchors: anchors.map((a) => ({ certificate: a.certificate, pem: pemOf(a.certificate), notAfter: new Date(a.notAfter).toISOString() })) }, 200);
    },
  );
  return app;
}
