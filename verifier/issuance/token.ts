// The token endpoint's logic (OpenID4VCI 1.0 §6, pre-authorized code grant): exchange a single-use pre-authorized
// code (and tx_code, when the offer has one) for a short-lived access token, itself good for one credential.
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';
import type { RegistryContext } from '../registry/context.js';
import { PRE_AUTHORIZED_GRANT } from './offers.js';
import { hashSecret, newSecret } from './secrets.js';

export const MAX_TX_CODE_ATTEMPTS = 5;
export const ACCESS_TOKEN_TTL_SECONDS = 300;

export interface TokenRequest {
  agencyId: string;
  grantType: string;
  preAuthorizedCode: string | undefined;
  txCode: string | undefined;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'base64url');
  const y = Buffer.from(b, 'base64url');
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function exchangePreAuthorizedCode(ctx: RegistryContext, request: TokenRequest): Promise<TokenResponse> {
  if (request.grantType !== PRE_AUTHORIZED_GRANT) {
    throw new AppError('unsupported_grant_type', { detail: `Only ${PRE_AUTHORIZED_GRANT} is supported.` });
  }
  if (!request.preAuthorizedCode) throw new AppError('invalid_request', { detail: 'pre-authorized_code is required.' });
  const now = ctx.now();
  const offer = await ctx.store.credentialOffers.byPreAuthCodeHash(hashSecret(request.preAuthorizedCode));
  if (!offer || offer.agencyId !== request.agencyId) {
    throw new AppError('invalid_pre_authorized_code', { detail: 'The pre-authorized code is unknown to this issuer.' });
  }
  if (offer.redeemedAt !== null) throw new AppError('offer_already_redeemed', { detail: 'This offer has already been used.' });
  if (offer.cancelledAt !== null) throw new AppError('tx_code_attempts_exceeded', { detail: 'The offer was cancelled after too many wrong codes.' });
  if (offer.expiresAt <= now) throw new AppError('offer_expired', { detail: 'The offer has expired; ask the agency for a new one.' });
  if (offer.txCodeHash !== null) {
    if (!request.txCode) throw new AppError('tx_code_required', { detail: 'This offer needs the tx_code sent by the agency.' });
    if (!sameHash(offer.txCodeHash, hashSecret(`${offer.id}:${request.txCode}`))) {
      const attempts = await ctx.store.credentialOffers.recordFailedTxCode(offer.id, MAX_TX_CODE_ATTEMPTS, now);
      if (attempts === 0 || attempts >= MAX_TX_CODE_ATTEMPTS) {
        throw new AppError('tx_code_attempts_exceeded', { detail: 'Too many wrong codes; the offer is cancelled.' });
      }
      throw new AppError('tx_code_invalid', { detail: `Wrong tx_code; ${MAX_TX_CODE_ATTEMPTS - attempts} attempt(s) left.` });
    }
  } else if (request.txCode !== undefined) {
    throw new AppError('tx_code_required', { detail: 'This offer has no tx_code; do not send one.' });
  }
  const accessToken = newSecret();
  const redeemed = await ctx.store.credentialOffers.redeem(offer.id, hashSecret(accessToken), now + ACCESS_TOKEN_TTL_SECONDS * 1000, now);
  // Lost a race with another redemption of the same code (or expired/cancelled in between).
  if (!redeemed) throw new AppError('offer_already_redeemed', { detail: 'This offer has already been used.' });
  return { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS };
}
