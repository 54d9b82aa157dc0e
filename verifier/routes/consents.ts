// Consent control (issue 7). The citizen (session + CSRF) lists their consents and withdraws, pauses or resumes one by
// sending the next holder-signed record of its chain; the agency (API key) lists its consents with the 3x24-hour
// deadlines and acknowledges a change once acted on.
import { createRoute, z } from '@hono/zod-openapi';
import type { AccountsDeps } from '../accounts/deps.js';
import { acknowledgeConsentChange, changeConsent, type ConsentAction } from '../consent/control.js';
import type { ConsentDeps } from '../consent/deps.js';
import { agencyConsentView, citizenConsentView, listCitizenConsents } from '../consent/views.js';
import { requireAgency } from '../http/agency-auth.js';
import { createRouter, problemResponses } from '../http/router.js';
import { requireSession } from '../http/session.js';
import type { TransparencyLog } from '../log/transparency-log.js';
import type { RegistryContext } from '../registry/context.js';
import { ReceiptSchema } from './presentation-schemas.js';
import { AgencyParams } from './registry-schemas.js';

const states = ['active', 'paused', 'withdrawn', 'expired', 'refused'] as const;
const Deadline = {
  actionDueAt: z.string().nullable().openapi({ description: 'When the agency must have acted on the last change: 3x24 hours after it (UU PDP)' }),
  acknowledgedAt: z.string().nullable().openapi({ description: 'When the agency marked the last change as acted on' }),
  overdue: z.boolean(),
};
const CitizenConsentSchema = z
  .object({
    id: z.string().openapi({ description: 'The consent id: the recordId of its first record' }),
    currentRecordId: z.string(),
    agency: z.object({ id: z.string(), name: z.string(), dpoContact: z.string() }),
    purpose: z.object({ code: z.string(), description: z.object({ id: z.string(), en: z.string() }).optional() }),
    requestId: z.string().nullable(),
    state: z.enum(states),
    createdAt: z.string(),
    updatedAt: z.string(),
    expiresAt: z.string().openapi({ description: 'End of the declared retention: the consent expires then' }),
    ...Deadline,
    actions: z.array(z.enum(['withdraw', 'pause', 'resume'])),
    record: z.string().openapi({ description: 'The current signed consent record (compact JWS): the one the next change links to' }),
  })
  .openapi('Consent');
const AgencyConsentSchema = z
  .object({
    id: z.string(),
    currentRecordId: z.string(),
    requestId: z.string().nullable(),
    purposeCode: z.string(),
    holderKeyThumbprint: z.string(),
    state: z.enum(states),
    createdAt: z.string(),
    updatedAt: z.string(),
    expiresAt: z.string(),
    ...Deadline,
  })
  .openapi('AgencyConsent');
const ConsentChangeSchema = z
  .object({
    record: z.string().min(10).max(50_000).openapi({ description: 'The next consent record (nextConsentRecord), compact JWS signed by the holder key' }),
    holderJwk: z.record(z.string(), z.unknown()).optional().openapi({ description: 'Only for consents stored before the service kept the holder key' }),
  })
  .openapi('ConsentChange');
const ConsentParams = z.object({ consentId: z.string().min(1).max(128).openapi({ param: { name: 'consentId', in: 'path' } }) });

export function consentRoutes(deps: { accounts: AccountsDeps; registry: RegistryContext; log: TransparencyLog }) {
  const app = createRouter();
  const consent: ConsentDeps = { store: deps.registry.store, log: deps.log, crypto: deps.registry.crypto, now: deps.registry.now };
  const session = requireSession(deps.accounts);
  const tags = ['Consent control'];

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/consents',
      middleware: [session] as const,
      tags,
      summary: 'Your consents, newest first, with their state, retention and the deadline the agency has to act by',
      responses: { 200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ consents: z.array(CitizenConsentSchema) }) } } }, ...problemResponses(401, 403) },
    }),
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json({ consents: await listCitizenConsents(consent.store, c.get('account').id, consent.now()) }, 200);
    },
  );

  for (const action of ['withdraw', 'pause', 'resume'] as const satisfies readonly ConsentAction[]) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/v1/me/consents/{consentId}/${action}`,
        middleware: [session] as const,
        tags,
        summary: `${action[0]!.toUpperCase()}${action.slice(1)} a consent with the next record of its chain, signed by the holder key`,
        request: { params: ConsentParams, body: { required: true, content: { 'application/json': { schema: ConsentChangeSchema } } } },
        responses: {
          200: {
            description: 'Changed, logged and the agency notified; it must act by actionDueAt',
            content: { 'application/json': { schema: z.object({ consent: CitizenConsentSchema, actionDueAt: z.string(), receipt: ReceiptSchema }) } },
          },
          ...problemResponses(400, 401, 403, 404, 409, 415),
        },
      }),
      async (c) => {
        const accountId = c.get('account').id;
        const changed = await changeConsent(consent, accountId, c.req.valid('param').consentId, action, c.req.valid('json'));
        const agency = await consent.store.agencies.get(changed.consent.agencyId);
        const purpose = await consent.store.purposes.get(changed.consent.agencyId, changed.consent.purposeCode);
        return c.json(
          {
            consent: citizenConsentView(changed.consent, agency, purpose?.description, consent.now()),
            actionDueAt: new Date(changed.actionDueAt).toISOString(),
            receipt: changed.receipt,
          },
          200,
        );
      },
    );
  }

  const agencyAuth = requireAgency(deps.registry);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/agencies/{agencyId}/consents',
      middleware: [agencyAuth] as const,
     
      tags,
      summary: "The agency's consents, most recently changed first (e.g. ?state=withdrawn&pending=true: withdrawals still to act on)",
      request: {
        params: AgencyParams,
        query: z.object({
          state: z.enum(states).optional(),
          pending: z.enum(['true', 'false']).optional().openapi({ description: 'true: only changes not yet acknowledged' }),
        }),
      },
      responses: { 200: { description: 'Consents', content: { 'application/json': { schema: z.object({ consents: z.array(AgencyConsentSchema) }) } } }, ...problemResponses(400, 401, 403) },
    }),
    async (c) => {
      const { state, pending } = c.req.valid('query');
      const rows = await consent.store.consents.listForAgency(c.get('agency').id, { state, pending: pending === 'true' }, 500);
      return c.json({ consents: rows.map((r) => agencyConsentView(r, consent.now())) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/agencies/{agencyId}/consents/{consentId}/acknowledge',
      middleware: [agencyAuth] as const,
     
      tags,
      summary: "Mark the consent's last change (withdrawal, pause, resumption, expiry) as acted on",
      request: { params: AgencyParams.merge(ConsentParams) },
      responses: { 200: { description: 'Acknowledged', content: { 'application/json': { schema: AgencyConsentSchema } } }, ...problemResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(agencyConsentView(await acknowledgeConsentChange(consent, c.get('agency').id, c.req.valid('param').consentId), consent.now()), 200),
  );
  return app;
}
