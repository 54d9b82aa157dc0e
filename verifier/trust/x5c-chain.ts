// Keys of issuers that sign with an `x5c` chain (SD-JWT VC §3.5 / RFC 7515 §4.1.6) instead of publishing metadata:
// the chain must lead, certificate by certificate (signature, validity, CA flag), to one of the operator's trust
// anchors, and the leaf must name the issuer identifier (a URI SAN equal to it, or a DNS SAN equal to its host).
// Then the leaf's public key verifies the credential. X.509 parsing is @peculiar/x509's, never ours.
import { webcrypto } from 'node:crypto';
import { toEs256PublicJwk } from '../../shared/crypto/jwk.js';
import type { Es256PublicJwk } from '../../shared/crypto/types.js';
import { ECDSA_P256, x509 } from '../x509/provider.js';

const MAX_CHAIN = 5;

export interface AnchorCertificate {
  pem: string;
}

/** Parses a PEM certificate the operator offers as a trust anchor; undefined unless it is a CA certificate. */
export function parseAnchor(pem: string): x509.X509Certificate | undefined {
  try {
    const cert = new x509.X509Certificate(pem);
    const basic = cert.getExtension(x509.BasicConstraintsExtension);
    return basic?.ca ? cert : undefined;
  } catch {
    return undefined;
  }
}

const within = (cert: x509.X509Certificate, now: Date) => cert.notBefore <= now && now <= cert.notAfter;
const isCa = (cert: x509.X509Certificate) => cert.getExtension(x509.BasicConstraintsExtension)?.ca === true;

function namesIssuer(leaf: x509.X509Certificate, issuer: string): boolean {
  const san = leaf.getExtension(x509.SubjectAlternativeNameExtension);
  if (!san) return false;
  const host = new URL(issuer).hostname;
  return san.names.items.some((n) => (n.type === 'url' && n.value === issuer) || (n.type === 'dns' && n.value.toLowerCase() === host.toLowerCase()));
}

/** The leaf's ES256 key when the chain is acceptable for this issuer at `now`, else undefined. */
export async function keyFromX5c(options: { x5c: unknown; anchors: readonly string[]; issuer: string; now: Date }): Promise<Es256PublicJwk | undefined> {
  const { x5c, now } = options;
  if (!Array.isArray(x5c) || x5c.length === 0 || x5c.length > MAX_CHAIN || !x5c.every((c) => typeof c === 'string')) return undefined;
  let chain: x509.X509Certificate[];
  try {
    chain = (x5c as string[]).map((der) => new x509.X509Certificate(Buffer.from(der, 'base64')));
  } catch {
    return undefined;
  }
  const leaf = chain[0]!;
  if (!chain.every((c) => within(c, now)) || !namesIssuer(leaf, options.issuer)) return undefined;
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!isCa(chain[i + 1]!) || !(await chain[i]!.verify({ publicKey: chain[i + 1]!, signatureOnly: true }))) return undefined;
  }
  const top = chain[chain.length - 1]!;
  let anchored = false;
  for (const pem of options.anchors) {
    const anchor = parseAnchor(pem);
    if (!anchor || !within(anchor, now)) continue;
    if (Buffer.from(anchor.rawData).equals(Buffer.from(top.rawData)) || (top.issuer === anchor.subject && (await top.verify({ publicKey: anchor, signatureOnly: true })))) {
      anchored = true;
      break;
    }
  }
  if (!anchored) return undefined;
  try {
    const key = await leaf.publicKey.export(ECDSA_P256, ['verify'], webcrypto as unknown as Crypto);
    return toEs256PublicJwk(await webcrypto.subtle.exportKey('jwk', key as webcrypto.CryptoKey));
  } catch {
    return undefined;
  }
}
