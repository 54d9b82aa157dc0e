// Where a webhook may point: the one table of address rules, used when an agency registers its URL (checkWebhookTarget,
// so a bad URL is refused with a clear code at once) and when a delivery connects (guarded-fetch.ts, which judges the
// addresses the connection actually uses, so a DNS answer that changes after registration cannot slip through).
// WEBHOOK_ALLOW_PRIVATE_NETWORKS switches both off, for development, tests and an agency on the same private network.
import dns from 'node:dns';
import net from 'node:net';
import { AppError } from '../errors.js';

/** Special-purpose and private ranges (IANA IPv4/IPv6 special-purpose registries) a webhook may not reach. */
export function nonPublicRanges(): net.BlockList {
  const list = new net.BlockList();
  for (const [address, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10], // shared address space; also where some clouds put metadata (100.100.100.200)
    ['127.0.0.0', 8],
    ['169.254.0.0', 16], // link-local, with the cloud metadata address 169.254.169.254
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.88.99.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const) {
    list.addSubnet(address, prefix, 'ipv4');
  }
  for (const [address, prefix] of [
    ['::', 96], // unspecified, loopback (::1) and the deprecated IPv4-compatible form (::a.b.c.d)
    ['64:ff9b::', 96],
    ['64:ff9b:1::', 48],
    ['100::', 64],
    ['2001::', 23],
    ['2001:db8::', 32],
    ['2002::', 16],
    ['fc00::', 7], // unique local, with AWS's IPv6 metadata address fd00:ec2::254
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const) {
    list.addSubnet(address, prefix, 'ipv6');
  }
  return list;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address, in either spelling (::ffff:7f00:1 or ::ffff:127.0.0.1). */
function mappedIPv4(address: string): string | undefined {
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(canonical);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!hex) return undefined;
  const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** True when the address may be reached; IPv4-mapped IPv6 is judged as the IPv4 address it is. */
export function isAllowedAddress(address: string, blocked: net.BlockList): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  const v4 = family === 6 ? mappedIPv4(address) : address;
  if (v4 !== undefined) return !blocked.check(v4, 'ipv4');
  return !blocked.check(address, 'ipv6');
}

export type LookupAll = (hostname: string, callback: (error: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void) => void;

export const systemLookupAll: LookupAll = (hostname, callback) => dns.lookup(hostname, { all: true, verbatim: true }, callback);

/** The host of a URL as a resolver or BlockList takes it: IPv6 literals without their brackets. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

export interface WebhookTargetPolicy {
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: no address rules, and plain http to the local machine. */
  allowPrivateNetworks: boolean;
  /** Name resolution (default: the system resolver, every address). */
  lookupAll?: LookupAll;
  /** Ranges refused (default: nonPublicRanges()). */
  blocked?: net.BlockList;
}

// Plain http only to the local machine, and only where private networks are allowed: anything that leaves the machine
// carries consent changes and disclosed values.
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const RESOLVE_TIMEOUT_MS = 5000;

function notAllowed(url: URL, reason: string): AppError {
  const message = `${url.hostname} ${reason}`;
  return new AppError('webhook_url_not_allowed', { detail: `The webhook url is not allowed: ${message}.`, fieldErrors: [{ path: '/body/url', message }] });
}

function resolveAll(lookupAll: LookupAll, host: string): Promise<dns.LookupAddress[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), RESOLVE_TIMEOUT_MS);
    lookupAll(host, (error, addresses) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(addresses);
    });
  });
}

/**
 * Registration-time check of a parsed webhook URL: https, and a host that is, or resolves only to, public addresses.
 * Throws webhook_url_not_allowed; the delivery checks again at connect time (guarded-fetch.ts).
 */
export async function checkWebhookTarget(url: URL, policy: WebhookTargetPolicy): Promise<void> {
  if (policy.allowPrivateNetworks) {
    if (url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) return;
    throw notAllowed(url, 'must use https (http only for localhost or 127.0.0.1)');
  }
  if (url.protocol !== 'https:') throw notAllowed(url, 'must use https');
  const blocked = policy.blocked ?? nonPublicRanges();
  const host = hostOf(url);
  if (net.isIP(host) !== 0) {
    if (!isAllowedAddress(host, blocked)) throw notAllowed(url, 'is not on the public internet');
    return;
  }
  let addresses: dns.LookupAddress[];
  try {
    addresses = await resolveAll(policy.lookupAll ?? systemLookupAll, host);
  } catch {
    throw notAllowed(url, 'could not be resolved');
  }
  if (addresses.length === 0) throw notAllowed(url, 'could not be resolved');
  if (addresses.some((a) => !isAllowedAddress(a.address, blocked))) throw notAllowed(url, 'resolves to an address outside the public internet');
}
