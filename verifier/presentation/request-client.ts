// Which client identifier a presentation request uses, fixed when it is made (it is the KB-JWT audience the answer
// must carry), and the x5c header its request object is signed with. Requests made before client identifiers were
// chosen per request have no row and keep the `sahih_registry` identifier.
import { AppError } from '../errors.js';
import { agencySigner } from '../registry/agency-keys.js';
import type { RegistryContext, StoreView } from '../registry/context.js';
import type { PresentationRequestRecord } from '../store/repos/presentation-requests.js';
import type { RequestClientRecord } from '../store/repos/request-clients.js';
import { agencyCertificateChain, x509HashOf } from '../x509/agency-certificate.js';
import { clientIdOf, type ClientIdPrefix } from './client-id.js';

export interface RequestClient {
  prefix: ClientIdPrefix;
  clientId: string;
}

/**
 * The default client identifier when the agency names none: x509_san_dns whenever the operator holds a CA (any
 * conformant wallet resolves it, and Sahih's wallet finds the agency from the certificate's SAN URI); Sahih's registry
 * identifier otherwise.
 */
export async function defaultClientIdPrefix(store: StoreView): Promise<ClientIdPrefix> {
  return (await store.x509.activeCa()) ? 'x509_san_dns' : 'sahih_registry';
}

export async function chooseClient(ctx: RegistryContext, agencyId: string, prefix: ClientIdPrefix): Promise<RequestClient> {
  switch (prefix) {
    case 'sahih_registry':
      return { prefix, clientId: clientIdOf(ctx.publicUrl, agencyId) };
    case 'x509_san_dns':
      // Issues (or reads) the agency's certificate now, so a missing CA fails the request's creation, not the wallet.
      await currentChain(ctx, agencyId);
      return { prefix, clientId: `x509_san_dns:${new URL(ctx.publicUrl).hostname}` };
    case 'x509_hash':
      return { prefix, clientId: `x509_hash:${x509HashOf((await currentChain(ctx, agencyId)).x5c[0]!)}` };
  }
}

async function currentChain(ctx: RegistryContext, agencyId: string): Promise<{ x5c: string[] }> {
  const { kid } = await agencySigner(ctx, ctx.store, agencyId);
  return { x5c: await agencyCertificateChain(ctx, agencyId, kid) };
}

export function prefixOf(clientId: string): ClientIdPrefix {
  if (clientId.startsWith('x509_san_dns:')) return 'x509_san_dns';
  if (clientId.startsWith('x509_hash:')) return 'x509_hash';
  return 'sahih_registry';
}

/** The client of a stored request: its row, or the registry identifier for a request from before the rows. */
export async function clientOfRequest(ctx: Pick<RegistryContext, 'store' | 'publicUrl'>, request: PresentationRequestRecord): Promise<RequestClientRecord> {
  const row = await ctx.store.requestClients.get(request.id);
  return row ?? { requestId: request.id, clientId: clientIdOf(ctx.publicUrl, request.agencyId), x5c: null, responseKeySealed: null, returnUrl: null, createdAt: request.createdAt };
}

/** The x5c header for signing a request object of this client now; undefined for `sahih_registry`. */
export async function x5cForSigning(ctx: RegistryContext, agencyId: string, kid: string, clientId: string): Promise<string[] | undefined> {
  const prefix = prefixOf(clientId);
  if (prefix === 'sahih_registry') return undefined;
  const x5c = await agencyCertificateChain(ctx, agencyId, kid);
  if (prefix === 'x509_hash' && clientId !== `x509_hash:${x509HashOf(x5c[0]!)}`) {
    // The agency's key rotated since the request was made: its certificate, and so its hash, changed.
    throw new AppError('request_expired', { detail: "The agency's key changed since this request was made; ask the agency for a new one." });
  }
  return x5c;
}
