// An agency's request-object certificate: the operator's CA certifies the agency's active ES256 key with SAN DNS =
// the service's host (what `x509_san_dns:<host>` names) and SAN URI = `${PUBLIC_URL}/agencies/<id>` (which agency of
// the registry it is, for Sahih's wallet). Issued once per key and CA, then read from the store.
import { createHash, webcrypto } from 'node:crypto';
import { AppError } from '../errors.js';
import type { RegistryContext } from '../registry/context.js';
import { caSigningKey, requireActiveCa } from './ca.js';
import { certOf, derOf, ECDSA_P256, ECDSA_SHA256, x509 } from './provider.js';

const BACKDATE_MS = 3600 * 1000;

/** The registry URI of an agency, carried as the leaf certificate's SAN URI. */
export const agencyUriOf = (publicUrl: string, agencyId: string) => `${publicUrl}/agencies/${agencyId}`;

/** `x509_hash` client identifier value (OpenID4VP 1.0 §5.9.3): base64url SHA-256 of the leaf certificate's DER. */
export const x509HashOf = (base64Der: string) => createHash('sha256').update(Buffer.from(base64Der, 'base64')).digest('base64url');

/** The x5c (base64 DER, leaf first, the trust anchor left out per HAIP 1.0) for the agency key `kid`. */
export async function agencyCertificateChain(ctx: RegistryContext, agencyId: string, kid: string): Promise<string[]> {
  const ca = await requireActiveCa(ctx);
  const cached = await ctx.store.x509.agencyCertificate(kid, ca.id);
  const leaf = cached?.certificate ?? (await issueLeaf(ctx, { agencyId, kid, caId: ca.id }));
  // Everything between leaf and root: the signing CA unless it is itself the root, and the intermediates above it.
  const above = ca.chain.length === 0 ? [] : [ca.certificate, ...ca.chain.slice(0, -1)];
  return [leaf, ...above];
}

async function issueLeaf(ctx: RegistryContext, o: { agencyId: string; kid: string; caId: string }): Promise<string> {
  const ca = await requireActiveCa(ctx);
  const [agency, key] = await Promise.all([ctx.store.agencies.get(o.agencyId), ctx.store.agencyKeys.list(o.agencyId)]);
  const record = key.find((k) => k.kid === o.kid);
  if (!agency || !record) throw new AppError('not_found', { detail: `No key ${o.kid} for agency ${o.agencyId}.` });
  const publicKey = await webcrypto.subtle.importKey('jwk', JSON.parse(record.publicJwk) as JsonWebKey, ECDSA_P256, true, ['verify']);
  const caCert = certOf(ca.certificate);
  const now = ctx.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1'),
    subject: [{ CN: [agency.legalName] }, { O: [agency.legalName] }],
    issuer: caCert.subject,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: caCert.notAfter,
    publicKey,
    signingKey: await caSigningKey(ctx, ca),
    signingAlgorithm: ECDSA_SHA256,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: new URL(ctx.publicUrl).hostname },
        { type: 'url', value: agencyUriOf(ctx.publicUrl, agency.id) },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
    ],
  });
  const stored = await ctx.store.x509.putAgencyCertificate({ kid: o.kid, caId: o.caId, agencyId: agency.id, certificate: derOf(cert), notAfter: cert.notAfter.getTime(), createdAt: now });
  return stored.certificate;
}
