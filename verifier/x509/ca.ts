// The operator's certificate authority for verifier client identifiers (OpenID4VP 1.0 §5.9.3, HAIP 1.0): created for
// development by `npm run admin -- ca create` (and by the demo seed), or imported from a real CA with its key. The
// trust anchors it chains to are published at GET /v1/registry/trust-anchors for wallets to pin.
import { randomUUID, webcrypto } from 'node:crypto';
import { AppError } from '../errors.js';
import { requireSealer, type RegistryContext } from '../registry/context.js';
import type { OperatorCaRecord } from '../store/repos/x509.js';
import { certOf, derOf, ECDSA_P256, ECDSA_SHA256, x509 } from './provider.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;
/** Certificates start an hour back so that a verifier whose clock lags a little still accepts them. */
const BACKDATE_MS = 3600 * 1000;

const caAad = (id: string) => `operator-ca:${id}`;

/** A self-signed P-256 CA valid five years: for development and the demo, never for production trust. */
export async function createDevelopmentCa(ctx: RegistryContext, options: { name?: string } = {}): Promise<OperatorCaRecord> {
  const sealer = requireSealer(ctx);
  const now = ctx.now();
  const keys = (await webcrypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const host = new URL(ctx.publicUrl).hostname;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${options.name ?? `Sahih Development CA (${host})`}, O=Sahih`,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + 5 * YEAR_MS),
    keys,
    signingAlgorithm: ECDSA_SHA256,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const jwk = await webcrypto.subtle.exportKey('jwk', keys.privateKey);
  const id = randomUUID();
  const record: OperatorCaRecord = {
    id,
    certificate: derOf(cert),
    chain: [],
    privateKeySealed: sealer.seal('operator-ca-key', caAad(id), JSON.stringify(jwk)),
    source: 'generated',
    status: 'active',
    notAfter: cert.notAfter.getTime(),
    createdAt: now,
  };
  await ctx.store.transaction((tx) => tx.x509.installCa(record));
  return record;
}

export interface CaImport {
  /** PEM of the CA certificate that will sign agency certificates. */
  certificatePem: string;
  /** PEM (PKCS#8) of its P-256 private key. */
  privateKeyPem: string;
  /** PEM certificates above it up to and including the root; empty when the CA is itself the root. */
  chainPem?: string | undefined;
}

/** Imports a CA the operator obtained elsewhere: it must be a P-256 CA certificate whose key is the one given. */
export async function importCa(ctx: RegistryContext, input: CaImport): Promise<OperatorCaRecord> {
  const sealer = requireSealer(ctx);
  const bad = (detail: string) => new AppError('invalid_request', { detail });
  let cert: x509.X509Certificate;
  let chain: x509.X509Certificate[];
  try {
    cert = new x509.X509Certificate(input.certificatePem);
    chain = input.chainPem ? splitPem(input.chainPem).map((p) => new x509.X509Certificate(p)) : [];
  } catch {
    throw bad('The CA certificate or its chain is not a PEM X.509 certificate.');
  }
  const basic = cert.getExtension(x509.BasicConstraintsExtension);
  if (!basic?.ca) throw bad('The certificate is not a CA certificate (basicConstraints cA is not set).');
  let privateKey: CryptoKey;
  try {
    privateKey = await webcrypto.subtle.importKey('pkcs8', pemBody(input.privateKeyPem), ECDSA_P256, true, ['sign']);
  } catch {
    throw bad('The private key is not a PEM PKCS#8 P-256 key.');
  }
  await requireMatchingKey(cert, privateKey, bad);
  const now = ctx.now();
  if (cert.notAfter.getTime() <= now) throw bad('The CA certificate has expired.');
  const id = randomUUID();
  const jwk = await webcrypto.subtle.exportKey('jwk', privateKey);
  const record: OperatorCaRecord = {
    id,
    certificate: derOf(cert),
    chain: chain.map(derOf),
    privateKeySealed: sealer.seal('operator-ca-key', caAad(id), JSON.stringify(jwk)),
    source: 'imported',
    status: 'active',
    notAfter: cert.notAfter.getTime(),
    createdAt: now,
  };
  await ctx.store.transaction((tx) => tx.x509.installCa(record));
  return record;
}

/** Signs a probe with the key and checks it with the certificate's public key. */
async function requireMatchingKey(cert: x509.X509Certificate, privateKey: CryptoKey, bad: (d: string) => AppError): Promise<void> {
  const probe = new TextEncoder().encode('sahih-ca-key-check');
  const signature = await webcrypto.subtle.sign(ECDSA_SHA256, privateKey, probe);
  const publicKey = await cert.publicKey.export(ECDSA_P256, ['verify'], webcrypto as unknown as Crypto);
  if (!(await webcrypto.subtle.verify(ECDSA_SHA256, publicKey, signature, probe))) throw bad('The private key does not belong to the CA certificate.');
}

export async function requireActiveCa(ctx: Pick<RegistryContext, 'store'>): Promise<OperatorCaRecord> {
  const ca = await ctx.store.x509.activeCa();
  if (!ca) {
    throw new AppError('service_unavailable', { detail: 'The operator has no X.509 CA: run `npm run admin -- ca create` (development) or `ca import`.' });
  }
  return ca;
}

export async function caSigningKey(ctx: Pick<RegistryContext, 'sealer'>, ca: OperatorCaRecord): Promise<CryptoKey> {
  const jwk = JSON.parse(requireSealer(ctx).open('operator-ca-key', caAad(ca.id), ca.privateKeySealed)) as JsonWebKey;
  return webcrypto.subtle.importKey('jwk', jwk, ECDSA_P256, false, ['sign']);
}

/** The root certificates (base64 DER) of every unexpired CA: what a wallet pins to check an agency's x5c. */
export async function trustAnchors(ctx: Pick<RegistryContext, 'store' | 'now'>): Promise<{ certificate: string; notAfter: number }[]> {
  const cas = await ctx.store.x509.listCas(ctx.now());
  const roots = new Map<string, number>();
  for (const ca of cas) {
    const root = ca.chain.at(-1) ?? ca.certificate;
    roots.set(root, certOf(root).notAfter.getTime());
  }
  return [...roots].map(([certificate, notAfter]) => ({ certificate, notAfter }));
}

export const pemOf = (base64Der: string) => `-----BEGIN CERTIFICATE-----\n${base64Der.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;

function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function pemBody(pem: string): Uint8Array {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

const randomSerial = () => Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
