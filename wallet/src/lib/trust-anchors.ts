// The operator's X.509 trust anchors (GET /v1/registry/trust-anchors), kept in localStorage so that a request signed
// under an x509 client identifier can still be checked offline with the last copy seen.
import { api } from './api.js';

const STORAGE_KEY = 'sahih.trust-anchors';
/** How long a fetched copy is used without asking again (the service caches them five minutes). */
const FRESH_MS = 5 * 60 * 1000;

interface Stored {
  fetchedAt: number;
  certificates: string[];
}

function stored(): Stored | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Stored | null;
    return value && Array.isArray(value.certificates) && typeof value.fetchedAt === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The anchors' base64 DER certificates: fresh from the service, else the last stored copy, else none. */
export async function trustAnchors(now = Date.now()): Promise<string[]> {
  const cached = stored();
  if (cached && now - cached.fetchedAt < FRESH_MS) return cached.certificates;
  try {
    const { trustAnchors: anchors } = await api<{ trustAnchors: { certificate: string }[] }>('/v1/registry/trust-anchors');
    const certificates = anchors.map((a) => a.certificate).filter((c) => typeof c === 'string');
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ fetchedAt: now, certificates } satisfies Stored));
    return certificates;
  } catch (error) {
    if (cached) return cached.certificates;
    throw error;
  }
}
