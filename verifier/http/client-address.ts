// The client address a request is rate-limited by. X-Forwarded-For is believed only when the operator says how many
// proxies stand in front (TRUST_PROXY); otherwise any client could name itself a fresh address per request. IPv6
// clients are grouped by /64, the block one subscriber usually holds, so rotating the low bits buys nothing.
import { isIPv4, isIPv6 } from 'node:net';
import type { Context } from 'hono';

/** The socket's peer, when served by @hono/node-server; app.request() in tests has none. */
function socketAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

/** Expands an IPv6 address to eight hextets (undefined when it is not one). */
function hextets(address: string): string[] | undefined {
  if (!isIPv6(address)) return undefined;
  let text = address.split('%')[0]!;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -v4[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((h) => parseInt(h, 16).toString(16));
}

/** The rate-limit key of an address: IPv4 as is, IPv4-mapped IPv6 as its IPv4, other IPv6 as its /64. */
export function addressKey(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, '');
  if (isIPv4(trimmed)) return trimmed;
  const h = hextets(trimmed);
  if (!h) return 'unknown';
  if (h.slice(0, 5).every((x) => x === '0') && h[5] === 'ffff') {
    const n = (parseInt(h[6]!, 16) << 16) | parseInt(h[7]!, 16);
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  }
  return `${h.slice(0, 4).join(':')}::/64`;
}

export interface ClientAddressOptions {
  /** How many proxies in front of the service append to X-Forwarded-For (0: ignore the header). */
  trustProxy: number;
}

/**
 * Resolves the client's address key: the socket peer, or with `trustProxy` = n the address n hops back along
 * X-Forwarded-For (each trusted proxy appends the address it received from; entries left of those are the client's
 * own claims and are not believed).
 */
export function clientAddressResolver(options: ClientAddressOptions): (c: Context) => string {
  return (c) => {
    const peer = socketAddress(c);
    if (options.trustProxy > 0) {
      const forwarded = (c.req.header('x-forwarded-for') ?? '')
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
      // The chain from nearest to farthest: the socket peer (the last proxy), then what each proxy appended.
      const chain = [...(peer ? [peer] : []), ...forwarded.reverse()];
      const hop = peer ? options.trustProxy : options.trustProxy - 1;
      const chosen = chain[Math.min(hop, chain.length - 1)];
      if (chosen) return addressKey(chosen);
    }
    return peer ? addressKey(peer) : 'unknown';
  };
}
