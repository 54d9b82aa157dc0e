// Listing access events for the citizen they concern or the agency that made them: newest first, keyset pages,
// with the newest checkpoint so the wallet can fetch and check each event's inclusion proof itself.
import type { TransparencyLog } from '../log/transparency-log.js';
import type { AccessEventRow } from '../store/repos/access-events.js';
import type { Store } from '../store/types.js';

export const MAX_PAGE = 100;

export interface EventView {
  eventId: string;
  leafIndex: number;
  kind: string;
  occurredAt: number;
  /** The exact committed text. */
  body: string;
  /** base64url salt */
  salt: string;
  /** Agency listings only: the agency's own case or customer number for this access (null when none was given). */
  agencyRef?: string | null;
}

export interface EventListing {
  events: EventView[];
  /** Pass as `before` for the next (older) page; null at the end. */
  next: number | null;
  checkpoint: { size: number; note: string };
}

const view = (r: AccessEventRow): EventView => ({
  eventId: r.id,
  leafIndex: r.leafIndex,
  kind: r.kind,
  occurredAt: r.occurredAt,
  body: r.body,
  salt: r.salt,
});

export async function listEvents(
  deps: { store: Pick<Store, 'accessEvents'>; log: TransparencyLog },
  owner: { accountId: string } | { agencyId: string },
  page: { before?: number; limit?: number; ref?: string | undefined },
): Promise<EventListing> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), MAX_PAGE);
  const query = { limit, ...(page.before === undefined ? {} : { beforeIndex: page.before }) };
  const forAgency = !('accountId' in owner);
  const rows =
    'accountId' in owner
      ? await deps.store.accessEvents.listForAccount(owner.accountId, query)
      : await deps.store.accessEvents.listForAgency(owner.agencyId, page.ref === undefined ? query : { ...query, ref: page.ref });
  const checkpoint = await deps.log.newestCheckpoint();
  return {
    events: rows.map((r) => (forAgency ? { ...view(r), agencyRef: r.agencyRef ?? null } : view(r))),
    next: rows.length === limit ? rows.at(-1)!.leafIndex : null,
    checkpoint: { size: checkpoint.size, note: checkpoint.note },
  };
}
