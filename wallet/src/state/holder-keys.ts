// Holder keys the citizen's account does not know yet: a card moved here from another wallet, or one received while the
// session had lapsed or from an issuer outside this service. The wallet proves each key to the service with a signed
// one-time challenge (POST /v1/me/holder-keys), so the accesses made with that card, earlier ones included, appear in
// "who used my data". Cards wait as `keyProof: 'pending'` until the citizen is signed in and online.
import type { Es256PublicJwk } from '../../../shared/crypto/types.js';
import { jwkThumbprint } from '../../../shared/crypto/jwk.js';
import { createWebCryptoProvider, webCryptoSigner } from '../../../shared/crypto/webcrypto.js';
import { signCompactJws } from '../../../shared/jose/jws.js';
import { api, ApiError } from '../lib/api.js';
import { checkCard, importHolderKey, readTransfer } from '../lib/card-transfer.js';
import { walletDb } from '../lib/db.js';
import { fetchIssuerMetadata, type IssuerMetadata } from '../lib/issuer-metadata.js';
import { open } from '../lib/vault.js';
import { ensureSession, ensureUnlocked, sessionStatus } from './session.js';
import { credentials, loadCredentials, provedKeysNotice, saveCredential, type StoredCredential } from './wallet.js';

const PROOF_TYP = 'sahih-holder-key-proof+jwt';
const cryptoProvider = createWebCryptoProvider();

/** Signs the service's challenge with the holder key; returns how many earlier accesses are now the citizen's. */
export async function proveHolderKey(privateKey: CryptoKey, publicJwk: Es256PublicJwk): Promise<number> {
  const { challenge, audience } = await api<{ challenge: string; audience: string }>('/v1/me/holder-keys/challenge', { method: 'POST' });
  const proof = await signCompactJws({ typ: PROOF_TYP, jwk: publicJwk }, { nonce: challenge, aud: audience, iat: Math.floor(Date.now() / 1000) }, webCryptoSigner(privateKey));
  return (await api<{ attachedEvents: number }>('/v1/me/holder-keys', { method: 'POST', body: { proof } })).attachedEvents;
}

/** No connection or no session: the proof waits for the next sign-in; anything else is a refusal. */
const canWait = (e: unknown) => e instanceof ApiError && (e.code === 'network' || e.status === 401);

export interface MovedCard {
  id: string;
  /** Earlier accesses now in the citizen's log; null when the proof waits for a connection and a session. */
  attachedEvents: number | null;
}

function configurationFor(metadata: IssuerMetadata | undefined, vct: string | undefined) {
  const entries = Object.entries(metadata?.credential_configurations_supported ?? {});
  return entries.find(([, c]) => vct !== undefined && (c as { vct?: string }).vct === vct);
}

/**
 * Moves a card exported from another wallet into this one: checks the card and its key, proves the key to the
 * service (a refusal stores nothing), and stores both like a received card (the key non-extractable, the card sealed).
 */
export async function moveCard(text: string): Promise<MovedCard> {
  await ensureUnlocked();
  const transfer = readTransfer(text);
  const card = await checkCard(transfer.credential);
  if (credentials.value?.some((c) => c.sdJwt === transfer.credential)) throw new ApiError('card_already_held', 0);
  const privateKey = await importHolderKey(transfer.key, card.holderJwk);
  let attachedEvents: number | null = null;
  try {
    attachedEvents = await proveHolderKey(privateKey, card.holderJwk);
  } catch (e) {
    if (!canWait(e)) throw e;
  }
  const metadata = await fetchIssuerMetadata(card.issuer).catch(() => undefined);
  const [configurationId, config] = configurationFor(metadata, card.vct) ?? [card.vct ?? card.issuer, undefined];
  const keyId = crypto.randomUUID();
  await (await walletDb()).put('keys', { id: keyId, privateKey, publicJwk: card.holderJwk });
  const stored: StoredCredential = {
    id: crypto.randomUUID(),
    keyId,
    sdJwt: transfer.credential,
    issuer: card.issuer,
    configurationId,
    issuerDisplay: metadata?.display ?? [],
    credentialDisplay: config?.credential_metadata?.display ?? config?.display ?? [],
    claimsMeta: config?.credential_metadata?.claims ?? config?.claims ?? [],
    receivedAt: Date.now(),
    status: { state: 'valid', checkedAt: null },
    movedFromOtherWallet: { keyThumbprint: await jwkThumbprint(card.holderJwk, cryptoProvider) },
    ...(attachedEvents === null ? { keyProof: 'pending' as const } : {}),
  };
  await saveCredential(stored);
  await loadCredentials();
  return { id: stored.id, attachedEvents };
}

let proving: Promise<void> | undefined;

/**
 * Proves every waiting key once the citizen is signed in and online (called when the wallet loads cards that wait).
 * A key another account has proved is marked so and not tried again.
 */
export function proveWaitingKeys(): Promise<void> {
  proving ??= (async () => {
    await ensureSession();
    if (sessionStatus.value !== 'signed-in') return;
    const db = await walletDb();
    const waiting = (await Promise.all((await db.getAll('credentials')).map((r) => open<StoredCredential>(r)))).filter((c) => c.keyProof === 'pending');
    let cards = 0;
    let attachedEvents = 0;
    for (const card of waiting) {
      const key = await db.get('keys', card.keyId);
      if (!key) continue;
      try {
        attachedEvents += await proveHolderKey(key.privateKey, key.publicJwk);
        const { keyProof: _done, ...proved } = card;
        await saveCredential(proved);
        cards++;
      } catch (e) {
        if (canWait(e)) break;
        if (e instanceof ApiError && e.code === 'holder_key_claimed') await saveCredential({ ...card, keyProof: 'other-account' });
      }
    }
    if (waiting.length) await loadCredentials();
    if (cards) provedKeysNotice.value = { cards, attachedEvents };
  })().finally(() => {
    proving = undefined;
  });
  return proving;
}
