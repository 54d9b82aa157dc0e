// An offer on its way into the wallet: read from a link, a paste or a scan, then redeemed. Kept apart from the view.
import { signal } from '@preact/signals';
import { readOffer, resolveOffer, type ResolvedOffer } from '../lib/openid4vci.js';
import { receive } from './wallet.js';

export type ReceiveStep = 'input' | 'reading' | 'confirm' | 'working' | 'done';

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

export async function readOfferText(text: string): Promise<void> {
  receiveError.value = null;
  step.value = 'reading';
  try {
    offer.value = await resolveOffer(await readOffer(text));
    step.value = 'confirm';
  } catch (error) {
    receiveError.value = error;
    step.value = 'input';
  }
}

export async function acceptOffer(txCode: string | undefined): Promise<void> {
  if (!offer.value) return;
  receiveError.value = null;
  step.value = 'working';
  try {
    receivedIds.value = await receive(offer.value, txCode);
    step.value = 'done';
  } catch (error) {
    receiveError.value = error;
    step.value = 'confirm';
  }
}
