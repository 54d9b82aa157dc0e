// Re-binding restored cards: each card restored without its holder key (keys never leave a phone) is sent to its issuer,
// which either re-signs it to a new key of this phone through a standard credential offer (the old card is revoked)
// or files a request for a new copy with the agency; such cards are then marked "ask the agency for a new copy".
import { ApiError, request } from '../lib/api.js';
import { walletDb } from '../lib/db.js';
import { resolveOffer, type CredentialOffer } from '../lib/openid4vci.js';
import { open } from '../lib/vault.js';
import { deleteCredential, loadCredentials, receive, saveCredential, type StoredCredential } from './wallet.js';

type Answer = { outcome: 'rebound'; credentialOffer: CredentialOffer } | { outcome: 'ask_agency'; requestId: string };

export interface RebindSummary {
  rebound: number;
  askAgency: number;
}

export async function rebindRestored(): Promise<RebindSummary> {
  const db = await walletDb();
  const stored = await Promise.all((await db.getAll('credentials')).map((r) => open<StoredCredential>(r)));
  const summary: RebindSummary = { rebound: 0, askAgency: 0 };
  for (const card of stored.filter((c) => c.rebind === 'needed')) {
    let answer: Answer | undefined;
    try {
      answer = (await (await request('/v1/me/credentials/rebind', { method: 'POST', body: { credential: card.sdJwt } })).json()) as Answer;
    } catch (e) {
      // Revoked (or already handled) at the issuer: only the agency can make a new copy now.
      if (!(e instanceof ApiError) || !['credential_revoked', 'conflict', 'forbidden'].includes(e.code)) throw e;
    }
    if (answer?.outcome === 'rebound') {
      await receive(await resolveOffer(answer.credentialOffer), undefined);
      await loadCredentials();
      await deleteCredential(card.id);
      summary.rebound++;
    } else {
      await saveCredential({ ...card, rebind: 'ask-agency' });
      summary.askAgency++;
    }
  }
  await loadCredentials();
  return summary;
}
