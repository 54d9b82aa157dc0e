// Trust in issuers outside Sahih: a registered, active external issuer's keys (from its SD-JWT VC issuer metadata,
// cached in memory), the vct it may issue (registered external credential types), and the status of its credentials
// (its own Token Status List over HTTP). One instance per service, so caches are shared by every verification.
import type { PublicJwk } from '../../shared/crypto/types.js';
import type { IssuerKeyQuery } from '../../shared/sdjwt/verify.js';
import type { StatusChecker } from '../../shared/status/types.js';
import type { RegistryContext } from '../registry/context.js';
import type { ExternalIssuerRecord } from '../store/repos/external-issuers.js';
import { createExternalStatusChecker } from './external-status.js';
import { fetchIssuerKeys, type IssuerKey } from './issuer-metadata.js';
import { createKeyCache } from './key-cache.js';
import { createRemoteFetch, type RemoteFetch } from './remote-fetch.js';
import { keyFromX5c } from './x5c-chain.js';

export interface ExternalTrustConfig {
  /** Allow http://localhost issuers (tests, development). */
  allowLocal: boolean;
  /** Keys older than this are re-read. */
  keyRefreshSeconds: number;
  /** How old a status list may be when its issuer cannot be reached. */
  statusMaxStaleSeconds: number;
  fetchTimeoutMs: number;
}

export const defaultExternalTrustConfig: ExternalTrustConfig = { allowLocal: false, keyRefreshSeconds: 3600, statusMaxStaleSeconds: 3600, fetchTimeoutMs: 5000 };

/** Metadata, JWKS, type metadata and status lists are small; anything larger is refused. */
export const MAX_REMOTE_RESPONSE_BYTES = 512 * 1024;

export interface ExternalTrust {
  readonly config: ExternalTrustConfig;
  readonly fetch: RemoteFetch;
  /** The registered, active external issuer with this identifier. */
  activeIssuer(iss: string): Promise<ExternalIssuerRecord | undefined>;
  resolveIssuerKey(query: IssuerKeyQuery): Promise<PublicJwk | undefined>;
  /** The external credential type id of a vct the issuer is registered for, else undefined. */
  issuableType(iss: string, vct: string): Promise<string | undefined>;
  /** Status of credentials whose list is not one of Sahih's own. */
  statusChecker: StatusChecker;
  /** Reads the issuer's keys now (registration): rejects with IssuerMetadataError when they cannot be read. */
  refreshKeys(iss: string): Promise<IssuerKey[]>;
}

export function createExternalTrust(ctx: RegistryContext, config: ExternalTrustConfig = defaultExternalTrustConfig, fetch?: RemoteFetch): ExternalTrust {
  const remote = fetch ?? createRemoteFetch({ timeoutMs: config.fetchTimeoutMs, maxResponseBytes: MAX_REMOTE_RESPONSE_BYTES, allowLocal: config.allowLocal });
  const nowSeconds = () => Math.floor(ctx.now() / 1000);
  const keys = createKeyCache({ load: (iss) => fetchIssuerKeys(remote, iss, config.allowLocal), now: nowSeconds, refreshSeconds: config.keyRefreshSeconds, maxIssuers: 1000 });

  async function activeIssuer(iss: string) {
    const record = await ctx.store.externalIssuers.get(iss);
    return record?.status === 'active' ? record : undefined;
  }

  async function keyOf(iss: string, kid: string | undefined): Promise<PublicJwk | undefined> {
    const issuer = await activeIssuer(iss);
    if (!issuer || issuer.keySource !== 'metadata') return undefined;
    return (await keys.find(iss, kid))?.jwk;
  }

  /** An x5c issuer's key is its chain's leaf (checked against the anchors); a metadata issuer never sends x5c. */
  async function issuerKey(query: IssuerKeyQuery): Promise<PublicJwk | undefined> {
    const issuer = await activeIssuer(query.iss);
    if (!issuer) return undefined;
    if (issuer.keySource === 'x5c') {
      const anchors = (await ctx.store.trustAnchors.list()).map((a) => a.pem);
      return keyFromX5c({ x5c: query.header.x5c, anchors, issuer: query.iss, now: new Date(ctx.now()) });
    }
    if ('x5c' in query.header) return undefined;
    return keyOf(query.iss, query.kid);
  }

  return {
    config,
    fetch: remote,
    activeIssuer,
    resolveIssuerKey: issuerKey,
    async issuableType(iss, vct) {
      const type = await ctx.store.externalCredentialTypes.getByVct(vct);
      return type && type.issuers.includes(iss) ? type.id : undefined;
    },
    statusChecker: createExternalStatusChecker({
      fetch: remote,
      crypto: ctx.crypto,
      now: nowSeconds,
      maxStaleSeconds: config.statusMaxStaleSeconds,
      resolveKey: async ({ iss, kid }) => (iss === undefined ? undefined : keyOf(iss, kid)),
    }),
    refreshKeys: (iss) => keys.refresh(iss),
  };
}
