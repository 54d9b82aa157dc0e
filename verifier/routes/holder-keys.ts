// The signed-in citizen proves possession of a holder key (a credential kept in another wallet, or received without
// signing in), so that accesses made with it appear in "who used my data".
import { createRoute, z } from '@hono/zod-openapi';
import type { AccountsDeps } from '../accounts/deps.js';
import { issueHolderKeyChallenge, proveHolderKey } from '../accounts/holder-key-proof.js';
import { createRouter, problemResponses } from '../http/router.js';
import { requireSession } from '../http/session.js';
import { requireSealer, type RegistryContext } from '../registry/context.js';

const ChallengeSchema = z
  .object({
    challenge: z.string().openapi({ description: 'The nonce the proof must carry; single use' }),
    audience: z.string().openapi({ description: 'The aud the proof must carry' }),
    expiresAt: z.string(),
  })
  .openapi('HolderKeyChallenge');

const ProofSchema = z
  .object({
    proof: z
      .string()
      .min(1)
      .max(5000)
      .openapi({ description: 'Compact JWS, ES256, typ sahih-holder-key-proof+jwt, header jwk = the holder public key; payload { nonce: challenge, aud, iat }' }),
  })
  .openapi('HolderKeyProof');

const ProvedSchema = z
  .object({
    thumbprint: z.string().openapi({ description: 'RFC 7638 thumbprint of the proved key, now bound to your account' }),
    attachedEvents: z.number().int().openapi({ description: 'Earlier accesses made with the key that now appear in your access log' }),
  })
  .openapi('HolderKeyProved');

export function holderKeyRoutes(deps: { accounts: AccountsDeps; registry: RegistryContext }) {
  const app = createRouter();
  const session = requireSession(deps.accounts);
  const proofDeps = () => ({ store: deps.registry.store, sealer: requireSealer(deps.registry), crypto: deps.registry.crypto, now: deps.registry.now, publicUrl: deps.registry.publicUrl });
  const tags = ['Access log'];

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/holder-keys/challenge',
      middleware: [session] as const,
      tags,
      summary: 'A one-time challenge to prove possession of a holder key',
      responses: { 201: { description: 'Challenge', content: { 'application/json': { schema: ChallengeSchema } } }, ...problemResponses(401, 403, 503) },
    }),
    async (c) => {
      const issued = await issueHolderKeyChallenge(proofDeps(), c.get('account').id);
      c.header('cache-control', 'no-store');
      return c.json({ ...issued, expiresAt: new Date(issued.expiresAt).toISOString() }, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/holder-keys',
      middleware: [session] as const,
      tags,
      summary: 'Prove possession of a holder key: it is bound to your account and the accesses made with it become yours',
      request: { body: { required: true, content: { 'application/json': { schema: ProofSchema } } } },
      responses: { 200: { description: 'Proved', content: { 'application/json': { schema: ProvedSchema } } }, ...problemResponses(400, 401, 403, 409, 503) },
    }),
    async (c) => {
      const proved = await proveHolderKey(proofDeps(), c.get('account').id, c.req.valid('json').proof);
      c.header('cache-control', 'no-store');
      return c.json(proved, 200);
    },
  );
  return app;
}
