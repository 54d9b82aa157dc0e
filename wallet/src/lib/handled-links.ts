// The offers and requests this wallet has already acted on, so a link opened twice (the camera app asked again, the
// browser restored a tab) shows what came of it instead of acting again. Kept in localStorage as hashes of the one-time
// identifiers (an offer's pre-authorized code, a request's request_uri) with the local record they led to; no claim
// value and no usable code is stored.

export type HandledKind = 'offer' | 'request';

interface Entry {
  key: string;
  /** The card id (offers) or the local presentation record id (requests) the link led to. */
  target: string;
  at: number;
}

const STORAGE_KEY = 'sahih.handledLinks';
/** Enough for years of ordinary use; the oldest are dropped first. */
const MAX_ENTRIES = 200;

async function keyOf(kind: HandledKind, identifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${kind}\n${identifier}`)));
  return btoa(String.fromCharCode(...digest.subarray(0, 16))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function readAll(): Entry[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as Entry[]).filter((e) => typeof e?.key === 'string' && typeof e.target === 'string') : [];
  } catch {
    return [];
  }
}

/** Where an earlier visit of this link led, or undefined when the wallet has not acted on it. */
export async function handledTarget(kind: HandledKind, identifier: string): Promise<string | undefined> {
  const key = await keyOf(kind, identifier);
  return readAll().find((e) => e.key === key)?.target;
}

export async function rememberHandled(kind: HandledKind, identifier: string, target: string): Promise<void> {
  const key = await keyOf(kind, identifier);
  const entries = [...readAll().filter((e) => e.key !== key), { key, target, at: Date.now() }].slice(-MAX_ENTRIES);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(entries));
  } catch {
    // Storage full: the service still refuses a second redemption, with its own words.
  }
}
