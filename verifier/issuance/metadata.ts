// Public metadata per issuing agency: OpenID4VCI credential issuer metadata (§12.2), OAuth authorization server
// metadata (RFC 8414) for the token endpoint, JWT VC issuer metadata with the JWKS, and SD-JWT VC type metadata.
import { AppError } from '../errors.js';
import { publishedAgencyKeys } from '../registry/agency-keys.js';
import { issues } from '../registry/agencies.js';
import { issuerIdentifier, vctOf, type RegistryContext } from '../registry/context.js';
import { requireCredentialType } from '../registry/credential-types.js';
import type { AgencyRecord, CredentialTypeRecord, LocalizedText } from '../store/types.js';
import { PRE_AUTHORIZED_GRANT } from './offers.js';
import { PROOF_TYP } from './proof.js';

const LOCALES = [
  ['id', 'id-ID'],
  ['en', 'en-US'],
] as const;

const localized = (text: LocalizedText, key: string) => LOCALES.map(([k, locale]) => ({ [key]: text[k], locale }));

async function requireIssuer(ctx: RegistryContext, agencyId: string): Promise<AgencyRecord> {
  const agency = await ctx.store.agencies.get(agencyId);
  if (!agency || !issues(agency.role)) throw new AppError('not_found', { detail: `No credential issuer ${agencyId}.` });
  return agency;
}

function claimsMetadata(type: CredentialTypeRecord) {
  return type.claims.flatMap((c) => [
    { path: [c.name], mandatory: c.mandatory || c.derived !== undefined, display: localized(c.label, 'name') },
    ...(c.members ?? []).map((m) => ({ path: [c.name, m.name], display: localized(m.label, 'name') })),
  ]);
}

export async function credentialIssuerMetadata(ctx: RegistryContext, agencyId: string) {
  const agency = await requireIssuer(ctx, agencyId);
  const issuer = issuerIdentifier(ctx.publicUrl, agency.id);
  const configurations: Record<string, unknown> = {};
  for (const typeId of await ctx.store.agencies.allowedCredentialTypes(agency.id)) {
    const type = await requireCredentialType(ctx, typeId);
    configurations[type.id] = {
      format: 'dc+sd-jwt',
      vct: vctOf(ctx.publicUrl, type.id),
      cryptographic_binding_methods_supported: ['jwk'],
      credential_signing_alg_values_supported: ['ES256'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
      credential_metadata: {
        display: LOCALES.map(([k, locale]) => ({ name: type.display.name[k], description: type.display.description[k], locale })),
        claims: claimsMetadata(type),
      },
    };
  }
  return {
    credential_issuer: issuer,
    credential_endpoint: `${issuer}/credential`,
    nonce_endpoint: `${issuer}/nonce`,
    display: LOCALES.map(([, locale]) => ({ name: agency.legalName, locale })),
    credential_configurations_supported: configurations,
  };
}

export async function authorizationServerMetadata(ctx: RegistryContext, agencyId: string) {
  const agency = await requireIssuer(ctx, agencyId);
  const issuer = issuerIdentifier(ctx.publicUrl, agency.id);
  return {
    issuer,
    token_endpoint: `${issuer}/token`,
    grant_types_supported: [PRE_AUTHORIZED_GRANT],
    'pre-authorized_grant_anonymous_access_supported': true,
    response_types_supported: [],
  };
}

export async function jwtVcIssuerMetadata(ctx: RegistryContext, agencyId: string) {
  const agency = await ctx.store.agencies.get(agencyId);
  if (!agency) throw new AppError('not_found', { detail: `No agency ${agencyId}.` });
  return { issuer: issuerIdentifier(ctx.publicUrl, agency.id), jwks: { keys: await publishedAgencyKeys(ctx.store, agency.id, ctx.now()) } };
}

export async function typeMetadata(ctx: RegistryContext, typeId: string) {
  const type = await ctx.store.credentialTypes.get(typeId);
  if (!type) throw new AppError('not_found', { detail: `No credential type ${typeId}.` });
  return {
    vct: vctOf(ctx.publicUrl, type.id),
    name: type.display.name.en,
    description: type.display.description.en,
    display: LOCALES.map(([k, locale]) => ({ locale, name: type.display.name[k], description: type.display.description[k] })),
    claims: type.claims.flatMap((c) => [
      { path: [c.name], display: localized(c.label, 'label'), sd: c.sd === false ? 'never' : 'always', mandatory: c.mandatory },
      ...(c.members ?? []).map((m) => ({ path: [c.name, m.name], display: localized(m.label, 'label'), sd: 'always' })),
    ]),
  };
}

export { PROOF_TYP };
