// The assembled app: health, OpenAPI 3.1 document, self-hosted docs.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/support/test-app.js';

describe('service app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('reports health with the database engine', async () => {
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; database: { engine: string; ok: boolean } };
    expect(body.status).toBe('ok');
    expect(body.database).toEqual({ engine: t.engine, ok: true });
  });

  it('reports degraded with 503 when the database is gone', async () => {
    const broken = await createTestApp();
    await broken.store.close();
    const res = await broken.app.request('/healthz');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { status: string }).status).toBe('degraded');
    await broken.close();
  });

  it('serves a valid OpenAPI 3.1 document', async () => {
    const res = await t.app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/healthz']).toBeDefined();
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    // Agency developers find every stable code in the document: problems and /v1/verify verdicts alike.
    const schemas = (doc as unknown as { components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> } }).components.schemas;
    expect(schemas.Problem!.properties.code!.enum).toEqual(expect.arrayContaining(['invalid_request', 'nonce_reused', 'consent_not_active', 'kb_wrong_nonce']));
    expect(schemas.DirectVerifyVerdict!.properties.code!.enum).toEqual(expect.arrayContaining(['bad_signature', 'revoked', 'kb_wrong_nonce']));
  });

  it('serves the transparency log with a signed empty checkpoint', async () => {
    const res = await t.app.request('/v1/log');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { size: number; origin: string; checkpoint: string; verifierKey: string; keyRotations: string[] };
    expect(body.size).toBe(0);
    expect(body.keyRotations).toEqual([]);
    expect(body.origin).toBe('localhost:3000/log');
    expect(body.checkpoint.startsWith('localhost:3000/log\n0\n')).toBe(true);
    expect(body.verifierKey.startsWith('localhost:3000/log+')).toBe(true);
  });

  it('serves the docs page and its assets locally, scripts from self only', async () => {
    const page = await t.app.request('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const asset of ['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css', '/docs/init.js']) {
      const res = await t.app.request(asset);
      expect(res.status, asset).toBe(200);
    }
    expect((await t.app.request('/docs/assets/../../package.json')).status).toBe(404);
  });
});
