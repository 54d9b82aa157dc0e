// Passkey accounts over HTTP: sign-up, sign-in/out and passkey management. Thin handlers over verifier/accounts.
import { createRoute, z } from '@hono/zod-openapi';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Context } from 'hono';
import { authenticate, signInOptions } from '../accounts/authentication.js';
import type { AccountsDeps } from '../accounts/deps.js';
import { listPasskeys, removePasskey, renamePasskey } from '../accounts/passkeys.js';
import { addPasskey, addPasskeyOptions, newAccountOptions, registerAccount } from '../accounts/registration.js';
import { endSession, sessionExpiresAt, startSession } from '../accounts/sessions.js';
import type { AppEnv } from '../http/env.js';
import { problemResponses, createRouter } from '../http/router.js';
import {
  CSRF_HEADER,
  clearSessionCookie,
  readSessionCookie,
  requireSameOriginRequest,
  requireSession,
  setSessionCookie,
} from '../http/session.js';
import type { AccountRecord, PasskeyRecord, SessionRecord } from '../store/types.js';

const tags = ['Accounts'];

const OptionsSchema = z
  .object({ options: z.record(z.string(), z.unknown()).openapi({ description: 'Pass to @simplewebauthn/browser as optionsJSON.' }) })
  .openapi('WebAuthnOptions');

const RegistrationResponseSchema = z
  .looseObject({
    id: z.string().min(1),
    rawId: z.string().min(1),
    type: z.literal('public-key'),
    response: z.looseObject({
      clientDataJSON: z.string().min(1),
      attestationObject: z.string().min(1),
      transports: z.array(z.string()).optional(),
    }),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
    authenticatorAttachment: z.string().optional(),
  })
  .openapi('RegistrationResponse');

const AuthenticationResponseSchema = z
  .looseObject({
    id: z.string().min(1),
    rawId: z.string().min(1),
    type: z.literal('public-key'),
    response: z.looseObject({
      clientDataJSON: z.string().min(1),
      authenticatorData: z.string().min(1),
      signature: z.string().min(1),
      userHandle: z.string().optional(),
    }),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
    authenticatorAttachment: z.string().optional(),
  })
  .openapi('AuthenticationResponse');

const AccountSchema = z.object({ id: z.string(), displayName: z.string() }).openapi('Account');

const SessionSchema = z
  .object({
    account: AccountSchema,
    csrfToken: z.string().openapi({ description: `Send as the ${CSRF_HEADER} header on every POST, PUT, PATCH and DELETE.` }),
    expiresAt: z.string().openapi({ description: 'When the session lapses if left idle (RFC 3339).' }),
  })
  .openapi('Session');

const PasskeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    backedUp: z.boolean(),
    deviceType: z.enum(['singleDevice', 'multiDevice']),
    current: z.boolean().openapi({ description: 'The passkey this session signed in with (it cannot be reported lost from here)' }),
  })
  .openapi('Passkey');

const PasskeyNameSchema = z.string().trim().min(1).max(64);
const csrfHeaders = z.object({
  [CSRF_HEADER]: z.string().optional().openapi({ description: 'CSRF defence; see the Session schema.' }),
});
const IdParam = z.object({ id: z.string().min(1).max(64) });

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const jsonBody = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

function accountView(a: AccountRecord) {
  return { id: a.id, displayName: a.displayName };
}

function passkeyView(p: PasskeyRecord, currentId: string | null) {
  return {
    id: p.id,
    name: p.name,
    createdAt: new Date(p.createdAt).toISOString(),
    lastUsedAt: p.lastUsedAt === null ? null : new Date(p.lastUsedAt).toISOString(),
    backedUp: p.backedUp,
    deviceType: p.deviceType,
    current: p.id === currentId,
  };
}

