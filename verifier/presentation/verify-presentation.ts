// The one verification pipeline behind both the OpenID4VP response endpoint and POST /v1/verify: the credential core
// (signature by a registered issuer's published key, validity, disclosures, key binding to nonce and audience,
// status from our own lists), then the checks only the service can make. Each check is a named guard that throws an
// AppError whose code is the core's VerificationCode unchanged, or one of the service's own codes.
import { jwkThumbprint } from '../../shared/crypto/jwk.js';
import type { Es256PublicJwk } from '../../shared/crypto/types.js';
import type { JsonObject } from '../../shared/jose/jws.js';
import type { ClaimPath } from '../../shared/sdjwt/disclosure.js';
import { verifySdJwtVc, type VerifiedSdJwtVc } from '../../shared/sdjwt/verify.js';
import { AppError, type FieldError } from '../errors.js';
import type { PurposeRecord } from '../store/types.js';
import type { PresentationDeps } from './deps.js';
import { nowSeconds } from './deps.js';
import { assertWithinPurpose, pathWithinPurpose, renderPath } from './purpose-scope.js';

export interface PresentationExpectations {
  /** The KB-JWT `nonce` this presentation must carry. */
  nonce: string;
  /** The KB-JWT `aud`: the agency's client id. */
  audience: string;
}

export interface VerifiedPresentation {
  /** The issuing agency's id, or for an issuer outside Sahih its issuer identifier. */
  issuerAgencyId: string;
  typeId: string;
  vct: string;
  /** Processed claims (registered JWT/VC claims and the disclosed ones). */
  claims: JsonObject;
  disclosedPaths: readonly ClaimPath[];
  holderJwk: Es256PublicJwk;
  holderThumbprint: string;
}

export async function verifyPresentation(deps: PresentationDeps, token: string, expected: PresentationExpectations): Promise<VerifiedPresentation> {
  const verified = await verifyWithCore(deps, token, expected);
  const issuerAgencyId = await requireRegisteredIssuer(deps, verified.issuer);
  const vct = verified.payload.vct as string;
  const typeId = await requireIssuableType(deps, issuerAgencyId, verified.issuer, vct);
  const holderJwk = requireHolderKey(verified);
  return {
    issuerAgencyId,
    typeId,
    vct,
    claims: verified.claims,
    disclosedPaths: verified.disclosedPaths,
    holderJwk,
    holderThumbprint: await jwkThumbprint(holderJwk, deps.ctx.crypto),
  };
}

async function verifyWithCore(deps: PresentationDeps, token: string, expected: PresentationExpectations): Promise<VerifiedSdJwtVc> {
  const result = await verifySdJwtVc({
    token,
    crypto: deps.ctx.crypto,
    resolveIssuerKey: deps.trust.resolveIssuerKey,
    now: () => nowSeconds(deps.ctx),
    expectedAudience: expected.audience,
    expectedNonce: expected.nonce,
    statusChecker: deps.trust.statusChecker,
    // Issuers outside Sahih may sign with an x5c chain; trust.ts refuses x5c for every other issuer.
    acceptX5c: deps.trust.external !== undefined,
  });
  // The detail is the core's human text, which never carries claim values.
  if (!result.ok) throw new AppError(result.code, { detail: result.detail });
  return result;
}

/** Already implied by resolveIssuerKey; kept explicit so the agency id is known for the type check. */
async function requireRegisteredIssuer(deps: PresentationDeps, iss: string): Promise<string> {
  const agencyId = await deps.trust.issuingAgency(iss);
  if (agencyId) return agencyId;
  // An external issuer has no agency id: its issuer identifier (an URL, never an agency id) stands for it.
  if (await deps.trust.external?.activeIssuer(iss)) return iss;
  throw new AppError('untrusted_issuer', { detail: 'The issuer is not a registered, active issuing agency.' });
}

async function requireIssuableType(deps: PresentationDeps, agencyId: string, iss: string, vct: string): Promise<string> {
  const typeId = agencyId === iss ? await deps.trust.external?.issuableType(iss, vct) : await deps.trust.issuableType(agencyId, vct);
  if (!typeId) throw new AppError('untrusted_issuer', { detail: `The issuer is not registered to issue credentials of this vct.` });
  return typeId;
}

function requireHolderKey(verified: VerifiedSdJwtVc): Es256PublicJwk {
  // verifySdJwtVc requires key binding here, which needs cnf.jwk; this guard keeps the type honest.
  if (!verified.holderJwk) throw new AppError('holder_key_invalid', { detail: 'The credential has no holder key.' });
  return verified.holderJwk;
}

/** Every disclosed path must lie within the purpose (names in the problem, never values). */
export function checkDisclosedWithinPurpose(purpose: PurposeRecord, presentation: VerifiedPresentation): void {
  const problems: FieldError[] = presentation.disclosedPaths
    .filter((path) => !pathWithinPurpose(purpose, presentation.typeId, path))
    .map((path) => ({ path: '/presentation', message: `${presentation.typeId}:${renderPath(path)}` }));
  assertWithinPurpose(problems, purpose);
}

// The consent seam (issue 7) lives with consent control; re-exported here for the verification pipeline's callers.
export { assertConsentNotWithdrawn } from '../consent/standing.js';
