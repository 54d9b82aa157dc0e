// Turns a held credential into what the citizen reads: names from the issuer's metadata in the chosen language,
// every claim labelled from the type metadata, values formatted for the locale.
import type { JsonObject } from '../../../shared/jose/jws.js';
import { formatDate, formatNumber, locale, t } from '../i18n/index.js';
import type { CredentialView, StatusState } from '../state/wallet.js';
import { displayFor, type ClaimMetadata } from './issuer-metadata.js';

/** Technical claims the card shows elsewhere (validity, status) or never (keys, digests). */
const HIDDEN = new Set(['iss', 'iat', 'nbf', 'exp', 'cnf', 'vct', 'vct#integrity', 'status', 'sub', '_sd', '_sd_alg']);
const HOLDER_NAME_CLAIMS = ['nama_lengkap', 'nama', 'full_name', 'name'];

export function credentialName(view: CredentialView): string {
  return displayFor(view.credentialDisplay, locale.value)?.name ?? view.configurationId;
}

export function issuerName(view: CredentialView): string {
  return displayFor(view.issuerDisplay, locale.value)?.name ?? new URL(view.issuer).host;
}

export function holderName(view: CredentialView): string | undefined {
  for (const key of HOLDER_NAME_CLAIMS) if (typeof view.claims[key] === 'string') return view.claims[key];
  const given = view.claims.given_name;
  const family = view.claims.family_name;
  if (typeof given === 'string' || typeof family === 'string') return [given, family].filter((v) => typeof v === 'string').join(' ');
  return undefined;
}

/** What the badge shows: the issuer's status, or "expired" when the validity has passed. */
export function effectiveStatus(view: CredentialView, now = Date.now()): StatusState | 'expired' {
  if (view.status.state === 'revoked' || view.status.state === 'suspended') return view.status.state;
  if (view.expiresAt !== undefined && view.expiresAt <= now) return 'expired';
  return view.status.state;
}

function samePath(a: ClaimMetadata['path'], b: (string | number)[]): boolean {
  return a.length === b.length && a.every((p, i) => p === null || p === b[i]);
}

/** A claim's label from the type metadata in the chosen language, else its name made readable. */
export function labelFor(meta: ClaimMetadata[], path: (string | number)[]): string {
  const entry = meta.find((m) => samePath(m.path, path));
  const name = displayFor(entry?.display, locale.value)?.name ?? (entry?.display?.[0] as { label?: string } | undefined)?.label;
  if (name) return name;
  const last = String(path[path.length - 1]);
  return last.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function formatValue(value: unknown): string {
  if (typeof value === 'boolean') return t(value ? 'detail.yes' : 'detail.no');
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') {
    if (ISO_DATE.test(value)) {
      const [y, m, d] = value.split('-').map(Number);
      return formatDate(Date.UTC(y!, m! - 1, d!), { dateStyle: 'long', timeZone: 'UTC' });
    }
    return value;
  }
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  return JSON.stringify(value);
}

export interface ClaimRow {
  path: (string | number)[];
  label: string;
  value: string;
  depth: number;
}

/** Every claim in issuer order, nested objects as indented rows under their parent's label. */
export function claimRows(view: CredentialView): ClaimRow[] {
  const rows: ClaimRow[] = [];
  // Disclosures arrive in random order; show claims in the order the type metadata lists them, unknown ones last.
  const rank = (path: (string | number)[]) => {
    const i = view.claimsMeta.findIndex((m) => samePath(m.path, path));
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  const walk = (obj: JsonObject, prefix: (string | number)[]) => {
    const entries = Object.entries(obj).sort(([a], [b]) => rank([...prefix, a]) - rank([...prefix, b]));
    for (const [key, value] of entries) {
      if (prefix.length === 0 && HIDDEN.has(key)) continue;
      const path = [...prefix, key];
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        rows.push({ path, label: labelFor(view.claimsMeta, path), value: '', depth: prefix.length });
        walk(value as JsonObject, path);
      } else {
        rows.push({ path, label: labelFor(view.claimsMeta, path), value: formatValue(value), depth: prefix.length });
      }
    }
  };
  walk(view.claims, []);
  return rows;
}
