// The API conventions on a sample route: problem+json for every kind of bad input, request ids, security headers.
import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { applyConventions } from '../app.js';
import { memoryLogger } from '../../test/support/test-app.js';
import { createRouter } from './router.js';

const SampleBody = z.object({
  name: z.string().min(1),
  nested: z.object({ count: z.number().int().min(0) }),
});

function sampleApp() {
  const app = createRouter();
  const { logger, logs } = memoryLogger();
  applyConventions(app, { config: { publicUrl: 'http://localhost:3000', bodyLimitBytes: 2048 }, logger });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/sample',
      request: { body: { required: true, content: { 'application/json': { schema: SampleBody } } } },
      responses: { 200: { description: 'ok', content: { 'application/json': { schema: SampleBody } } } },
    }),
    (c) => c.json(c.req.valid('json'), 200),
  );
  app.get('/v1/boom', () => {
    throw new Error('secret internal detail');
  });
  return { app, logs };
}

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body.status).toBe(res.status);
  expect(typeof body.title).toBe('string');
  expect(body.type).toBe(`urn:sahih:problem:${String(body.code)}`);
  expect(typeof body.requestId).toBe('string');
  return body;
}

describe('API conventions', () => {
  const { app, logs } = sampleApp();
  const post = (body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    app.request('/v1/sample', { method: 'POST', body, headers });

  it('accepts a valid body', async () => {
    const res = await post(JSON.stringify({ name: 'a', nested: { count: 1 } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: 'a', nested: { count: 1 } });
  });

  it('rejects malformed JSON with malformed_body', async () => {
    const res = await post('{"name": ');
    expect(res.status).toBe(400);
    expect((await problemOf(res)).code).toBe('malformed_body');
  });

  it('rejects a wrong content type with unsupported_media_type', async () => {
    const res = await post('name=a', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect((await problemOf(res)).code).toBe('unsupported_media_type');
  });

  it('rejects an oversized body with payload_too_large', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(5000), nested: { count: 1 } }));
    expect(res.status).toBe(413);
    expect((await problemOf(res)).code).toBe('payload_too_large');
  });

  it('checks a declared Content-Length from the header, and counts a streamed body that declares none', async () => {
    const small = JSON.stringify({ name: 'a', nested: { count: 1 } });
    const declared = await post(small, { 'content-type': 'application/json', 'content-length': String(small.length) });
    expect(declared.status).toBe(200);
    const overDeclared = await post(small, { 'content-type': 'application/json', 'content-length': '999999' });
    expect([overDeclared.status, (await problemOf(overDeclared)).code]).toEqual([413, 'payload_too_large']);
    const chunks = [new TextEncoder().encode('{"name":"'), new TextEncoder().encode('x'.repeat(4000)), new TextEncoder().encode('"}')];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const streamed = await app.request('/v1/sample', { method: 'POST', body: stream, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
    expect([streamed.status, (await problemOf(streamed)).code]).toEqual([413, 'payload_too_large']);
  });

  it('names each schema-violating field', async () => {
    const res = await post(JSON.stringify({ name: '', nested: { count: -1 } }));
    expect(res.status).toBe(400);
    const body = await problemOf(res);
    expect(body.code).toBe('invalid_request');
    const paths = (body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['/body/name', '/body/nested/count']);
  });

  it('answers unknown routes with not_found', async () => {
    const res = await app.request('/v1/does-not-exist');
    expect(res.status).toBe(404);
    expect((await problemOf(res)).code).toBe('not_found');
  });

  it('answers a known path with a wrong method with method_not_allowed and Allow', async () => {
    const res = await app.request('/v1/sample', { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect((await problemOf(res)).code).toBe('method_not_allowed');
    const withGet = await app.request('/v1/boom', { method: 'DELETE' });
    expect([withGet.status, withGet.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('turns a bug into internal_error without leaking internals', async () => {
    const res = await app.request('/v1/boom');
    expect(res.status).toBe(500);
    const text = await res.clone().text();
    expect(text).not.toContain('secret internal detail');
    expect((await problemOf(res)).code).toBe('internal_error');
    expect(logs.some((l) => l.includes('unhandled error'))).toBe(true);
  });

  it('echoes a well-formed request id and replaces a bad one', async () => {
    const good = await app.request('/v1/does-not-exist', { headers: { 'x-request-id': 'client-id-12345' } });
    expect(good.headers.get('x-request-id')).toBe('client-id-12345');
    const bad = await app.request('/v1/does-not-exist', { headers: { 'x-request-id': 'bad id <script>' } });
    expect(bad.headers.get('x-request-id')).not.toContain('<');
  });

  it('sets the baseline security headers on every response, errors included', async () => {
    const res = await app.request('/v1/does-not-exist');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('permissions-policy')).toContain('camera=(self)');
  });

  it('never logs bodies, query strings or authorization headers', async () => {
    await app.request('/v1/does-not-exist?code=SECRET-OFFER-CODE', { headers: { authorization: 'Bearer SECRET-KEY' } });
    await post(JSON.stringify({ name: 'CLAIM-VALUE-XYZ', nested: { count: 1 } }));
    const all = logs.join('\n');
    expect(all).not.toContain('SECRET-OFFER-CODE');
    expect(all).not.toContain('SECRET-KEY');
    expect(all).not.toContain('CLAIM-VALUE-XYZ');
  });
});
