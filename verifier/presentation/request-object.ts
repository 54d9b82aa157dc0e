// The signed request object (JAR, RFC 9101; OpenID4VP 1.0 §5) the wallet fetches by request_uri: signed with the
// agency's current ES256 key (kid in the header, verifiable with GET /.well-known/jwt-vc-issuer/... or the registry
// keys), carrying the DCQL query, nonce, state, and `sahih_purpose` — what the consent screen shows.
import { signCompactJws } from '../../shared/jose/jws.js';
import { AppError } from '../errors.js';
import { agencySigner } from '../registry/agency-keys.js';
import { requireActiveAgency } from '../registry/agencies.js';
import type { RegistryContext } from '../registry/context.js';
import { REQUEST_OBJECT_AUDIENCE, responseUriOf } from './client-id.js';
import { clientOfRequest, x5cForSigning } from './request-client.js';
import { RESPONSE_ENC_VALUES, responsePublicJwk } from './response-encryption.js';
import { requireLiveRequest, requirePurpose } from './requests.js';

export const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';

export async function signedRequestObject(ctx: RegistryContext, requestId: string): Promise<string> {
  const request = await requireLiveRequest(ctx, requestId);
  if (request.status !== 'pending') throw new AppError('presentation_replayed', { detail: 'This presentation request has already been answered.' });
  const agency = await requireActiveAgency(ctx.store, request.agencyId);
  const purpose = await requirePurpose(ctx, agency.id, request.purposeCode);
  const { signer, kid } = await agencySigner(ctx, ctx.store, agency.id);
  const client = await clientOfRequest(ctx, request);
  const { clientId, requireSignedConsent } = client;
  const encrypted = client.responseKeySealed !== null;
  // x509 client identifiers: the chain from the operator's CA certifies this very key (OpenID4VP 1.0 §5.9.3).
  const x5c = await x5cForSigning(ctx, agency.id, kid, clientId);
  // The notice text's hash the consent record should pin (issue 21); absent while the agency published no text.
  const noticeSha256 = (await ctx.store.consentReview.currentNotice(agency.id))?.sha256;
  const payload = {
    iss: clientId,
    client_id: clientId,
    aud: REQUEST_OBJECT_AUDIENCE,
    response_type: 'vp_token',
    response_mode: encrypted ? 'direct_post.jwt' : 'direct_post',
    response_uri: responseUriOf(ctx.publicUrl, request.id),
    nonce: request.nonce,
    state: request.state,
    dcql_query: JSON.parse(request.dcql) as Record<string, unknown>,
    client_metadata: {
      // direct_post.jwt: the key to encrypt the answer to, and the content encryptions accepted (OpenID4VP 1.0 §8.3).
      ...(encrypted ? { jwks: { keys: [responsePublicJwk(ctx, client)] }, encrypted_response_enc_values_supported: [...RESPONSE_ENC_VALUES] } : {}),
      vp_formats_supported: { 'dc+sd-jwt': { 'sd-jwt_alg_values': ['ES256'], 'kb-jwt_alg_values': ['ES256'] } },
    },
    iat: Math.floor(request.createdAt / 1000),
    exp: Math.floor(request.expiresAt / 1000),
    // Sahih extension (OpenID4VP allows extra request parameters; wallets that do not know it ignore it): everything
    // the consent screen and the consent record need, signed by the agency together with the query it explains.
    // Sahih extension: whether an answer without the holder-signed consent_record is refused (consent_record_required).
    sahih_consent_record: requireSignedConsent ? 'required' : 'optional',
    sahih_purpose: {
      code: purpose.code,
      description: purpose.description,
      legalBasis: purpose.legalBasis,
      retentionDays: request.retentionDays,
      recipients: [{ id: agency.id, name: agency.legalName }],
      controller: { id: agency.id, name: agency.legalName, contact: agency.contact, dpoContact: agency.dpoContact, privacyNoticeUrl: agency.privacyNoticeUrl, ...(noticeSha256 ? { privacyNoticeSha256: noticeSha256 } : {}) },
    },
  };
  return signCompactJws({ typ: REQUEST_OBJECT_TYP, ...(x5c ? { x5c } : {}) }, payload, signer);
}
