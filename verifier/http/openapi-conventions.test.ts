// /openapi.json tells the whole truth on every operation: the security its middleware enforces, and every error
// status the boundary can answer, in the shape its path answers with (problem details, or OAuth on OpenID4VCI).
/* eslint-disable @typescript-eslint/no-explicit-any -- the document is read as plain JSON */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../../test/support/test-app.js';

let t: TestApp;
let doc: any;
const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));

beforeAll(async () => {
  t = await createTestApp();
  doc = await (await t.app.request('/openapi.json')).json();
});
afterAll(async () => t.close());

describe('OpenAPI conventions', () => {
  it('declares 405 (shared component), 429 with an integer Retry-After, 500 and 503 on every operation', () => {
    expect(doc.components.responses.MethodNotAllowed.headers.Allow.required).toBe(true);
    expect(doc.components.responses.TooManyRequests.headers['Retry-After'].schema.type).toBe('integer');
    for (const { path, op } of operations()) {
      expect(op.responses['405'], path).toEqual({ $ref: '#/components/responses/MethodNotAllowed' });
      const tooMany = op.responses['429'];
      if (!tooMany.$ref) expect(tooMany.headers['Retry-After'].schema.type, path).toBe('integer');
      for (const status of ['500', '503']) expect(op.responses[status], `${path} ${status}`).toBeDefined();
    }
  });

  it('declares the security each auth middleware enforces', () => {
    for (const { path, method, op } of operations()) {
      const schemes = (op.security ?? []).flatMap((r: object) => Object.keys(r)).sort();
      if (path.startsWith('/v1/admin/')) expect(schemes, path).toEqual(['adminToken']);
      else if (/^\/v1\/agencies\//.test(path) || path === '/v1/verify') expect(schemes, path).toEqual(['agencyApiKey']);
      else if (path.startsWith('/v1/me/') || path.startsWith('/v1/passkeys') || (path === '/v1/session' && method !== 'post')) {
        expect(schemes, `${method} ${path}`).toEqual(method === 'get' ? ['walletSession'] : ['csrfToken', 'walletSession']);
      }
      if (schemes.length > 0 && !(path.startsWith('/v1/accounts') || path.startsWith('/v1/session'))) expect(op.responses['401'], path).toBeDefined();
    }
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['accessToken', 'adminToken', 'agencyApiKey', 'csrfToken', 'walletSession']);
  });

  it('declares 413 on every method with a body and 415 where a body is declared', () => {
    for (const { path, method, op } of operations()) {
      if (method !== 'get') expect(op.responses['413'], `${method} ${path}`).toBeDefined();
      if (op.requestBody) expect(op.responses['415'], `${method} ${path}`).toBeDefined();
    }
  });

  it('documents the OpenID4VCI endpoints with the OAuth error shape, as they answer', async () => {
    for (const name of ['token', 'nonce', 'credential']) {
      const op = doc.paths[`/issuers/{agencyId}/${name}`].post;
      for (const status of ['400', '413', '429', '500']) expect(Object.keys(op.responses[status].content), `${name} ${status}`).toEqual(['application/json']);
    }
    const res = await t.app.request('/issuers/nobody/token', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ error: 'invalid_request', code: 'unsupported_media_type' });
  });

  it('refuses a body in an undeclared media type with unsupported_media_type', async () => {
    for (const type of ['application/merge-patch+json', 'multipart/form-data; boundary=x', 'text/plain']) {
      const headers = { 'content-type': type, authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
      const res = await t.app.request('/v1/admin/credential-types', { method: 'POST', headers, body: '{}' });
      expect([res.status, res.headers.get('content-type')], type).toEqual([415, 'application/problem+json']);
    }
    const charset = await t.app.request('/v1/accounts/registration/options', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', origin: 'http://localhost:3000', 'x-sahih-csrf': '1' },
      body: '{}',
    });
    expect(charset.status).toBe(200);
  });
});
