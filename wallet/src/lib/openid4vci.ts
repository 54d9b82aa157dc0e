// The wallet side of OpenID4VCI 1.0 with the pre-authorized code grant: read the offer, the issuer's metadata, get an
// access token (with the tx_code when asked for), a fresh c_nonce, prove possession of a new holder key, receive.
import { generateEs256KeyPair, webCryptoSigner } from '../../../shared/crypto/webcrypto.js';
import { signCompactJws } from '../../../shared/jose/jws.js';
import { api, ApiError } from './api.js';
import { fetchIssuerMetadata, fetchTokenEndpoint, type IssuerMetadata } from './issuer-metadata.js';

export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

export interface TxCodeSpec {
  input_mode?: 'numeric' | 'text';
  length?: number;
  description?: string;
}

export interface CredentialOffer {
  credential_issuer: string;
  credential_configuration_ids: string[];
  grants?: Record<string, { 'pre-authorized_code'?: string; tx_code?: TxCodeSpec }>;
}

export interface ResolvedOffer {
  offer: CredentialOffer;
  metadata: IssuerMetadata;
  preAuthorizedCode: string;
  txCode: TxCodeSpec | undefined;
}

function isOffer(value: unknown): value is CredentialOffer {
  const o = value as CredentialOffer | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.credential_issuer === 'string' &&
    Array.isArray(o.credential_configuration_ids) &&
    o.credential_configuration_ids.length > 0
  );
}

/**
 * Accepts what a citizen may have: an `openid-credential-offer://?credential_offer=…` or `…credential_offer_uri=…`
 * link, a wallet link carrying the same query parameters, or the offer JSON itself.
 */
export async function readOffer(input: string): Promise<CredentialOffer> {
  const text = input.trim();
  let candidate: unknown;
  if (text.startsWith('{')) {
    candidate = JSON.parse(text);
  } else {
    let params: URLSearchParams;
    try {
      params = new URL(text).searchParams;
    } catch {
      throw new ApiError('offer_invalid', 0);
    }
    const inline = params.get('credential_offer');
    const byReference = params.get('credential_offer_uri');
    if (inline) {
      try {
        candidate = JSON.parse(inline);
      } catch {
        throw new ApiError('offer_invalid', 0);
      }
    } else if (byReference) {
      candidate = await api<unknown>(byReference);
    } else {
      throw new ApiError('offer_invalid', 0);
    }
  }
  if (!isOffer(candidate)) throw new ApiError('offer_invalid', 0);
  return candidate;
}

export async function resolveOffer(offer: CredentialOffer): Promise<ResolvedOffer> {
  const grant = offer.grants?.[PRE_AUTHORIZED_GRANT];
  const code = grant?.['pre-authorized_code'];
  if (!code) throw new ApiError('offer_unsupported_grant', 0);
  const metadata = await fetchIssuerMetadata(offer.credential_issuer);
  for (const id of offer.credential_configuration_ids) {
    const config = metadata.credential_configurations_supported?.[id];
    if (!config || config.format !== 'dc+sd-jwt') throw new ApiError('offer_unsupported_format', 0);
  }
  return { offer, metadata, preAuthorizedCode: code, txCode: grant.tx_code };
}

export interface ReceivedCredential {
  configurationId: string;
  credential: string;
  holderKey: { privateKey: CryptoKey; publicJwk: Awaited<ReturnType<typeof generateEs256KeyPair>>['publicJwk'] };
}

async function freshNonce(metadata: IssuerMetadata, fallback: string | undefined): Promise<string | undefined> {
  if (!metadata.nonce_endpoint) return fallback;
  const body = await api<{ c_nonce?: string }>(metadata.nonce_endpoint, { method: 'POST' });
  return body.c_nonce;
}

/** Redeems the offer: one new non-extractable holder key per credential, so two credentials cannot be linked by key. */
export async function redeemOffer(resolved: ResolvedOffer, txCode: string | undefined): Promise<ReceivedCredential[]> {
  const { metadata, offer } = resolved;
  const tokenEndpoint = await fetchTokenEndpoint(metadata);
  const form: Record<string, string> = { grant_type: PRE_AUTHORIZED_GRANT, 'pre-authorized_code': resolved.preAuthorizedCode };
  if (resolved.txCode && txCode !== undefined) form.tx_code = txCode;
  const token = await api<{ access_token: string; token_type?: string; c_nonce?: string }>(tokenEndpoint, { method: 'POST', form });
  const received: ReceivedCredential[] = [];
  let nonceFallback = token.c_nonce;
  for (const configurationId of offer.credential_configuration_ids) {
    const holderKey = await generateEs256KeyPair({ extractable: false });
    const signer = webCryptoSigner(holderKey.privateKey);
    const request = async () => {
      const nonce = await freshNonce(metadata, nonceFallback);
      const proof = await signCompactJws(
        { typ: 'openid4vci-proof+jwt', jwk: holderKey.publicJwk },
        { aud: offer.credential_issuer, iat: Math.floor(Date.now() / 1000), ...(nonce ? { nonce } : {}) },
        signer,
      );
      return api<{ credentials?: { credential: string }[]; credential?: string; c_nonce?: string }>(metadata.credential_endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.access_token}` },
        body: { credential_configuration_id: configurationId, proofs: { jwt: [proof] } },
      });
    };
    let body;
    try {
      body = await request();
    } catch (error) {
      // A nonce can lapse between fetching and using it: one retry with a fresh one (§8.3.1.2 invalid_nonce).
      if (!(error instanceof ApiError && error.code === 'invalid_nonce')) throw error;
      body = await request();
    }
    nonceFallback = body.c_nonce ?? nonceFallback;
    const credential = body.credentials?.[0]?.credential ?? body.credential;
    if (typeof credential !== 'string') throw new ApiError('credential_deferred_unsupported', 0);
    received.push({ configurationId, credential, holderKey });
  }
  return received;
}
