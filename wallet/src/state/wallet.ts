// The credentials the citizen holds: loaded from encrypted storage, received through OpenID4VCI, deleted, and their
// revocation status refreshed while online. Views read the `credentials` signal; nothing here renders.
import { signal } from '@preact/signals';
import type { Es256PublicJwk } from '../../../shared/crypto/types.js';
import { createWebCryptoProvider } from '../../../shared/crypto/webcrypto.js';
import type { JsonObject } from '../../../shared/jose/jws.js';
import { inspectSdJwt } from '../../../shared/sdjwt/present.js';
import { verifySdJwtVc } from '../../../shared/sdjwt/verify.js';
import { createStatusChecker } from '../../../shared/status/checker.js';
import { isFailure } from '../../../shared/verification/result.js';
import { ApiError, request } from '../lib/api.js';
import { notifyWalletChanged, walletDb } from '../lib/db.js';
import { fetchIssuerKeys, pickKey, type ClaimMetadata, type Display } from '../lib/issuer-metadata.js';
import { redeemOffer, type ResolvedOffer } from '../lib/openid4vci.js';
import { open, seal } from '../lib/vault.js';

export type StatusState = 'valid' | 'revoked' | 'suspended' | 'unknown';

/** What is encrypted into one `credentials` record. */
export interface StoredCredential {
  id: string;
  keyId: string;
  sdJwt: string;
  issuer: string;
  configurationId: string;
  issuerDisplay: Display[];
  credentialDisplay: Display[];
  claimsMeta: ClaimMetadata[];
  receivedAt: number;
  status: { state: StatusState; checkedAt: number | null };
  /** Restored from a backup without its holder key (keys never leave a phone): 'needed' until the issuer re-binds it. */
  rebind?: 'needed' | 'ask-agency';
  /**
   * The holder key is not yet proved to the citizen's account (state/holder-keys.ts): 'pending' until the wallet is
   * signed in and online, 'other-account' when another account proved it first.
   */
  keyProof?: 'pending' | 'other-account';
  /**
   * Moved here from another wallet with its key (state/holder-keys.ts): the key's RFC 7638 thumbprint, so Activity can
   * name the uses made from that wallet before the move.
   */
  movedFromOtherWallet?: { keyThumbprint: string };
}

export interface CredentialView extends StoredCredential {
  claims: JsonObject;
  issuedAt: number | undefined;
  validFrom: number | undefined;
  expiresAt: number | undefined;
  vct: string | undefined;
}

export const credentials = signal<CredentialView[] | null>(null);
/** Set after waiting holder keys were proved at sign-in (state/holder-keys.ts), for Home to say so once. */
export const provedKeysNotice = signal<{ cards: number; attachedEvents: number } | null>(null);

const cryptoProvider = createWebCryptoProvider();

async function toView(stored: StoredCredential): Promise<CredentialView> {
  const inspected = await inspectSdJwt(stored.sdJwt, cryptoProvider);
  const num = (v: unknown) => (typeof v === 'number' ? v * 1000 : undefined);
  return {
    ...stored,
    claims: inspected.claims,
    issuedAt: num(inspected.payload.iat),
    validFrom: num(inspected.payload.nbf) ?? num(inspected.payload.iat),
    expiresAt: num(inspected.payload.exp),
    vct: typeof inspected.payload.vct === 'string' ? inspected.payload.vct : undefined,
  };
}

async function putStored(stored: StoredCredential, changed = true): Promise<void> {
  const sealed = await seal(stored);
  await (await walletDb()).put('credentials', { id: stored.id, ...sealed });
  if (changed) notifyWalletChanged();
}

/** Stores a changed credential record (e.g. its re-binding state, state/rebind.ts). */
export async function saveCredential(stored: StoredCredential): Promise<void> {
  await putStored(stored);
}

export async function loadCredentials(): Promise<void> {
  const records = await (await walletDb()).getAll('credentials');
  const views = await Promise.all(records.map(async (r) => toView(await open<StoredCredential>(r))));
  credentials.value = views.sort((a, b) => b.receivedAt - a.receivedAt);
}

export function credentialById(id: string): CredentialView | undefined {
  return credentials.value?.find((c) => c.id === id);
}

function sameKey(a: Es256PublicJwk | undefined, b: Es256PublicJwk): boolean {
  return a !== undefined && a.x === b.x && a.y === b.y;
}

/**
 * Whether the service bound the new keys to the account while issuing: only an issuer on this service sees the
 * session, and a session still open after redeeming was open while redeeming. Otherwise the keys are proved later.
 */
async function boundWhileIssuing(issuer: string): Promise<boolean> {
  if (new URL(issuer).origin !== location.origin) return false;
  return request('/v1/session').then(
    () => true,
    () => false,
  );
}