export function accountRoutes(deps: AccountsDeps) {
  const app = createRouter();
  const sameOrigin = requireSameOriginRequest(deps);
  const signedIn = requireSession(deps);
  const sessionView = (account: AccountRecord, session: SessionRecord) => ({
    account: accountView(account),
    csrfToken: session.csrfToken,
    expiresAt: new Date(sessionExpiresAt(deps, session)).toISOString(),
  });
  /** A fresh session for the account (replacing any presented one), its cookie set, and the view to answer with. */
  const openSession = async (c: Context<AppEnv>, account: AccountRecord, passkey: PasskeyRecord) => {
    const { token, session } = await startSession(deps, { accountId: account.id, passkeyId: passkey.id }, readSessionCookie(c, deps));
    setSessionCookie(c, deps, token);
    c.header('cache-control', 'no-store');
    return sessionView(account, session);
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/accounts/registration/options',
      tags,
      summary: 'Start creating an account: WebAuthn creation options (resident key, user verification required)',
      middleware: [sameOrigin] as const,
      request: { headers: csrfHeaders, body: jsonBody(z.object({ displayName: z.string().trim().max(64).optional() })) },
      responses: { 200: json(OptionsSchema, 'Creation options'), ...problemResponses(400, 403) },
    }),
    async (c) => {
      const { displayName } = c.req.valid('json');
      c.header('cache-control', 'no-store');
      return c.json({ options: { ...(await newAccountOptions(deps, displayName)) } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/accounts/registration',
      tags,
      summary: 'Finish creating an account with its first passkey; signs in',
      middleware: [sameOrigin] as const,
      request: {
        headers: csrfHeaders,
        body: jsonBody(z.object({ response: RegistrationResponseSchema, passkeyName: PasskeyNameSchema.optional() })),
      },
      responses: { 201: json(SessionSchema, 'Account created and signed in'), ...problemResponses(400, 401, 403, 409) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const { account, passkey } = await registerAccount(deps, body.response as unknown as RegistrationResponseJSON, body.passkeyName);
      return c.json(await openSession(c, account, passkey), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/session/options',
      tags,
      summary: 'Start signing in: WebAuthn request options for a discoverable passkey',
      middleware: [sameOrigin] as const,
      request: { headers: csrfHeaders },
      responses: { 200: json(OptionsSchema, 'Request options'), ...problemResponses(403) },
    }),
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json({ options: { ...(await signInOptions(deps)) } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/session',
      tags,
      summary: 'Sign in with a passkey; a new session replaces any presented one',
      middleware: [sameOrigin] as const,
      request: { headers: csrfHeaders, body: jsonBody(z.object({ response: AuthenticationResponseSchema })) },
      responses: { 200: json(SessionSchema, 'Signed in'), ...problemResponses(400, 401, 403) },
    }),
    async (c) => {
      const { response } = c.req.valid('json');
      const { account, passkey } = await authenticate(deps, response as unknown as AuthenticationResponseJSON);
      return c.json(await openSession(c, account, passkey), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/session',
      tags,
      summary: 'The current session, with its CSRF token',
      middleware: [signedIn] as const,
      responses: { 200: json(SessionSchema, 'Signed in'), ...problemResponses(401) },
    }),
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(sessionView(c.get('account'), c.get('session')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/session',
      tags,
      summary: 'Sign out',
      middleware: [signedIn] as const,
      request: { headers: csrfHeaders },
      responses: { 204: { description: 'Signed out' }, ...problemResponses(401, 403) },
    }),
    async (c) => {
      await endSession(deps, c.get('session'));
      clearSessionCookie(c, deps);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/passkeys',
      tags,
      summary: "The account's passkeys with names and last use",
      middleware: [signedIn] as const,
      responses: { 200: json(z.object({ passkeys: z.array(PasskeySchema) }), 'Passkeys'), ...problemResponses(401) },
    }),
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json({ passkeys: (await listPasskeys(deps, c.get('account').id)).map((p) => passkeyView(p, c.get('session').passkeyId)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/passkeys/options',
      tags,
      summary: 'Start adding a passkey to the account',
      middleware: [signedIn] as const,
      request: { headers: csrfHeaders },
      responses: { 200: json(OptionsSchema, 'Creation options'), ...problemResponses(401, 403) },
    }),
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json({ options: { ...(await addPasskeyOptions(deps, c.get('account'))) } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/passkeys',
      tags,
      summary: 'Finish adding a passkey',
      middleware: [signedIn] as const,
      request: { headers: csrfHeaders, body: jsonBody(z.object({ response: RegistrationResponseSchema, name: PasskeyNameSchema.optional() })) },
      responses: { 201: json(PasskeySchema, 'Added'), ...problemResponses(400, 401, 403, 409) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const passkey = await addPasskey(deps, c.get('account'), body.response as unknown as RegistrationResponseJSON, body.name);
      return c.json(passkeyView(passkey, c.get('session').passkeyId), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/passkeys/{id}',
      tags,
      summary: 'Rename a passkey',
      middleware: [signedIn] as const,
      request: { headers: csrfHeaders, params: IdParam, body: jsonBody(z.object({ name: PasskeyNameSchema })) },
      responses: { 204: { description: 'Renamed' }, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      await renamePasskey(deps, c.get('account').id, c.req.valid('param').id, c.req.valid('json').name);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/passkeys/{id}',
      tags,
      summary: 'Remove a passkey (at least one must remain); the sessions it opened end',
      middleware: [signedIn] as const,
      request: { headers: csrfHeaders, params: IdParam },
      responses: { 204: { description: 'Removed' }, ...problemResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      await removePasskey(deps, c.get('account').id, c.req.valid('param').id, c.get('session').idHash);
      return c.body(null, 204);
    },
  );

  return app;
}
