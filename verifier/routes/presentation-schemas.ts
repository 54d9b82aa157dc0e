// Zod schemas of the presentation and direct-verify routes (requests, responses, OpenAPI components).
import { z } from '@hono/zod-openapi';
import { verificationCodes } from '../../shared/verification/result.js';
import { clientIdPrefixes } from '../presentation/client-id.js';
import { AgencyRef, AgencyRefOut } from './agency-ref-schema.js';

export const ReceiptSchema = z
  .object({
    eventId: z.string(),
    leafIndex: z.number().int(),
    leafHash: z.string().openapi({ description: 'base64 RFC 9162 leaf hash' }),
    checkpoint: z.string().openapi({ description: 'Signed checkpoint (C2SP note) the proof is against' }),
    treeSize: z.number().int(),
    inclusionProof: z.array(z.string()).openapi({ description: 'base64 audit path, leaf side first' }),
  })
  .openapi('AccessReceipt');

export const PurposeCode = z.string().regex(/^[a-z0-9][a-z0-9_-]{1,62}$/, 'lowercase letters, digits, _ and -').openapi({ example: 'patient_registration' });

const PathComponent = z.union([z.string().min(1).max(100), z.number().int().min(0), z.null()]);

export const NewPresentationRequestSchema = z
  .object({
    purposeCode: PurposeCode,
    credentialType: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/).optional().openapi({ example: 'ktp-el', description: 'Credential type id (with claims); omit when sending dcqlQuery' }),
    claims: z
      .array(z.object({ path: z.array(PathComponent).min(1).max(5).openapi({ example: ['name'] }), required: z.boolean() }))
      .min(1)
      .max(30)
      .optional()
      .openapi({ description: "Default: every claim of this type the purpose registers, all required. Optional claims become DCQL claim_sets." }),
    dcqlQuery: z.record(z.string(), z.unknown()).optional().openapi({ description: 'An explicit DCQL query (OpenID4VP 1.0 §6) instead of credentialType + claims: one or more dc+sd-jwt credential queries with meta.vct_values and claims, optional claim_sets and credential_sets (required and optional sets, options as alternatives); multiple is not supported' }),
    retentionDays: z.number().int().min(0).max(36500).openapi({ description: "How long the agency keeps the data; at most the purpose's maximum" }),
    responseMode: z.enum(['poll', 'webhook']).openapi({ description: "How the agency gets the result: poll (GET, values on the first read) or webhook (once, signed, to the endpoint registered for the agency; webhook_not_registered without one)" }),
    clientIdPrefix: z
      .enum(clientIdPrefixes)
      .optional()
      .openapi({
        description:
          "The request's OpenID4VP client identifier: x509_san_dns (any conformant wallet; x5c chain from the operator's CA; the default when the operator holds one), x509_hash (the same chain, pinned to the agency's certificate) or sahih_registry (Sahih's registry URL; only Sahih's wallet resolves it)",
      }),
    responseEncryption: z
      .boolean()
      .optional()
      .openapi({ description: 'Ask for an encrypted answer: response_mode direct_post.jwt, ECDH-ES to a per-request key in client_metadata.jwks (OpenID4VP 1.0 §8.3, HAIP 1.0)' }),
    requireSignedConsent: z
      .boolean()
      .optional()
      .openapi({ description: "Insist on Sahih's holder-signed consent record: answers without one are refused with consent_record_required (standard wallets cannot answer). Default false (unless the purpose insists, see NewPurpose.requireSignedConsent): the service keeps a verifier-side receipt instead" }),
    returnUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional()
      .openapi({ description: "Same-device flows: the agency's page the wallet returns the citizen to after answering, with response_code appended (OpenID4VP 1.0 §8.2)" }),
    agencyRef: AgencyRef.optional(),
  })
  .openapi('NewPresentationRequest');

