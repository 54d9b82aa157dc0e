// GET requests to external issuers (issuer metadata, JWKS, type metadata, status lists): https only, no redirects,
// a timeout and a response size cap, and never to the service's own network. The URLs come from operators and from
// credentials signed by registered issuers, so the same connect-time address check as webhook deliveries applies
// (webhooks/target.ts); EXTERNAL_ISSUERS_ALLOW_LOCAL (tests and development only) also allows loopback.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { isAllowedAddress, nonPublicRanges } from '../webhooks/target.js';

export interface RemoteFetchOptions {
  timeoutMs: number;
  maxResponseBytes: number;
  /** Allow http://localhost and loopback addresses (tests, development). */
  allowLocal: boolean;
}

export interface RemoteResponse {
  status: number;
  contentType: string;
  text: string;
}

/** Fetches a URL as text; rejects with RemoteFetchError when it cannot be read (never for an HTTP error status). */
export type RemoteFetch = (url: string, accept: string) => Promise<RemoteResponse>;

export class RemoteFetchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RemoteFetchError';
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

function isLoopback(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\./i.test(address);
}

/** Whether the URL may be fetched at all (scheme and host form); the address is checked again at connect time. */
export function isFetchableUrl(raw: string, allowLocal: boolean): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password || url.hash) return false;
  if (url.protocol === 'https:') return true;
  return allowLocal && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname.replace(/^\[(.*)\]$/, '$1'));
}

export function createRemoteFetch(options: RemoteFetchOptions): RemoteFetch {
  const blocked = nonPublicRanges();
  const allowed = (address: string) => isAllowedAddress(address, blocked) || (options.allowLocal && isLoopback(address));
  const lookup = ((hostname: string, lookupOptions: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    dns.lookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error);
      if (addresses.length === 0 || addresses.some((a) => !allowed(a.address))) {
        return callback(new RemoteFetchError(`${hostname} resolves to an address outside the public internet`));
      }
      if (lookupOptions.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as unknown as net.LookupFunction;

  return async (raw, accept) => {
    if (!isFetchableUrl(raw, options.allowLocal)) throw new RemoteFetchError('only https URLs can be fetched');
    const url = new URL(raw);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (net.isIP(host) !== 0 && !allowed(host)) throw new RemoteFetchError(`${host} is outside the public internet`);
    const client = url.protocol === 'https:' ? https : http;
    const signal = AbortSignal.timeout(options.timeoutMs);
    return new Promise<RemoteResponse>((resolve, reject) => {
      const req = client.request(url, { method: 'GET', headers: { accept }, lookup, signal }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxResponseBytes) {
            req.destroy(new RemoteFetchError(`the response is larger than ${options.maxResponseBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (error) => reject(asFetchError(error, signal)));
      });
      req.on('error', (error) => reject(asFetchError(error, signal)));
      req.end();
    });
  };
}

function asFetchError(error: unknown, signal: AbortSignal): RemoteFetchError {
  if (error instanceof RemoteFetchError) return error;
  return new RemoteFetchError(signal.aborted ? 'the request timed out' : 'the request failed', { cause: error });
}

/** Reads a JSON object from a URL: undefined body or status → RemoteFetchError; the caller judges the content. */
export async function fetchJsonObject(fetch: RemoteFetch, url: string, accept = 'application/json'): Promise<Record<string, unknown>> {
  const response = await fetch(url, accept);
  if (response.status !== 200) throw new RemoteFetchError(`HTTP ${response.status}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.text);
  } catch (cause) {
    throw new RemoteFetchError('the response is not JSON', { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RemoteFetchError('the response is not a JSON object');
  return parsed as Record<string, unknown>;
}