/** Redeems an offer, checks what came back (issuer signature, our holder key), and stores it encrypted. */
export async function receive(resolved: ResolvedOffer, txCode: string | undefined): Promise<string[]> {
  const received = await redeemOffer(resolved, txCode);
  const bound = await boundWhileIssuing(resolved.offer.credential_issuer);
  const issuerKeys = await fetchIssuerKeys(resolved.offer.credential_issuer);
  const db = await walletDb();
  const ids: string[] = [];
  for (const item of received) {
    const verified = await verifySdJwtVc({
      token: item.credential,
      crypto: cryptoProvider,
      resolveIssuerKey: ({ iss, kid }) => (iss === resolved.offer.credential_issuer ? pickKey(issuerKeys, kid) : undefined),
      now: () => Math.floor(Date.now() / 1000),
      requireKeyBinding: false,
    });
    if (isFailure(verified)) throw new ApiError(`credential_${verified.code}`, 0);
    if (!sameKey(verified.holderJwk, item.holderKey.publicJwk)) throw new ApiError('credential_key_binding_invalid', 0);
    const config = resolved.metadata.credential_configurations_supported[item.configurationId]!;
    const id = crypto.randomUUID();
    const keyId = crypto.randomUUID();
    await db.put('keys', { id: keyId, privateKey: item.holderKey.privateKey, publicJwk: item.holderKey.publicJwk });
    const stored: StoredCredential = {
      id,
      keyId,
      sdJwt: item.credential,
      issuer: resolved.offer.credential_issuer,
      configurationId: item.configurationId,
      issuerDisplay: resolved.metadata.display ?? [],
      credentialDisplay: config.credential_metadata?.display ?? config.display ?? [],
      claimsMeta: config.credential_metadata?.claims ?? config.claims ?? [],
      receivedAt: Date.now(),
      status: { state: 'valid', checkedAt: Date.now() },
      ...(bound ? {} : { keyProof: 'pending' as const }),
    };
    await putStored(stored);
    ids.push(id);
  }
  await loadCredentials();
  return ids;
}

export async function deleteCredential(id: string): Promise<void> {
  const db = await walletDb();
  const view = credentialById(id);
  const tx = db.transaction(['credentials', 'keys'], 'readwrite');
  await tx.objectStore('credentials').delete(id);
  if (view) await tx.objectStore('keys').delete(view.keyId);
  await tx.done;
  notifyWalletChanged();
  credentials.value = (credentials.value ?? []).filter((c) => c.id !== id);
}

function statusReference(view: CredentialView): { uri: string; idx: number } | undefined {
  const ref = (view.claims.status as { status_list?: { uri?: unknown; idx?: unknown } } | undefined)?.status_list;
  return typeof ref?.uri === 'string' && typeof ref.idx === 'number' ? { uri: ref.uri, idx: ref.idx } : undefined;
}

/** Re-checks every credential's Token Status List entry; keeps the last known state when the list is unreachable. */
export async function refreshStatuses(): Promise<void> {
  const list = credentials.value;
  if (!list?.length) return;
  const keysByIssuer = new Map<string, Promise<Awaited<ReturnType<typeof fetchIssuerKeys>>>>();
  const checker = createStatusChecker({
    crypto: cryptoProvider,
    now: () => Math.floor(Date.now() / 1000),
    async fetch(uri) {
      const res = await request(uri, { headers: { accept: 'application/statuslist+jwt' } });
      return res.text();
    },
    async resolveKey({ uri, kid }) {
      const owner = list.find((c) => statusReference(c)?.uri === uri);
      if (!owner) return undefined;
      let keys = keysByIssuer.get(owner.issuer);
      if (!keys) {
        keys = fetchIssuerKeys(owner.issuer);
        keysByIssuer.set(owner.issuer, keys);
      }
      return pickKey(await keys, kid);
    },
  });
  let changed = false;
  const next = await Promise.all(
    list.map(async (view) => {
      const ref = statusReference(view);
      if (!ref) return view;
      const result = await checker.check(ref);
      if (!result.ok && result.code === 'status_unavailable') return view;
      const state: StatusState = result.ok ? 'valid' : result.code === 'revoked' ? 'revoked' : result.code === 'suspended' ? 'suspended' : 'unknown';
      const { claims: _c, issuedAt: _i, validFrom: _v, expiresAt: _e, vct: _t, ...stored } = view;
      const updated: StoredCredential = { ...stored, status: { state, checkedAt: Date.now() } };
      if (state !== view.status.state) changed = true;
      await putStored(updated, state !== view.status.state);
      return { ...view, status: updated.status };
    }),
  );
  if (changed || next.some((v, i) => v !== list[i])) credentials.value = next;
}
