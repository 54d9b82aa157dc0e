// HTTP edges against a real listening server (node:http, raw sockets): a client that hangs up mid-body or sends a
// malformed chunk is a logged client abort, not an internal error; Node's own 400 and 431 carry problem+json; a known
// path with the wrong method answers 405 with Allow.
import { serve, type ServerType } from '@hono/node-server';
import { once } from 'node:events';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientErrorHandler } from '../../verifier/http/client-error.js';
import { createTestApp, memoryLogger, TEST_ADMIN_TOKEN, type TestApp } from '../support/test-app.js';

let t: TestApp;
let server: ServerType;
let port: number;
const nodeLog = memoryLogger();
const post = (headers: string) => `POST /v1/admin/credential-types HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${TEST_ADMIN_TOKEN}\r\nContent-Type: application/json\r\n${headers}\r\n`;

/** Writes `data` on a fresh connection; reads until the server closes it, or hangs up itself once the request reached the app. */
function exchange(data: string, options: { hangUpWhenReceived?: boolean } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => (out += d.toString()));
    socket.on('close', () => resolve(out));
    socket.on('error', () => undefined);
    if (options.hangUpWhenReceived) server.once('request', () => setImmediate(() => socket.destroy()));
    socket.on('connect', () => socket.write(data));
  });
}

/** The access-log lines of the app, once `count` requests have finished (the app logs after its response). */
async function requestLines(count: number): Promise<Record<string, unknown>[]> {
  for (;;) {
    const lines = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
    if (lines.length >= count) return lines;
    await new Promise((r) => setTimeout(r, 10));
  }
}

function problemOf(response: string) {
  const [head, body] = response.split('\r\n\r\n');
  return { statusLine: head!.split('\r\n')[0], headers: head!.toLowerCase(), body: JSON.parse(body!) as Record<string, unknown> };
}

beforeAll(async () => {
  t = await createTestApp();
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  server.on('clientError', clientErrorHandler(nodeLog.logger));
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.close();
  await t.close();
});

describe('HTTP edges on a real server', () => {
  it('logs a client that hangs up mid-body as a client abort (warn), never as an unhandled 500', async () => {
    await exchange(`${post('Content-Length: 100\r\n')}{"id":`, { hangUpWhenReceived: true });
    await exchange(`${post('Transfer-Encoding: chunked\r\n')}5\r\n{"id"\r\n`, { hangUpWhenReceived: true });
    const lines = await requestLines(2);
    expect(lines.map((l) => l.status)).toEqual([400, 400]);
    const all = t.logs.join('\n');
    expect(all).not.toContain('unhandled error');
    expect(t.logs.filter((l) => l.includes('"msg":"client aborted"')).map((l) => JSON.parse(l).level)).toEqual([40, 40]);
  });

  it('answers a malformed chunked body with problem+json malformed_request, and logs no internal error', async () => {
    const before = t.logs.length;
    const response = await exchange(`${post('Transfer-Encoding: chunked\r\n')}zz\r\n{"id"\r\n0\r\n\r\n`);
    const { statusLine, headers, body } = problemOf(response);
    expect(statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(headers).toContain('content-type: application/problem+json');
    expect(body).toMatchObject({ status: 400, code: 'malformed_request', type: 'urn:sahih:problem:malformed_request' });
    expect(t.logs.slice(before).join('\n')).not.toContain('unhandled error');
  });

  it("gives Node's own 431 and 400 a problem+json body", async () => {
    const big = problemOf(await exchange(`GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(big.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(big.body).toMatchObject({ status: 431, code: 'request_headers_too_large' });
    const garbage = problemOf(await exchange('NOT HTTP AT ALL\r\n\r\n'));
    expect(garbage.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(garbage.body).toMatchObject({ status: 400, code: 'malformed_request' });
    expect(nodeLog.logs.filter((l) => l.includes('"msg":"client error"')).length).toBeGreaterThanOrEqual(2);
  });

  it('answers a known path with a wrong method 405 with Allow', async () => {
    const { statusLine, headers, body } = problemOf(await exchange('PUT /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    expect(statusLine).toBe('HTTP/1.1 405 Method Not Allowed');
    expect(headers).toContain('allow: get, head');
    expect(body).toMatchObject({ status: 405, code: 'method_not_allowed' });
  });
});