export const CreatedPresentationRequestSchema = z
  .object({
    requestId: z.string(),
    clientId: z.string().openapi({ description: 'OpenID4VP client_id: x509_san_dns:<host>, x509_hash:<hash> or the registry URL of the agency' }),
    requestUri: z.string(),
    authorizationRequestUri: z.string().openapi({ example: 'openid4vp://?client_id=...&request_uri=...' }),
    sameDeviceUrl: z.string(),
    qrSvg: z.string().openapi({ description: 'The authorization request URI as a QR code (SVG)' }),
    expiresAt: z.string(),
    dcqlQuery: z.record(z.string(), z.unknown()),
  })
  .openapi('CreatedPresentationRequest');

export const PresentationResultSchema = z
  .object({
    requestId: z.string(),
    status: z.enum(['pending', 'shared', 'declined', 'expired']),
    purposeCode: z.string(),
    expiresAt: z.string(),
    verdict: z.literal('valid').optional(),
    claims: z.record(z.string(), z.record(z.string(), z.unknown())).optional().openapi({ description: 'Disclosed values per credential query id: on the first successful read only' }),
    claimsReadAt: z.string().optional().openapi({ description: 'When the values were delivered (and deleted)' }),
    consentRecordId: z.string().optional(),
    consent: z
      .object({ kind: z.enum(['holder_signed', 'verifier_receipt']), receipt: z.record(z.string(), z.unknown()).optional().openapi({ description: 'verifier_receipt: the consent receipt the service built from the request (holderSigned: false)' }) })
      .optional()
      .openapi({ description: "The consent evidence held: the holder-signed record (Sahih's wallet) or a verifier-side receipt (a wallet that sent none)" }),
    responseCode: z.string().optional().openapi({ description: 'Same-device requests with a returnUrl: the response_code the wallet brings back to that URL' }),
    receipt: ReceiptSchema.optional(),
    agencyRef: AgencyRefOut.optional(),
  })
  .openapi('PresentationResult');

export const PresentationResponseFormSchema = z
  .object({
    vp_token: z.string().max(200_000).optional().openapi({ description: 'JSON object: credential query id -> [one SD-JWT VC presentation with KB-JWT]' }),
    state: z.string().max(200).optional(),
    error: z.string().max(100).optional().openapi({ description: 'access_denied when the citizen declines' }),
    error_description: z.string().max(1000).optional(),
    consent_record: z.string().max(50_000).optional().openapi({ description: 'Sahih extension: the consent record JWS signed by the holder key' }),
    holder_jwk: z.string().max(1000).optional().openapi({ description: 'Sahih extension, declines only: the public JWK that signed consent_record' }),
    response: z.string().max(300_000).optional().openapi({ description: 'response_mode direct_post.jwt: all the parameters above as one JWE (ECDH-ES to the key in the request\'s client_metadata.jwks)' }),
  })
  .openapi('PresentationResponseForm');

export const PresentationResponseAckSchema = z
  .object({
    status: z.enum(['shared', 'declined']),
    consentRecordId: z.string().optional(),
    receipt: ReceiptSchema.optional(),
    redirect_uri: z.string().optional().openapi({ description: "OpenID4VP 1.0 §8.2: the agency's return URL with response_code, for same-device requests that gave one" }),
  })
  .openapi('PresentationResponseAck');

export const DirectVerifyRequestSchema = z
  .object({
    presentation: z.string().min(1).max(200_000).openapi({ description: 'SD-JWT VC presentation with KB-JWT' }),
    nonce: z.string().min(1).max(500),
    audience: z.string().min(1).max(500),
    purposeCode: PurposeCode,
    agencyRef: AgencyRef.optional(),
  })
  .openapi('DirectVerifyRequest');

export const DirectVerifyVerdictSchema = z
  .object({
    valid: z.boolean(),
    code: z.enum(verificationCodes).optional().openapi({ description: "The credential core's stable verification code when valid is false" }),
    detail: z.string().optional(),
    claims: z.record(z.string(), z.unknown()).optional(),
    receipt: ReceiptSchema.optional(),
  })
  .openapi('DirectVerifyVerdict');
