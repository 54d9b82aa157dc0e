// An offer on its way into the wallet: read from a link, a paste or a scan, then redeemed. Kept apart from the view.
import { signal } from '@preact/signals';
import { handledTarget, rememberHandled } from '../lib/handled-links.js';
import { PRE_AUTHORIZED_GRANT, readOffer, resolveOffer, type CredentialOffer, type ResolvedOffer } from '../lib/openid4vci.js';
import { ensureUnlocked } from './session.js';
import { receive } from './wallet.js';

/** 'already': this wallet redeemed the offer before; `receivedIds` holds the card it became. */
export type ReceiveStep = 'input' | 'reading' | 'confirm' | 'working' | 'done' | 'already';

/** Text from the scan screen, handed to the receive screen. */
export const pendingOffer = signal<string | null>(null);
export const step = signal<ReceiveStep>('input');
export const offer = signal<ResolvedOffer | null>(null);
export const receivedIds = signal<string[]>([]);
export const receiveError = signal<unknown>(null);

export function resetReceive(): void {
  step.value = 'input';
  offer.value = null;
  receivedIds.value = [];
  receiveError.value = null;
}

/** What makes an offer one-time: its issuer and pre-authorized code. */
function offerIdentifier(offer: CredentialOffer): string | undefined {
  const code = offer.grants?.[PRE_AUTHORIZED_GRANT]?.['pre-authorized_code'];
  return code ? `${offer.credential_issuer} ${code}` : undefined;
}

export async function readOfferText(text: string): Promise<void> {
  receiveError.value = null;
  step.value = 'reading';
  try {
    const read = await readOffer(text);
    const id = offerIdentifier(read);
    const earlier = id ? await handledTarget('offer', id) : undefined;
    if (earlier) {
      receivedIds.value = [earlier];
      step.value = 'already';
      return;
    }
    offer.value = await resolveOffer(read);
    step.value = 'confirm';
  } catch (error) {
    receiveError.value = error;
    step.value = 'input';
  }
}

export async function acceptOffer(txCode: string | undefined): Promise<void> {
  const resolved = offer.value;
  if (!resolved) return;
  receiveError.value = null;
  step.value = 'working';
  try {
    // Open the vault first: redeeming spends the one-time code, and the card must then be stored.
    await ensureUnlocked();
    const ids = await receive(resolved, txCode);
    const id = offerIdentifier(resolved.offer);
    if (id && ids[0]) await rememberHandled('offer', id, ids[0]);
    receivedIds.value = ids;
    step.value = 'done';
  } catch (error) {
    receiveError.value = error;
    step.value = 'confirm';
  }
}
