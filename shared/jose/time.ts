// JWT registered time claims (RFC 7519 §4.1.4-6) checked against an injected clock with skew.

import { fail, type VerificationFailure } from '../verification/result.js';
import type { JsonObject } from './jws.js';

export function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** iat/nbf not in the future and exp not past, with skew (RFC 7519 §4.1.4-6). */
export function checkValidityWindow(payload: JsonObject, now: number, skew: number): VerificationFailure | undefined {
  const { iat, nbf, exp } = payload;
  for (const [name, value] of [['iat', iat], ['nbf', nbf], ['exp', exp]] as const) {
    if (value !== undefined && !isNumericDate(value)) return fail('malformed', `${name} must be a number`);
  }
  if (exp !== undefined && (exp as number) <= now - skew) return fail('expired', 'the token has expired (exp)');
  if (nbf !== undefined && (nbf as number) > now + skew) return fail('not_yet_valid', 'the token is not valid yet (nbf)');
  if (iat !== undefined && (iat as number) > now + skew) return fail('not_yet_valid', 'the token was issued in the future (iat)');
  return undefined;
}
