// Credential offers (OpenID4VCI 1.0 §4.1, pre-authorized code grant): an agency hands the service the citizen's
// claims once; the service seals them under the KEK until the wallet redeems the offer, then forgets them.
//
// Where the claims live between offer and redemption: `credential_offers.claims_sealed`, AES-256-GCM under the KEK
// with the offer id as associated data. The column is set to NULL in the same transaction that issues the credential,
// or by purgeStaleOfferClaims once the offer expires, is cancelled (too many wrong tx_codes) or its access token lapses.
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { checkAgencyRef } from '../access/agency-ref.js';
import { AppError } from '../errors.js';
import { issues, requireActiveAgency } from '../registry/agencies.js';
import { issuerIdentifier, requireSealer, type RegistryContext } from '../registry/context.js';
import { requireCredentialType } from '../registry/credential-types.js';
import type { CredentialOfferRecord } from '../store/types.js';
import { checkOfferClaims } from './claims.js';
import { hashSecret, newSecret, newTxCode } from './secrets.js';

export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
export const TX_CODE_LENGTH = 6;
const DAY_MS = 24 * 3600 * 1000;

export interface CreateOfferInput {
  agencyId: string;
  credentialType: string;
  claims: Record<string, unknown>;
  /** How long the issued credential is valid (default: the type's default). */
  credentialValidDays?: number;
  /** How long the offer can be redeemed (default 24 h). */
  offerValidSeconds?: number;
  /** Require a numeric tx_code, returned here for the agency to send over a second channel. */
  txCode?: boolean;
  /** The agency's own case or customer number, kept with the offer and the credential (never a claim value). */
  agencyRef?: string | undefined;
}

export interface CredentialOfferJson {
  credential_issuer: string;
  credential_configuration_ids: string[];
  grants: Record<string, { 'pre-authorized_code': string; tx_code?: { input_mode: 'numeric'; length: number; description: string } }>;
}

export interface CreatedOffer {
  offerId: string;
  credentialOffer: CredentialOfferJson;
  credentialOfferUri: string;
  qrSvg: string;
  txCode: string | undefined;
  expiresAt: number;
  credentialExpiresAt: number;
}

export type OfferState = 'pending' | 'redeemed' | 'issued' | 'expired' | 'cancelled';

export function offerState(offer: CredentialOfferRecord, now: number): OfferState {
  if (offer.issuedAt !== null) return 'issued';
  if (offer.cancelledAt !== null) return 'cancelled';
  if (offer.redeemedAt !== null) return (offer.accessTokenExpiresAt ?? 0) > now ? 'redeemed' : 'expired';
  return offer.expiresAt > now ? 'pending' : 'expired';
}

export async function createOffer(ctx: RegistryContext, input: CreateOfferInput): Promise<CreatedOffer> {
  const sealer = requireSealer(ctx);
  const agency = await requireActiveAgency(ctx.store, input.agencyId);
  if (!issues(agency.role)) throw new AppError('agency_role_mismatch', { detail: `Agency ${agency.id} is not registered as an issuer.` });
  const type = await requireCredentialType(ctx, input.credentialType);
  const allowed = await ctx.store.agencies.allowedCredentialTypes(agency.id);
  if (!allowed.includes(type.id)) {
    throw new AppError('credential_type_not_allowed', { detail: `Agency ${agency.id} is not registered to issue ${type.id}.` });
  }
  checkOfferClaims(type, input.claims);
  checkAgencyRef(input.agencyRef, { field: '/body/agencyRef', claims: input.claims });

  const now = ctx.now();
  const id = randomUUID();
  const preAuthorizedCode = newSecret();
  const txCode = input.txCode ? newTxCode(TX_CODE_LENGTH) : undefined;
  const expiresAt = now + (input.offerValidSeconds ?? 24 * 3600) * 1000;
  const credentialExpiresAt = now + (input.credentialValidDays ?? type.defaultValidityDays) * DAY_MS;
  await ctx.store.credentialOffers.create({
    id,
    agencyId: agency.id,
    credentialTypeId: type.id,
    preAuthCodeHash: hashSecret(preAuthorizedCode),
    txCodeHash: txCode ? hashSecret(`${id}:${txCode}`) : null,
    txCodeAttempts: 0,
    claimsSealed: sealer.seal('offer-claims', `offer:${id}`, JSON.stringify(input.claims)),
    credentialExpiresAt,
    createdAt: now,
    expiresAt,
    cancelledAt: null,
    redeemedAt: null,
    accessTokenHash: null,
    accessTokenExpiresAt: null,
    issuedAt: null,
    agencyRef: input.agencyRef ?? null,
  });
  await purgeStaleOfferClaims(ctx);

  const grant: CredentialOfferJson['grants'][string] = { 'pre-authorized_code': preAuthorizedCode };
  if (txCode) {
    grant.tx_code = {
      input_mode: 'numeric',
      length: TX_CODE_LENGTH,
      description: `Masukkan kode ${TX_CODE_LENGTH} angka yang dikirim ${agency.legalName}. / Enter the ${TX_CODE_LENGTH}-digit code sent by ${agency.legalName}.`,
    };
  }
  const credentialOffer: CredentialOfferJson = {
    credential_issuer: issuerIdentifier(ctx.publicUrl, agency.id),
    credential_configuration_ids: [type.id],
    grants: { [PRE_AUTHORIZED_GRANT]: grant },
  };
  const credentialOfferUri = `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(credentialOffer))}`;
  const qrSvg = await QRCode.toString(credentialOfferUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { offerId: id, credentialOffer, credentialOfferUri, qrSvg, txCode, expiresAt, credentialExpiresAt };
}

export async function describeOffer(ctx: RegistryContext, agencyId: string, offerId: string) {
  const offer = await ctx.store.credentialOffers.get(agencyId, offerId);
  if (!offer) throw new AppError('not_found', { detail: `No offer ${offerId} for agency ${agencyId}.` });
  return {
    offerId: offer.id,
    credentialType: offer.credentialTypeId,
    state: offerState(offer, ctx.now()),
    createdAt: offer.createdAt,
    expiresAt: offer.expiresAt,
    issuedAt: offer.issuedAt,
    // The issued credential takes the offer's id: it is the handle for suspend / reinstate / revoke.
    credentialId: offer.issuedAt !== null ? offer.id : null,
    agencyRef: offer.agencyRef ?? null,
  };
}

/** Drops the sealed claims of offers that can no longer lead to a credential. Runs on a timer and on each new offer. */
export async function purgeStaleOfferClaims(ctx: Pick<RegistryContext, 'store' | 'now'>): Promise<number> {
  const now = ctx.now();
  await ctx.store.issuanceNonces.purgeExpired(now);
  return ctx.store.credentialOffers.purgeStaleClaims(now);
}
