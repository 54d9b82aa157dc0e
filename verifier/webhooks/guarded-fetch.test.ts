// The webhook client refuses the service's own network: loopback and private IP literals, names that resolve there
// (checked at connect time), IPv4-mapped IPv6; and it delivers to an allowed address like fetch would.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedFetch, WebhookAddressBlocked } from './guarded-fetch.js';
import { isAllowedAddress, nonPublicRanges } from './target.js';

let server: http.Server;
let port: number;
const received: { method: string; body: string; signature: string | undefined }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', body, signature: req.headers['webhook-signature'] as string | undefined });
      res.statusCode = req.url === '/gone' ? 410 : 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (f: typeof fetch, url: string) =>
  f(url, { method: 'POST', body: '{"type":"t"}', headers: { 'content-type': 'application/json', 'webhook-signature': 'v1,x' } });

describe('guarded webhook fetch', () => {
  it('judges addresses by the special-purpose registries', () => {
    const blocked = nonPublicRanges();
    const table: [string, boolean][] = [
      ['8.8.8.8', true],
      ['1.1.1.1', true],
      ['2606:4700:4700::1111', true],
      ['127.0.0.1', false],
      ['10.1.2.3', false],
      ['172.16.0.1', false],
      ['172.32.0.1', true],
      ['192.168.1.1', false],
      ['169.254.169.254', false],
      ['100.64.0.1', false],
      ['0.0.0.0', false],
      ['224.0.0.1', false],
      ['::1', false],
      ['::', false],
      ['fe80::1', false],
      ['fd00::1', false],
      ['::ffff:127.0.0.1', false],
      ['::ffff:8.8.8.8', true],
      ['not-an-ip', false],
    ];
    for (const [address, allowed] of table) expect([address, isAllowedAddress(address, blocked)]).toEqual([address, allowed]);
  });

  it('refuses loopback and private literals and names that resolve to them, before sending anything', async () => {
    const f = guardedFetch();
    const before = received.length;
    for (const url of [`http://127.0.0.1:${port}/hook`, `http://[::1]:${port}/hook`, `http://localhost:${port}/hook`, 'https://10.0.0.1/hook', `http://[::ffff:127.0.0.1]:${port}/x`]) {
      await expect(post(f, url), url).rejects.toBeInstanceOf(WebhookAddressBlocked);
    }
    // A name with a public and a private answer is refused as a whole (DNS rebinding serves both in turn).
    const mixed = guardedFetch({ lookupAll: (_h, cb) => cb(null, [{ address: '8.8.8.8', family: 4 }, { address: '127.0.0.1', family: 4 }]) });
    await expect(post(mixed, `http://hooks.agency.example:${port}/hook`)).rejects.toBeInstanceOf(WebhookAddressBlocked);
    expect(received.length).toBe(before);
  });

  it('delivers to an allowed address with the method, headers and body given, and reports the status', async () => {
    // Only 10.0.0.0/8 blocked here, and the agency's name resolves to this machine: the path a public host takes.
    const blocked = new net.BlockList();
    blocked.addSubnet('10.0.0.0', 8, 'ipv4');
    const f = guardedFetch({ blocked, lookupAll: (_h, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]) });
    const res = await post(f, `http://hooks.agency.example:${port}/hook`);
    expect(res.status).toBe(204);
    expect(received.at(-1)).toEqual({ method: 'POST', body: '{"type":"t"}', signature: 'v1,x' });
    expect((await post(f, `http://hooks.agency.example:${port}/gone`)).status).toBe(410);
  });
});
