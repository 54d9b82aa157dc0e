// Webhook signatures in the Standard Webhooks scheme (https://www.standardwebhooks.com/, spec/standard-webhooks.md):
// the signed content is `${webhook-id}.${webhook-timestamp}.${body}`, signed with HMAC-SHA256 under the secret's bytes
// (the base64 text after `whsec_`), and sent as `Webhook-Signature: v1,<base64 signature>` next to `Webhook-Id` and
// `Webhook-Timestamp` (seconds since the epoch). Agencies can verify with any Standard Webhooks library.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** A fresh signing secret: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

/** `v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>` */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretBytes(secret)).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/**
 * What a receiver does: true when one of the space-separated `v1,` signatures matches and the timestamp is within
 * `toleranceSeconds` of `nowSeconds` (replay defence). Exported for agencies' reference and for tests.
 */
export function verifyWebhookSignature(options: {
  secret: string;
  id: string;
  timestamp: string;
  body: string;
  signatureHeader: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}): boolean {
  const ts = Number(options.timestamp);
  if (!Number.isSafeInteger(ts) || Math.abs(options.nowSeconds - ts) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(options.secret, options.id, ts, options.body));
  return options.signatureHeader.split(' ').some((candidate) => {
    const actual = Buffer.from(candidate);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  });
}
