// A standard OpenID4VC wallet made of independent libraries (@openid4vc/openid4vci and @openid4vc/openid4vp 0.4.6, the
// ones Credo and Paradym use), for interop tests over any fetch (Hono's app.request or the running service): it
// receives with the pre-authorised code grant and resolves x509_san_dns requests, checking the x5c chain against the
// trust anchors the operator publishes. It has no Sahih account and never sends a consent_record.
import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { Openid4vciClient } from '@openid4vc/openid4vci';
import { Openid4vpClient } from '@openid4vc/openid4vp';
import { setGlobalConfig } from '@openid4vc/utils';
import { CompactEncrypt, compactVerify, exportJWK, importJWK } from 'jose';
import { signCompactJws } from '../../shared/jose/jws.js';
import type { HolderKey } from './issuance.js';

// The test service runs on http://localhost; the libraries insist on https unless told this is a development setup.
setGlobalConfig({ allowInsecureUrls: true });

const hash = (data: Uint8Array, alg: string) => new Uint8Array(createHash(alg.toLowerCase().replace('-', '')).update(data).digest());
const generateRandom = (n: number) => webcrypto.getRandomValues(new Uint8Array(n));
const certOf = (b64: string) => new x509.X509Certificate(Buffer.from(b64, 'base64'));

/** What a wallet pins: the operator's published trust anchors. */
export async function trustAnchors(fetchFn: typeof fetch, serviceUrl: string): Promise<x509.X509Certificate[]> {
  const body = (await (await fetchFn(`${serviceUrl}/v1/registry/trust-anchors`)).json()) as { trustAnchors: { pem: string }[] };
  return body.trustAnchors.map((a) => new x509.X509Certificate(a.pem));
}

/** Chain validation: each certificate signed by the next, the last by a pinned anchor, all within validity. */
async function verifyChain(x5c: string[], anchors: x509.X509Certificate[]): Promise<void> {
  const chain = x5c.map(certOf);
  const now = new Date();
  for (const c of chain) if (c.notBefore > now || c.notAfter < now) throw new Error('certificate outside its validity');
  for (let i = 0; i < chain.length - 1; i++) if (!(await chain[i]!.verify({ publicKey: chain[i + 1]!.publicKey, signatureOnly: true }))) throw new Error('broken chain');
  const last = chain.at(-1)!;
  for (const a of anchors) if (await last.verify({ publicKey: a.publicKey, signatureOnly: true })) return;
  throw new Error('no trust anchor');
}

/** The presentation side: resolves requests (x5c checked against `anchors`), encrypts when asked, submits answers. */
export function standardVpClient(fetchFn: typeof fetch, anchors: x509.X509Certificate[]): Openid4vpClient {
  return new Openid4vpClient({
    callbacks: {
      fetch: fetchFn,
      hash,
      generateRandom,
      getX509CertificateMetadata: (b64: string) => {
        const names = certOf(b64).getExtension(x509.SubjectAlternativeNameExtension)?.names.toJSON() ?? [];
        return { sanDnsNames: names.filter((n) => n.type === 'dns').map((n) => n.value), sanUriNames: names.filter((n) => n.type === 'url').map((n) => n.value) };
      },
      encryptJwe: async (encryptor: { publicJwk: Record<string, unknown>; alg: string; enc: string; apu?: string; apv?: string }, data: string) => {
        const key = await importJWK(encryptor.publicJwk as never, encryptor.alg);
        const jwe = await new CompactEncrypt(new TextEncoder().encode(data))
          .setProtectedHeader({ alg: encryptor.alg, enc: encryptor.enc, kid: encryptor.publicJwk.kid as string, ...(encryptor.apv ? { apv: encryptor.apv } : {}) })
          .encrypt(key);
        return { encryptionJwk: encryptor.publicJwk, jwe };
      },
      verifyJwt: async (signer: { method: string; x5c?: string[]; alg: string }, jwt: { compact: string }) => {
        if (signer.method !== 'x5c' || !signer.x5c) return { verified: false };
        await verifyChain(signer.x5c, anchors);
        const leafKey = await certOf(signer.x5c[0]!).publicKey.export({ name: 'ECDSA', namedCurve: 'P-256' }, ['verify']);
        await compactVerify(jwt.compact, leafKey);
        return { verified: true, signerJwk: await exportJWK(leafKey) };
      },
    } as never,
  });
}

/** Answers a resolved request with the given presentations (no consent_record), unencrypted; returns the HTTP status. */
export async function answerWithLibrary(client: Openid4vpClient, resolved: Awaited<ReturnType<Openid4vpClient['resolveOpenId4vpAuthorizationRequest']>>, vpToken: Record<string, string[]>): Promise<number> {
  const { authorizationResponsePayload } = await client.createOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: resolved.authorizationRequestPayload,
    authorizationResponsePayload: { vp_token: vpToken },
  } as never);
  const submitted = await client.submitOpenid4vpAuthorizationResponse({ authorizationRequestPayload: resolved.authorizationRequestPayload, authorizationResponsePayload } as never);
  return submitted.response.status;
}

/**
 * Receives with @openid4vc/openid4vci: offer -> issuer metadata -> token (pre-authorised code, with the tx_code when
 * given) -> nonce -> key proof -> credential. `beforeToken` sees the resolved offer first (e.g. to try without a code).
 */
export async function receiveWithLibrary(options: {
  fetch: typeof fetch;
  credentialOfferUri: string;
  holder: HolderKey;
  txCode?: string;
  beforeToken?: (client: Openid4vciClient, offer: Awaited<ReturnType<Openid4vciClient['resolveCredentialOffer']>>, issuerMetadata: Awaited<ReturnType<Openid4vciClient['resolveIssuerMetadata']>>) => Promise<void>;
}): Promise<string> {
  const { holder } = options;
  const client = new Openid4vciClient({
    callbacks: {
      fetch: options.fetch,
      hash,
      generateRandom,
      // A public client with no authentication at the token endpoint (pre-authorised code flow).
      clientAuthentication: () => {},
      signJwt: async (_signer: unknown, jwt: { header: Record<string, unknown>; payload: Record<string, unknown> }) => ({
        jwt: await signCompactJws(jwt.header, jwt.payload, holder.signer),
        signerJwk: holder.publicJwk,
      }),
    } as never,
  });
  const offer = await client.resolveCredentialOffer(options.credentialOfferUri);
  const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
  await options.beforeToken?.(client, offer, issuerMetadata);
  const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata, ...(options.txCode ? { txCode: options.txCode } : {}) });
  const { c_nonce: cNonce } = (await client.requestNonce({ issuerMetadata })) as { c_nonce: string };
  const configurationId = offer.credential_configuration_ids[0]!;
  const proof = await client.createCredentialRequestJwtProof({
    issuerMetadata,
    credentialConfigurationId: configurationId,
    signer: { method: 'jwk', alg: 'ES256', publicJwk: holder.publicJwk as never },
    nonce: cNonce,
  });
  const { credentialResponse } = await client.retrieveCredentials({
    issuerMetadata,
    accessToken: accessTokenResponse.access_token,
    credentialConfigurationId: configurationId,
    proof: { proof_type: 'jwt', jwt: proof.jwt },
  });
  return (credentialResponse.credentials as { credential: string }[])[0]!.credential;
}
