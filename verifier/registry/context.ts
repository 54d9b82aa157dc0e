// What the registry, issuance and status domain functions need: the store, the KEK sealer, crypto and a clock.
import type { CryptoProvider } from '../../shared/crypto/types.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/types.js';
import type { Sealer } from './sealer.js';

export type StoreView = Omit<Store, 'transaction' | 'close'>;

export interface RegistryContext {
  store: Store;
  /** Undefined when no key-encryption key is configured: key and offer operations then answer service_unavailable. */
  sealer: Sealer | undefined;
  crypto: CryptoProvider;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** The service's public origin, no trailing slash. */
  publicUrl: string;
}

export function requireSealer(ctx: Pick<RegistryContext, 'sealer'>): Sealer {
  if (!ctx.sealer) throw new AppError('service_unavailable', { detail: 'No key-encryption key is configured.' });
  return ctx.sealer;
}

/** The OpenID4VCI credential issuer identifier of an agency (also `iss` of its credentials and status lists). */
export function issuerIdentifier(publicUrl: string, agencyId: string): string {
  return `${publicUrl}/issuers/${agencyId}`;
}

/** The `vct` of a credential type: an https URL where its SD-JWT VC type metadata is served. */
export function vctOf(publicUrl: string, credentialTypeId: string): string {
  return `${publicUrl}/vct/${credentialTypeId}`;
}
