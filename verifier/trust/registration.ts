// The operator registers issuers outside Sahih and their credential types: an issuer by its issuer identifier (its
// keys are read from its SD-JWT VC issuer metadata at once, so a typo fails here, not at the first verification),
// a type by its vct (its type metadata read from the vct URL), naming the registered issuers that may issue it.
import { createHash } from 'node:crypto';
import { AppError } from '../errors.js';
import { issuerIdentifier, type RegistryContext } from '../registry/context.js';
import type { ExternalCredentialTypeRecord, ExternalIssuerRecord, ExternalKeySource, TrustAnchorRecord } from '../store/repos/external-issuers.js';
import type { ExternalTrust } from './external-trust.js';
import { isIssuerIdentifier } from './issuer-metadata.js';
import { isFetchableUrl } from './remote-fetch.js';
import { fetchTypeMetadata, TypeMetadataError } from './type-metadata.js';
import { parseAnchor } from './x5c-chain.js';

export interface ExternalIssuerView extends ExternalIssuerRecord {
  /** The key ids read from the issuer's metadata at registration. */
  kids: (string | null)[];
}

export async function registerExternalIssuer(
  ctx: RegistryContext,
  trust: ExternalTrust,
  input: { issuer: string; name: string; keySource?: ExternalKeySource | undefined },
): Promise<ExternalIssuerView> {
  if (!isIssuerIdentifier(input.issuer, trust.config.allowLocal) || input.issuer.startsWith(issuerIdentifier(ctx.publicUrl, ''))) {
    throw new AppError('invalid_issuer_identifier', {
      detail: 'The issuer identifier must be an https URL without query or fragment, and not one of the issuers Sahih hosts.',
      fieldErrors: [{ path: '/body/issuer', message: 'an https URL' }],
    });
  }
  const keySource = input.keySource ?? 'metadata';
  let keys: { kid: string | undefined }[] = [];
  // An x5c issuer publishes no keys: each credential brings its chain, checked against the trust anchors.
  if (keySource === 'metadata') {
    try {
      keys = await trust.refreshKeys(input.issuer);
    } catch (cause) {
      throw new AppError('issuer_metadata_unavailable', { detail: `No keys could be read for ${input.issuer}: ${cause instanceof Error ? cause.message : 'error'}.`, cause });
    }
  }
  const now = ctx.now();
  const record: ExternalIssuerRecord = { issuer: input.issuer, name: input.name, keySource, status: 'active', createdAt: now, updatedAt: now };
  if (!(await ctx.store.externalIssuers.create(record))) throw new AppError('conflict', { detail: `${input.issuer} is already registered.` });
  return { ...record, kids: keys.map((k) => k.kid ?? null) };
}

export async function setExternalIssuerStatus(ctx: RegistryContext, issuer: string, status: ExternalIssuerRecord['status']): Promise<ExternalIssuerRecord> {
  if (!(await ctx.store.externalIssuers.setStatus(issuer, status, ctx.now()))) throw new AppError('not_found', { detail: `No external issuer ${issuer}.` });
  return (await ctx.store.externalIssuers.get(issuer))!;
}

export interface NewExternalType {
  id: string;
  vct: string;
  issuers: string[];
}

export async function registerExternalType(ctx: RegistryContext, trust: ExternalTrust, input: NewExternalType): Promise<ExternalCredentialTypeRecord> {
  if (!isFetchableUrl(input.vct, trust.config.allowLocal)) {
    throw new AppError('invalid_request', { detail: 'The vct must be an https URL where its type metadata is served.', fieldErrors: [{ path: '/body/vct', message: 'an https URL' }] });
  }
  if (await ctx.store.credentialTypes.get(input.id)) throw new AppError('conflict', { detail: `${input.id} is the id of a credential type Sahih defines.` });
  for (const [i, issuer] of input.issuers.entries()) {
    if (!(await ctx.store.externalIssuers.get(issuer))) {
      throw new AppError('invalid_request', { detail: `${issuer} is not a registered external issuer.`, fieldErrors: [{ path: `/body/issuers/${i}`, message: 'not a registered external issuer' }] });
    }
  }
  let metadata;
  try {
    metadata = await fetchTypeMetadata(trust.fetch, input.vct);
  } catch (error) {
    if (!(error instanceof TypeMetadataError)) throw error;
    throw new AppError(error.kind === 'invalid' ? 'invalid_type_metadata' : 'type_metadata_unavailable', { detail: `Type metadata of ${input.vct}: ${error.message}.`, cause: error });
  }
  const record: ExternalCredentialTypeRecord = {
    id: input.id,
    vct: input.vct,
    issuers: [...new Set(input.issuers)],
    display: metadata.display,
    claims: metadata.claims,
    metadata: metadata.text,
    createdAt: ctx.now(),
  };
  if (!(await ctx.store.externalCredentialTypes.create(record))) throw new AppError('conflict', { detail: `A credential type ${input.id} or vct ${input.vct} is already registered.` });
  return record;
}

/** Adds a CA certificate (PEM) whose chains the operator accepts from x5c issuers; invalid_certificate otherwise. */
export async function addTrustAnchor(ctx: RegistryContext, pem: string): Promise<TrustAnchorRecord> {
  const cert = parseAnchor(pem);
  if (!cert || cert.notAfter.getTime() <= ctx.now()) {
    throw new AppError('invalid_certificate', { detail: 'Send one PEM X.509 CA certificate (basicConstraints CA) that has not expired.', fieldErrors: [{ path: '/body/certificate', message: 'a CA certificate' }] });
  }
  const der = Buffer.from(cert.rawData);
  const record: TrustAnchorRecord = {
    id: createHash('sha256').update(der).digest('base64url'),
    pem: cert.toString('pem'),
    subject: cert.subject,
    notAfter: cert.notAfter.getTime(),
    createdAt: ctx.now(),
  };
  if (!(await ctx.store.trustAnchors.add(record))) throw new AppError('conflict', { detail: 'This certificate is already a trust anchor.' });
  return record;
}
