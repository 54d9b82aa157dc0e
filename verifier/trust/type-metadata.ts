// SD-JWT VC type metadata (draft-ietf-oauth-sd-jwt-vc §6) of an external credential type, read from its vct URL (as
// Sahih serves its own at /vct/{typeId}): its names and the claims it declares, each by claims path (names, array
// indices, null for every element) with labels in Bahasa Indonesia and English. Both `lang` and the older `locale`
// are read. Deviation: `extends` is not followed; register the extending type's own claims.
import type { ExternalClaimDefinition, ExternalClaimPath } from '../store/repos/external-issuers.js';
import type { LocalizedText } from '../store/types.js';
import { fetchJsonObject, RemoteFetchError, type RemoteFetch } from './remote-fetch.js';

export class TypeMetadataError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'invalid',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TypeMetadataError';
  }
}

export interface ParsedTypeMetadata {
  display: { name: LocalizedText; description: LocalizedText };
  claims: ExternalClaimDefinition[];
  /** The document as read, for the record. */
  text: string;
}

export async function fetchTypeMetadata(fetch: RemoteFetch, vct: string): Promise<ParsedTypeMetadata> {
  let document: Record<string, unknown>;
  try {
    document = await fetchJsonObject(fetch, vct);
  } catch (cause) {
    throw new TypeMetadataError('unavailable', `the type metadata could not be read (${cause instanceof RemoteFetchError ? cause.message : 'error'})`, { cause });
  }
  return parseTypeMetadata(vct, document);
}

type Display = { lang?: unknown; locale?: unknown; name?: unknown; description?: unknown; label?: unknown }[];

export function parseTypeMetadata(vct: string, document: Record<string, unknown>): ParsedTypeMetadata {
  const invalid = (message: string) => new TypeMetadataError('invalid', message);
  if (document.vct !== undefined && document.vct !== vct) throw invalid('the type metadata names another vct');
  const display = Array.isArray(document.display) ? (document.display as Display) : [];
  const name = localized(display, 'name', typeof document.name === 'string' ? document.name : vct);
  const description = localized(display, 'description', typeof document.description === 'string' ? document.description : name.en);
  const rawClaims = document.claims ?? [];
  if (!Array.isArray(rawClaims) || rawClaims.length > 200) throw invalid('claims must be an array of at most 200 entries');
  const claims = rawClaims.map((raw, i): ExternalClaimDefinition => {
    if (typeof raw !== 'object' || raw === null) throw invalid(`claims[${i}] is not an object`);
    const entry = raw as { path?: unknown; display?: unknown; sd?: unknown };
    const path = claimPath(entry.path);
    if (!path) throw invalid(`claims[${i}].path must be a non-empty array of names, indices and null`);
    if (entry.sd !== undefined && entry.sd !== 'always' && entry.sd !== 'allowed' && entry.sd !== 'never') throw invalid(`claims[${i}].sd is not always, allowed or never`);
    const labels = Array.isArray(entry.display) ? (entry.display as Display) : [];
    const fallback = path.map((c) => (c === null ? '*' : String(c))).join('.');
    return { path, label: localized(labels, 'label', fallback), ...(entry.sd ? { sd: entry.sd as 'always' | 'allowed' | 'never' } : {}) };
  });
  return { display: { name, description }, claims, text: JSON.stringify(document) };
}

function claimPath(value: unknown): ExternalClaimPath | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > 10) return undefined;
  const ok = value.every((c) => c === null || (typeof c === 'string' && c.length > 0 && c.length <= 100) || (Number.isInteger(c) && (c as number) >= 0));
  return ok ? (value as ExternalClaimPath) : undefined;
}

/** The Bahasa Indonesia and English texts of a display array (`lang` or `locale`), falling back to English, then `fallback`. */
function localized(display: Display, member: 'name' | 'description' | 'label', fallback: string): LocalizedText {
  const text = (prefix: string) => {
    const hit = display.find((d) => {
      const tag = typeof d.lang === 'string' ? d.lang : typeof d.locale === 'string' ? d.locale : '';
      return tag.toLowerCase() === prefix || tag.toLowerCase().startsWith(`${prefix}-`);
    });
    const value = hit?.[member];
    return typeof value === 'string' && value.length > 0 ? value.slice(0, 1000) : undefined;
  };
  const en = text('en') ?? fallback.slice(0, 1000);
  return { id: text('id') ?? en, en };
}
