// Checks the x5c chain of a signed request object (OpenID4VP 1.0 §5.9.3, HAIP 1.0): every certificate in its validity
// period and signed by the next, the last one a trust anchor or signed by one. Answers what the leaf names (SAN DNS,
// SAN URI), the base64url SHA-256 of its DER (what `x509_hash:` pins) and its public key as a JWK. Loaded lazily.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { encodeBase64url } from '../../../shared/encoding/base64url.js';
import { ApiError } from './api.js';

export interface CheckedChain {
  /** True when the chain ends at one of the anchors the registry publishes. */
  anchored: boolean;
  dnsNames: string[];
  uris: string[];
  leafHash: string;
  publicJwk: JsonWebKey;
}

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const bad = () => new ApiError('request_signature_invalid', 0);

const decodeDer = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

function parse(b64: unknown): x509.X509Certificate {
  if (typeof b64 !== 'string') throw bad();
  try {
    return new x509.X509Certificate(decodeDer(b64));
  } catch {
    throw bad();
  }
}

const sameDer = (a: x509.X509Certificate, b: x509.X509Certificate) => a.equal(b);
const isCa = (cert: x509.X509Certificate) => cert.getExtension(x509.BasicConstraintsExtension)?.ca === true;

async function signedBy(cert: x509.X509Certificate, issuer: x509.X509Certificate, date: Date): Promise<boolean> {
  if (cert.issuer !== issuer.subject || !isCa(issuer)) return false;
  try {
    return await cert.verify({ publicKey: issuer, date });
  } catch {
    return false;
  }
}

/** Guards in order: parseable, every certificate valid now, each signed by the next; then whether an anchor closes it. */
export async function checkChain(x5c: unknown, anchors: readonly string[], now: Date): Promise<CheckedChain> {
  if (!Array.isArray(x5c) || x5c.length === 0 || x5c.length > 5) throw bad();
  const chain = x5c.map(parse);
  for (const cert of chain) if (cert.notBefore > now || cert.notAfter < now) throw new ApiError('request_expired', 0);
  for (let i = 0; i + 1 < chain.length; i++) if (!(await signedBy(chain[i]!, chain[i + 1]!, now))) throw bad();
  const last = chain.at(-1)!;
  let anchored = false;
  for (const anchor of anchors.map(parse)) {
    if (anchor.notAfter < now) continue;
    if (sameDer(anchor, last) || (await signedBy(last, anchor, now))) {
      anchored = true;
      break;
    }
  }
  const leaf = chain[0]!;
  const names = leaf.getExtension(x509.SubjectAlternativeNameExtension)?.names.items ?? [];
  let publicJwk: JsonWebKey;
  try {
    publicJwk = await crypto.subtle.exportKey('jwk', await leaf.publicKey.export(ECDSA_P256, ['verify']));
  } catch {
    throw bad();
  }
  return {
    anchored,
    dnsNames: names.filter((n) => n.type === 'dns').map((n) => n.value.toLowerCase()),
    uris: names.filter((n) => n.type === 'url').map((n) => n.value),
    leafHash: encodeBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', leaf.rawData))),
    publicJwk,
  };
}
