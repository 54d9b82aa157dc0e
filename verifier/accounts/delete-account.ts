// Deleting a citizen's Sahih account (UU PDP): the wallet offers the export first, then the citizen confirms. Every
// agency holding a consent of the account is told (`account.deleted`, naming the consents, not the citizen) in the same
// transaction that erases every row naming the account, its passkeys or its holder keys (store/repos/account-erasure.ts).
// The access log keeps its leaves: commitments to texts that no longer exist anywhere identify no one, and every
// checkpoint and every other citizen's inclusion proof stays valid.
import { randomUUID } from 'node:crypto';
import { holderRefOf } from '../presentation/holder-ref.js';
import type { RegistryContext } from '../registry/context.js';
import type { ErasureCounts } from '../store/repos/account-erasure.js';
import { enqueueWebhook } from '../webhooks/enqueue.js';
import { byAgency } from './by-agency.js';

export interface AccountDeletionSummary extends ErasureCounts {
  /** Agencies told by webhook (those holding a consent of the account, whatever its state). */
  agenciesNotified: string[];
}

/** Consents an agency still acts on: it must stop (active, paused) rather than only file the news. */
const LIVE = new Set(['active', 'paused']);

export async function deleteAccount(ctx: RegistryContext, accountId: string): Promise<AccountDeletionSummary> {
  const now = ctx.now();
  const keys = await ctx.store.accountErasure.keysOf(accountId);
  // Events and receipts of keys no account held yet are filed under their keyed hash; without the KEK there are none.
  const holderRefs = [...new Set([...keys.holderRefs, ...(ctx.sealer ? keys.thumbprints.map((t) => holderRefOf(ctx.sealer!, t)) : [])])];
  const consents = await ctx.store.consents.listForAccount(accountId, 10_000);
  const groups = byAgency(consents);
  const counts = await ctx.store.transaction(async (tx) => {
    for (const [agencyId, held] of groups) {
      await enqueueWebhook(tx, {
        id: randomUUID(),
        agencyId,
        type: 'account.deleted',
        at: now,
        data: { consentIds: held.map((c) => c.id), liveConsentIds: held.filter((c) => LIVE.has(c.state)).map((c) => c.id) },
      });
    }
    return tx.accountErasure.erase({ accountId, thumbprints: keys.thumbprints, holderRefs });
  });
  return { ...counts, agenciesNotified: [...groups.keys()] };
}
