// Trust decisions for presentations: the issuer key comes from the trust registry (a registered, active issuing
// agency's published keys), and credential status is read from our own status lists in-process (no HTTP to ourselves).
// Issuers outside Sahih (trust/external-trust.ts) answer for every other issuer identifier and status list URI.
import type { PublicJwk } from '../../shared/crypto/types.js';
import type { IssuerKeyQuery } from '../../shared/sdjwt/verify.js';
import { createStatusChecker } from '../../shared/status/checker.js';
import type { StatusChecker } from '../../shared/status/types.js';
import { issues } from '../registry/agencies.js';
import { publishedAgencyKeys } from '../registry/agency-keys.js';
import { issuerIdentifier, vctOf, type RegistryContext } from '../registry/context.js';
import { statusListToken, statusListUri } from '../status/status-lists.js';
import type { ExternalTrust } from '../trust/external-trust.js';

export interface CredentialTrust {
  resolveIssuerKey(query: IssuerKeyQuery): Promise<PublicJwk | undefined>;
  /** The agency id behind a registered, active issuer identifier, else undefined. */
  issuingAgency(iss: string): Promise<string | undefined>;
  /** The credential type id of a vct this service defines and the issuer may issue, else undefined. */
  issuableType(agencyId: string, vct: string): Promise<string | undefined>;
  statusChecker: StatusChecker;
  /** Registered external issuers (absent: only hosted issuers are trusted). */
  external: ExternalTrust | undefined;
}

export function createCredentialTrust(ctx: RegistryContext, external?: ExternalTrust): CredentialTrust {
  const issuerPrefix = issuerIdentifier(ctx.publicUrl, '');
  const vctPrefix = vctOf(ctx.publicUrl, '');
  const statusPrefix = statusListUri(ctx.publicUrl, '');
  const nowSeconds = () => Math.floor(ctx.now() / 1000);

  async function issuingAgency(iss: string): Promise<string | undefined> {
    if (!iss.startsWith(issuerPrefix)) return undefined;
    const agency = await ctx.store.agencies.get(iss.slice(issuerPrefix.length));
    return agency && agency.status === 'active' && issues(agency.role) ? agency.id : undefined;
  }

  async function keyOf(agencyId: string, kid: string | undefined): Promise<PublicJwk | undefined> {
    if (kid === undefined) return undefined;
    return (await publishedAgencyKeys(ctx.store, agencyId, ctx.now())).find((k) => k.kid === kid);
  }

  // The checker caches a verified list until its ttl; the token text is read on every check (through the store's
  // registry cache, which any change to the row invalidates) and the cache dropped when it changed, so a revocation
  // is seen at once.
  const seen = new Map<string, string>();
  const inner = createStatusChecker({
    crypto: ctx.crypto,
    now: nowSeconds,
    fetch: async (uri) => {
      const token = seen.get(uri);
      if (token === undefined) throw new Error('status list not loaded');
      return token;
    },
    resolveKey: async ({ iss, kid }) => {
      const agencyId = iss === undefined ? undefined : await issuingAgency(iss);
      return agencyId === undefined ? undefined : keyOf(agencyId, kid);
    },
  });
  const statusChecker: StatusChecker = {
    async check(reference) {
      if (!reference.uri.startsWith(statusPrefix)) {
        if (external) return external.statusChecker.check(reference);
        return { ok: false, code: 'status_unavailable', detail: 'the status list is not one this service publishes' };
      }
      let token: string;
      try {
        token = (await statusListToken(ctx, reference.uri.slice(statusPrefix.length))).token;
      } catch {
        return { ok: false, code: 'status_unavailable', detail: 'the status list could not be read' };
      }
      if (seen.get(reference.uri) !== token) {
        inner.clear();
        seen.set(reference.uri, token);
      }
      return inner.check(reference);
    },
  };

  return {
    async resolveIssuerKey(query) {
      const { iss, kid } = query;
      if (external && !iss.startsWith(issuerPrefix)) return external.resolveIssuerKey(query);
      // Hosted issuers never sign with x5c: its presence is an attempt to bring a key of one's own.
      if ('x5c' in query.header) return undefined;
      const agencyId = await issuingAgency(iss);
      return agencyId === undefined ? undefined : keyOf(agencyId, kid);
    },
    issuingAgency,
    async issuableType(agencyId, vct) {
      if (!vct.startsWith(vctPrefix)) return undefined;
      const typeId = vct.slice(vctPrefix.length);
      return (await ctx.store.agencies.allowedCredentialTypes(agencyId)).includes(typeId) ? typeId : undefined;
    },
    statusChecker,
    external,
  };
}
