// The credential endpoint's logic (OpenID4VCI 1.0 §8): check the access token, the requested configuration and the
// key proof, then — in one transaction — consume the c_nonce, mark the offer issued (dropping its sealed claims),
// take a status list entry, sign the SD-JWT VC and tell the onCredentialIssued hook. Any failure rolls all of it back.
import { jwkThumbprint } from '../../shared/crypto/jwk.js';
import type { Es256PublicJwk } from '../../shared/crypto/types.js';
import { issueSdJwtVc } from '../../shared/sdjwt/issue.js';
import { AppError } from '../errors.js';
import { agencySigner } from '../registry/agency-keys.js';
import { requireActiveAgency } from '../registry/agencies.js';
import { issuerIdentifier, requireSealer, vctOf, type RegistryContext, type StoreView } from '../registry/context.js';
import { requireCredentialType } from '../registry/credential-types.js';
import { allocateStatusEntry, statusListUri } from '../status/status-lists.js';
import { credentialClaims, disclosureFrame } from './claims.js';
import { verifyKeyProof } from './proof.js';
import { subjectRefOfClaims } from '../access/subject.js';
import { hashSecret } from './secrets.js';

export interface CredentialIssuedEvent {
  /** Same transaction as the issuance: write through `tx` so a binding commits (or rolls back) with it. */
  tx: StoreView;
  credentialId: string;
  agencyId: string;
  credentialTypeId: string;
  vct: string;
  /** RFC 7638 thumbprint of the holder key in `cnf.jwk`. */
  holderJwkThumbprint: string;
  statusListId: string;
  statusIndex: number;
  issuedAt: number;
  expiresAt: number;
  /** The wallet's signed-in account, when the request carried a session (see the route). */
  accountId: string | undefined;
  /** The passkey that session was opened with (the device holding the key); null when unknown. */
  passkeyId: string | null;
  /** Keyed hash of the subject's national ID number when the credential carries one (verifier/access/subject.ts). */
  subjectRef: string | undefined;
}

export interface IssuanceHooks {
  /** Binds the holder key to the account (DESIGN.md flow 2); wired by the accounts feature. */
  onCredentialIssued?: (event: CredentialIssuedEvent) => Promise<void> | void;
}

export interface CredentialRequest {
  credential_configuration_id?: string | undefined;
  credential_identifier?: string | undefined;
  proofs?: { jwt?: string[] | undefined } | undefined;
  /** Pre-1.0 single proof, still sent by some wallets. */
  proof?: { proof_type?: string; jwt?: string } | undefined;
}

export interface IssueCredentialInput {
  agencyId: string;
  accessToken: string | undefined;
  request: CredentialRequest;
  accountId?: string | undefined;
  passkeyId?: string | null;
}

export interface IssuedCredentialResponse {
  credentials: { credential: string }[];
  credentialId: string;
}

const invalidToken = (detail: string) =>
  new AppError('invalid_access_token', { detail, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });

function singleProofJwt(request: CredentialRequest): string {
  const jwts = request.proofs?.jwt ?? (request.proof?.proof_type === 'jwt' && request.proof.jwt ? [request.proof.jwt] : []);
  if (request.proofs && request.proof) throw new AppError('invalid_credential_request', { detail: 'Send either proofs or proof, not both.' });
  if (jwts.length === 0) throw new AppError('invalid_proof', { detail: 'A jwt key proof is required (proofs.jwt).' });
  if (jwts.length > 1) throw new AppError('invalid_credential_request', { detail: 'Batch issuance is not supported; send one proof.' });
  return jwts[0]!;
}

