// "I lost my phone" over HTTP: one confirmed request from another signed-in device. Logic in accounts/lost-device.ts.
import { createRoute, z } from '@hono/zod-openapi';
import type { AccountsDeps } from '../accounts/deps.js';
import { reportLostDevice, type LostDeviceDeps } from '../accounts/lost-device.js';
import { createRouter, problemResponses } from '../http/router.js';
import { requireSession } from '../http/session.js';

const LostDeviceRequest = z
  .object({ passkeyId: z.string().min(1).max(64).openapi({ description: "The lost phone's passkey (its id from GET /v1/passkeys)" }) })
  .openapi('LostDeviceRequest');

const LostDeviceSummary = z
  .object({
    passkeyId: z.string(),
    sessionsEnded: z.number().int().openapi({ description: "Sessions ended: the lost passkey's, and other sessions of unknown device (opened before devices were recorded)" }),
    credentialsSuspended: z.array(z.object({ credentialId: z.string(), agencyId: z.string(), credentialType: z.string() })).openapi({
      description: 'Credentials whose holder key was received on that device, now suspended in their Token Status List (their issuer can reinstate them)',
    }),
    unknownDeviceCredentials: z.number().int().openapi({
      description: 'Valid credentials received before devices were recorded: left valid, since the service cannot tell which phone holds them',
    }),
    eventIds: z.array(z.string()).openapi({ description: "Access-log events, one per issuing agency, in the citizen's log" }),
  })
  .openapi('LostDeviceSummary');

export function lostDeviceRoutes(deps: { accounts: AccountsDeps; lostDevice: LostDeviceDeps }) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/lost-device',
      middleware: [requireSession(deps.accounts)] as const,
      tags: ['Accounts'],
      summary: "I lost my phone: end its sessions, remove its passkey and suspend the credentials it holds, in one step",
      description:
        "Signed in on another device, the citizen names the lost phone's passkey. The service ends that passkey's sessions, removes it, and suspends (status value 2, not revoked) every credential bound while signed in with it; issuers receive `credential.suspended` and verifiers holding an active consent under those keys `account.device_lost` webhooks; each issuer's suspension is an access event (`credential_suspended`) in the citizen's log. Refused for the passkey of the asking session (`409 passkey_in_use`) and for the account's last passkey (`409 passkey_last_remaining`).",
      request: { body: { required: true, content: { 'application/json': { schema: LostDeviceRequest } } } },
      responses: {
        200: { description: 'What was done', content: { 'application/json': { schema: LostDeviceSummary } } },
        ...problemResponses(400, 401, 403, 404, 409, 415),
      },
    }),
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await reportLostDevice(deps.lostDevice, c.get('account').id, c.get('session'), c.req.valid('json').passkeyId), 200);
    },
  );
  return app;
}
