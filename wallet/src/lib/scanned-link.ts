// Where a scanned or pasted text goes: a data request (openid4vp://, or a link carrying request_uri/client_id) to the
// presentation screen, anything else to the card-offer screen, which explains in words when it is no offer either.
// The counter's offline answers will be routed here too.
import { pendingRequest } from '../state/present.js';
import { pendingOffer } from '../state/receive.js';
import { isPresentationRequestText } from './openid4vp.js';

/** Hands `text` to the screen that reads it and returns that screen's path. */
export function routeScannedText(text: string): '/present' | '/receive' {
  const trimmed = text.trim();
  if (isPresentationRequestText(trimmed)) {
    pendingRequest.value = trimmed;
    return '/present';
  }
  pendingOffer.value = trimmed;
  return '/receive';
}