export async function issueCredential(ctx: RegistryContext, hooks: IssuanceHooks, input: IssueCredentialInput): Promise<IssuedCredentialResponse> {
  const sealer = requireSealer(ctx);
  const now = ctx.now();
  if (!input.accessToken) throw invalidToken('Send the access token from the token endpoint as a Bearer token.');
  const offer = await ctx.store.credentialOffers.byAccessTokenHash(hashSecret(input.accessToken));
  if (!offer || offer.agencyId !== input.agencyId) throw invalidToken('The access token is unknown to this issuer.');
  if (offer.issuedAt !== null) throw invalidToken('The access token has already been used.');
  if ((offer.accessTokenExpiresAt ?? 0) <= now || offer.claimsSealed === null) throw invalidToken('The access token has expired.');

  const requested = input.request.credential_configuration_id ?? input.request.credential_identifier;
  if (!requested) throw new AppError('invalid_credential_request', { detail: 'credential_configuration_id is required.' });
  if (requested !== offer.credentialTypeId) {
    throw new AppError('unknown_credential_configuration', { detail: `This access token is for ${offer.credentialTypeId}.` });
  }
  const issuer = issuerIdentifier(ctx.publicUrl, offer.agencyId);
  const proof = await verifyKeyProof({ jwt: singleProofJwt(input.request), audience: issuer, nowSeconds: Math.floor(now / 1000), crypto: ctx.crypto });
  await requireActiveAgency(ctx.store, offer.agencyId);
  const type = await requireCredentialType(ctx, offer.credentialTypeId);
  const holderJkt = await jwkThumbprint(proof.holderJwk, ctx.crypto);

  return ctx.store.transaction(async (tx) => {
    if (!(await tx.issuanceNonces.consume(hashSecret(proof.nonce), now))) {
      throw new AppError('invalid_nonce', { detail: 'The c_nonce is unknown, expired or already used; get a fresh one.' });
    }
    const current = await tx.credentialOffers.byAccessTokenHash(hashSecret(input.accessToken!));
    if (!current?.claimsSealed) throw invalidToken('The access token has already been used.');
    const offered = JSON.parse(sealer.open('offer-claims', `offer:${offer.id}`, current.claimsSealed)) as Record<string, unknown>;
    if (!(await tx.credentialOffers.markIssued(offer.id, now))) throw invalidToken('The access token has already been used.');

    const entry = await allocateStatusEntry(tx, ctx, offer.agencyId);
    const { signer, kid } = await agencySigner(ctx, tx, offer.agencyId);
    const claims = credentialClaims(type, offered, now);
    const vct = vctOf(ctx.publicUrl, type.id);
    const issued = await issueSdJwtVc({
      vct,
      issuer,
      claims,
      frame: disclosureFrame(type, claims),
      holderJwk: proof.holderJwk as Es256PublicJwk,
      status: { uri: statusListUri(ctx.publicUrl, entry.statusListId), idx: entry.statusIndex },
      now: () => Math.floor(now / 1000),
      expiresAt: Math.floor(offer.credentialExpiresAt / 1000),
      signer,
      crypto: ctx.crypto,
      decoysPerLevel: 2,
    });
    const inserted = await tx.issuedCredentials.insert({
      id: offer.id,
      agencyId: offer.agencyId,
      credentialTypeId: type.id,
      kid,
      holderJkt,
      statusListId: entry.statusListId,
      statusIndex: entry.statusIndex,
      status: 0,
      issuedAt: now,
      expiresAt: offer.credentialExpiresAt,
      updatedAt: now,
      agencyRef: offer.agencyRef ?? null,
    });
    if (!inserted) throw new AppError('service_unavailable', { detail: 'Status entry collision; try again.' });
    await hooks.onCredentialIssued?.({
      tx,
      credentialId: offer.id,
      agencyId: offer.agencyId,
      credentialTypeId: type.id,
      vct,
      holderJwkThumbprint: holderJkt,
      subjectRef: subjectRefOfClaims(sealer, offered),
      statusListId: entry.statusListId,
      statusIndex: entry.statusIndex,
      issuedAt: now,
      expiresAt: offer.credentialExpiresAt,
      accountId: input.accountId,
      passkeyId: input.passkeyId ?? null,
    });
    return { credentials: [{ credential: issued.sdJwt }], credentialId: offer.id };
  });
}
