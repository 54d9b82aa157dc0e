// Verifies an OpenID4VCI key proof (`openid4vci-proof+jwt`, OpenID4VCI 1.0 Appendix F.1) as a sequence of guards:
// explicit typ, ES256, the holder key in the `jwk` header, its signature, our audience, a recent iat and a nonce.
// The nonce's freshness (single use) is checked by the caller, inside the issuing transaction.
import { toEs256PublicJwk } from '../../shared/crypto/jwk.js';
import type { CryptoProvider, Es256PublicJwk } from '../../shared/crypto/types.js';
import { checkJwsHeader, checkJwsSignature, parseCompactJws } from '../../shared/jose/jws.js';
import { isFailure } from '../../shared/verification/result.js';
import { AppError } from '../errors.js';

export const PROOF_TYP = 'openid4vci-proof+jwt';
const MAX_AGE_SECONDS = 300;
const SKEW_SECONDS = 60;

export interface VerifiedProof {
  holderJwk: Es256PublicJwk;
  nonce: string;
}

const invalid = (detail: string) => new AppError('invalid_proof', { detail });

export async function verifyKeyProof(options: { jwt: string; audience: string; nowSeconds: number; crypto: CryptoProvider }): Promise<VerifiedProof> {
  const jws = parseCompactJws(options.jwt);
  if (isFailure(jws)) throw invalid(`The proof is not a JWT: ${jws.detail}.`);
  const headerProblem = checkJwsHeader(jws.header, { typ: PROOF_TYP, allowKeyHeaders: true });
  if (headerProblem) throw invalid(`Proof header: ${headerProblem.detail}.`);
  if ('kid' in jws.header || 'x5c' in jws.header || 'jku' in jws.header || 'x5u' in jws.header) {
    throw invalid('Send the holder key in the jwk header only (no kid, x5c, jku or x5u).');
  }
  const holderJwk = toEs256PublicJwk(jws.header.jwk);
  if (!holderJwk) throw invalid('The jwk header must be a public EC P-256 key.');
  const signatureProblem = await checkJwsSignature(jws, holderJwk, options.crypto);
  if (signatureProblem) throw invalid('The proof is not signed by the key in its jwk header.');
  const { aud, iat, nonce } = jws.payload;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(options.audience)) throw invalid(`The proof aud must be ${options.audience}.`);
  if (typeof iat !== 'number' || iat > options.nowSeconds + SKEW_SECONDS || iat < options.nowSeconds - MAX_AGE_SECONDS) {
    throw invalid('The proof iat is missing or not recent.');
  }
  if (typeof nonce !== 'string' || nonce === '') throw new AppError('invalid_nonce', { detail: 'The proof has no nonce; get one from the nonce endpoint.' });
  return { holderJwk, nonce };
}
