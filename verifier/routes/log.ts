// Public transparency-log endpoints: the latest signed checkpoint, and inclusion and consistency proofs by API.
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, problemResponses } from '../http/router.js';
import type { TransparencyLog } from '../log/transparency-log.js';

const toB64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

const LogInfo = z
  .object({
    origin: z.string(),
    size: z.number().int(),
    rootHash: z.string().openapi({ description: 'base64 RFC 9162 root of the latest checkpoint' }),
    checkpoint: z.string().openapi({ description: 'C2SP signed note: tlog-checkpoint body and Ed25519 signature' }),
    verifierKey: z.string().openapi({ description: 'C2SP signed-note verifier key (name+keyid+base64 key)' }),
    keyRotations: z.array(z.string()).openapi({
      description:
        'Log key rotation statements, oldest first: C2SP signed notes ("sahih log key rotation v1", origin, old and new verifier key) signed by the old and the new key. A client that pinned an older key follows them to verifierKey.',
    }),
  })
  .openapi('LogInfo');

const InclusionProof = z
  .object({ index: z.number().int(), size: z.number().int(), leafHash: z.string(), proof: z.array(z.string()) })
  .openapi('InclusionProof');

const ConsistencyProof = z
  .object({ first: z.number().int(), second: z.number().int(), proof: z.array(z.string()) })
  .openapi('ConsistencyProof');

const nonNegative = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export function logRoutes(deps: { log: TransparencyLog; verifierKey: string; keyRotations: string[] }) {
  const app = createRouter();
  const latest = () => deps.log.newestCheckpoint();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/log',
      tags: ['Transparency log'],
      summary: 'The latest signed checkpoint and the key that signs it',
      responses: { 200: { description: 'Log state', content: { 'application/json': { schema: LogInfo } } } },
    }),
    async (c) => {
      const cp = await latest();
      c.header('cache-control', 'no-cache');
      return c.json(
        { origin: deps.log.origin, size: cp.size, rootHash: toB64(cp.root), checkpoint: cp.note, verifierKey: deps.verifierKey, keyRotations: deps.keyRotations },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/log/checkpoint',
      tags: ['Transparency log'],
      summary: 'The latest checkpoint as a C2SP signed note (text/plain), for witnesses',
      responses: { 200: { description: 'Signed note', content: { 'text/plain': { schema: z.string() } } } },
    }),
    async (c) => {
      const cp = await latest();
      return c.text(cp.note, 200, { 'cache-control': 'no-cache' });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/log/proofs/inclusion',
      tags: ['Transparency log'],
      summary: 'RFC 9162 inclusion proof of one leaf in the tree of a given size',
      request: { query: z.object({ index: nonNegative, size: nonNegative }) },
      responses: {
        200: { description: 'Audit path, leaf side first, base64', content: { 'application/json': { schema: InclusionProof } } },
        ...problemResponses(400),
      },
    }),
    async (c) => {
      const { index, size } = c.req.valid('query');
      const proof = await deps.log.inclusionProof(index, size);
      const leafHash = await deps.log.leafHashAt(index);
      c.header('cache-control', 'public, max-age=31536000, immutable');
      return c.json({ index, size, leafHash: toB64(leafHash), proof: proof.map(toB64) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/log/proofs/consistency',
      tags: ['Transparency log'],
      summary: 'RFC 9162 consistency proof between two tree sizes',
      request: { query: z.object({ first: nonNegative, second: nonNegative }) },
      responses: {
        200: { description: 'Consistency proof, base64', content: { 'application/json': { schema: ConsistencyProof } } },
        ...problemResponses(400),
      },
    }),
    async (c) => {
      const { first, second } = c.req.valid('query');
      const proof = await deps.log.consistencyProof(first, second);
      c.header('cache-control', 'public, max-age=31536000, immutable');
      return c.json({ first, second, proof: proof.map(toB64) }, 200);
    },
  );

  return app;
}
