// Rebuilds the processed payload from an issuer-signed payload and its disclosures (RFC 9901 §7.1 step 3-5),
// enforcing that every digest appears once and every disclosure is used exactly once.

import type { JsonObject } from '../jose/jws.js';
import { fail, type VerificationFailure } from '../verification/result.js';
import type { ClaimPath, DecodedDisclosure } from './disclosure.js';

/** Nesting beyond this is refused, so a hostile token cannot exhaust the stack. */
const MAX_DEPTH = 64;

export interface DisclosedClaim {
  /** Path in the processed payload (array indices count only the elements that remain). */
  readonly path: ClaimPath;
  readonly disclosure: DecodedDisclosure;
}

export interface ProcessedPayload {
  readonly claims: JsonObject;
  readonly disclosed: readonly DisclosedClaim[];
}

class ProcessingError {
  constructor(readonly failure: VerificationFailure) {}
}

interface Context {
  readonly byDigest: ReadonlyMap<string, DecodedDisclosure>;
  /** Every digest seen in the payload or in disclosed values, disclosed or not (RFC 9901 §7.1 step 4). */
  readonly seen: Set<string>;
  readonly disclosed: DisclosedClaim[];
  readonly path: (string | number)[];
}

/**
 * Replaces `_sd` digests and `{"...": digest}` array elements with the disclosed claims, drops undisclosed and decoy
 * digests and the top-level `_sd_alg`. The caller has already rejected duplicate disclosures.
 */
export function processPayload(
  payload: JsonObject,
  byDigest: ReadonlyMap<string, DecodedDisclosure>,
): ProcessedPayload | VerificationFailure {
  const context: Context = { byDigest, seen: new Set(), disclosed: [], path: [] };
  let claims: JsonObject;
  try {
    claims = processObject(payload, context, 0);
  } catch (error) {
    if (error instanceof ProcessingError) return error.failure;
    throw error;
  }
  delete claims._sd_alg;
  if (context.disclosed.length !== byDigest.size) {
    return fail('disclosure_unreferenced', 'a disclosure is not referenced by the issuer-signed JWT or another disclosure');
  }
  return { claims, disclosed: context.disclosed };
}

function stop(failure: VerificationFailure): never {
  throw new ProcessingError(failure);
}

function processValue(value: unknown, context: Context, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) stop(fail('malformed', 'claims are nested too deeply'));
  return Array.isArray(value) ? processArray(value, context, depth + 1) : processObject(value as JsonObject, context, depth + 1);
}

function processObject(object: JsonObject, context: Context, depth: number): JsonObject {
  const out: JsonObject = {};
  for (const key in object) {
    if (key === '_sd') continue;
    if (key === '...') stop(fail('reserved_claim_name', 'the claim name ... is reserved for array element digests'));
    context.path.push(key);
    setOwn(out, key, processValue(object[key], context, depth));
    context.path.pop();
  }
  const digests = object._sd;
  if (digests === undefined) return out;
  if (!Array.isArray(digests)) stop(fail('malformed', '_sd must be an array of digests'));
  for (const digest of digests) {
    const disclosure = lookUp(digest, context);
    if (!disclosure) continue;
    if (disclosure.name === undefined) {
      stop(fail('disclosure_wrong_kind', 'an array element disclosure is referenced from an object _sd array'));
    }
    if (Object.hasOwn(out, disclosure.name)) {
      stop(fail('claim_name_conflict', `claim ${disclosure.name} is both disclosed and present, or disclosed twice`));
    }
    context.path.push(disclosure.name);
    context.disclosed.push({ path: context.path.slice(), disclosure });
    setOwn(out, disclosure.name, processValue(disclosure.value, context, depth));
    context.path.pop();
  }
  return out;
}

function processArray(array: readonly unknown[], context: Context, depth: number): unknown[] {
  const out: unknown[] = [];
  for (const element of array) {
    const digest = arrayElementDigest(element);
    if (digest === undefined) {
      context.path.push(out.length);
      out.push(processValue(element, context, depth));
      context.path.pop();
      continue;
    }
    const disclosure = lookUp(digest, context);
    if (!disclosure) continue;
    if (disclosure.name !== undefined) {
      stop(fail('disclosure_wrong_kind', 'an object property disclosure is referenced from an array element'));
    }
    context.path.push(out.length);
    context.disclosed.push({ path: context.path.slice(), disclosure });
    out.push(processValue(disclosure.value, context, depth));
    context.path.pop();
  }
  return out;
}

/** `{"...": "<digest>"}` marks an array element digest; any other object with a `...` key is malformed. */
function arrayElementDigest(element: unknown): string | undefined {
  if (typeof element !== 'object' || element === null || Array.isArray(element) || !Object.hasOwn(element, '...')) {
    return undefined;
  }
  const keys = Object.keys(element);
  const digest = (element as JsonObject)['...'];
  if (keys.length !== 1 || typeof digest !== 'string') {
    stop(fail('malformed', 'an array element digest must be an object with only a string "..." member'));
  }
  return digest;
}

function lookUp(digest: unknown, context: Context): DecodedDisclosure | undefined {
  if (typeof digest !== 'string') stop(fail('malformed', 'a digest must be a string'));
  if (context.seen.has(digest)) stop(fail('disclosure_duplicate', 'a digest appears more than once'));
  context.seen.add(digest);
  return context.byDigest.get(digest);
}

/** Assigns an own property even for the name `__proto__`, which plain assignment would turn into a prototype change. */
function setOwn(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
