// Outbound webhook requests that cannot be pointed at the service's own network (SSRF). An agency chooses its
// webhook URL, so without this a URL naming 10.x, 169.254.169.254 or a loopback port would have the service POST
// signed requests inside its own perimeter. Every address is checked when the connection is made — the lookup hook of
// node:http(s), plus IP literals up front — so a DNS answer that changes between a check and the connection (DNS
// rebinding) cannot slip through. The address rules are target.ts's, the same ones registration applies. Hand-written
// because fetch offers no connect-time hook without a second HTTP client.
import type dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { hostOf, isAllowedAddress, nonPublicRanges, systemLookupAll, type LookupAll } from './target.js';

export class WebhookAddressBlocked extends Error {
  readonly code = 'WEBHOOK_ADDRESS_BLOCKED';
  constructor(host: string) {
    super(`${host} resolves to an address outside the public internet`);
    this.name = 'WebhookAddressBlocked';
  }
}

export interface GuardedFetchOptions {
  /** Ranges refused (default: nonPublicRanges()). */
  blocked?: net.BlockList;
  /** Name resolution (default: the system resolver, every address). */
  lookupAll?: LookupAll;
}

/**
 * A fetch for webhook deliveries: POST-style requests only as deliver.ts makes them (no redirects followed, body
 * discarded), refusing any host that is or resolves to a blocked address with WebhookAddressBlocked.
 */
export function guardedFetch(options: GuardedFetchOptions = {}): typeof fetch {
  const blocked = options.blocked ?? nonPublicRanges();
  const lookupAll = options.lookupAll ?? systemLookupAll;

  // The lookup net.connect calls: every address the name has must be allowed, or the connection is refused.
  const lookup = ((hostname: string, lookupOptions: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    lookupAll(hostname, (error, addresses) => {
      if (error) return callback(error);
      if (addresses.length === 0 || addresses.some((a) => !isAllowedAddress(a.address, blocked))) return callback(new WebhookAddressBlocked(hostname));
      if (lookupOptions.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as unknown as net.LookupFunction;

  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const host = hostOf(url);
    // Node does not call lookup for an IP literal: judge it here.
    if (net.isIP(host) !== 0 && !isAllowedAddress(host, blocked)) throw new WebhookAddressBlocked(host);
    const client = url.protocol === 'https:' ? https : http;
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = typeof init.body === 'string' ? init.body : init.body === undefined || init.body === null ? undefined : String(init.body);
    const status = await new Promise<number>((resolve, reject) => {
      const req = client.request(url, { method: init.method ?? 'GET', headers, lookup, signal: init.signal ?? undefined }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      // An aborted request reports why (a TimeoutError from AbortSignal.timeout), as fetch does.
      req.on('error', (error) => reject(init.signal?.aborted ? init.signal.reason : error));
      req.end(body);
    });
    // A 1xx cannot be a final status here, and Response refuses it: report it as the gateway error it is.
    return new Response(null, { status: status >= 200 && status <= 599 ? status : 502 });
  }) as typeof fetch;
}
