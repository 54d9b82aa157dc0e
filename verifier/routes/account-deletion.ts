// Deleting the signed-in citizen's account over HTTP: one confirmed request; logic in accounts/delete-account.ts.
import { createRoute, z } from '@hono/zod-openapi';
import type { AccountsDeps } from '../accounts/deps.js';
import { deleteAccount } from '../accounts/delete-account.js';
import { createRouter, problemResponses } from '../http/router.js';
import { clearSessionCookie, requireSession } from '../http/session.js';
import type { RegistryContext } from '../registry/context.js';

const DeletionRequest = z
  .object({ confirm: z.literal(true).openapi({ description: 'The citizen confirmed, after being offered the export (GET /v1/me/export)' }) })
  .openapi('AccountDeletionRequest');

const DeletionSummary = z
  .object({
    passkeys: z.number().int(),
    sessions: z.number().int(),
    consents: z.number().int(),
    accessEvents: z.number().int().openapi({ description: "Access-event texts and salts erased; the log's leaves (commitments) stay" }),
    webhookDeliveries: z.number().int().openapi({ description: 'Earlier notices naming a holder key of the account, erased' }),
    agenciesNotified: z.array(z.string()).openapi({ description: 'Agencies holding a consent of the account, sent `account.deleted`' }),
  })
  .openapi('AccountDeletionSummary');

export function accountDeletionRoutes(deps: { accounts: AccountsDeps; ctx: RegistryContext }) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/deletion',
      middleware: [requireSession(deps.accounts)] as const,
      tags: ['Accounts'],
      summary: 'Delete my Sahih account',
      description:
        "Erases the account with its sessions, passkeys, holder-key bindings, backups, consents, rights and re-issue requests, feedback, pending challenges and the texts and salts of its access events; the log's leaves stay (salted commitments that identify no one, so every checkpoint and proof still verifies) and issued credentials keep their status entries without the holder key. Agencies holding a consent of the account receive `account.deleted` (consent ids only). The session cookie is cleared; the passkeys no longer sign in.",
      request: { body: { required: true, content: { 'application/json': { schema: DeletionRequest } } } },
      responses: {
        200: { description: 'Deleted', content: { 'application/json': { schema: DeletionSummary } } },
        ...problemResponses(400, 401, 403, 415),
      },
    }),
    async (c) => {
      const summary = await deleteAccount(deps.ctx, c.get('account').id);
      clearSessionCookie(c, deps.accounts);
      c.header('cache-control', 'no-store');
      return c.json(summary, 200);
    },
  );
  return app;
}
