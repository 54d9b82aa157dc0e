// The one entry to @peculiar/x509 in the service: its DI container needs reflect-metadata loaded first, and it is
// pointed at Node's WebCrypto once here.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };

export const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

export const derOf = (cert: x509.X509Certificate) => Buffer.from(cert.rawData).toString('base64');
export const certOf = (base64Der: string) => new x509.X509Certificate(Buffer.from(base64Der, 'base64'));
