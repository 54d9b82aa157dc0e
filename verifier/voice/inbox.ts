// The citizen's inbox: warnings and questions addressed to them (breach alerts now; consent reviews after a notice
// change), newest first. Items are derived from what the service already holds, so nothing is fanned out per citizen
// when an agency files a report; only the citizen's "read" marks are stored.
import { AppError } from '../errors.js';
import type { Store } from '../store/types.js';
import { consentsToReview, type ReviewReason } from '../consent/review.js';
import { breachView, type BreachView } from './breaches.js';

const MAX_ITEMS = 200;

export interface ConsentReviewView {
  consentId: string;
  agency: { id: string; name: string };
  purpose: { code: string; description: { id: string; en: string } | null };
  /** What changed since the citizen consented: the privacy notice, the purpose, or both. */
  reasons: ReviewReason[];
}

export type InboxItem =
  | { id: string; kind: 'breach'; at: string; read: boolean; breach: BreachView }
  | { id: string; kind: 'consent_review'; at: string; read: boolean; review: ConsentReviewView };

export interface InboxDeps {
  store: Store;
  now: () => number;
}

export async function inboxFor(deps: InboxDeps, accountId: string): Promise<{ items: InboxItem[]; unread: number }> {
  const [breaches, reviews, read] = await Promise.all([
    deps.store.breachReports.forAccount(accountId, MAX_ITEMS),
    consentsToReview(deps, accountId),
    deps.store.inboxReads.readItemIds(accountId),
  ]);
  const items: InboxItem[] = await Promise.all(
    breaches.map(async (b) => {
      const id = `breach:${b.id}`;
      return { id, kind: 'breach' as const, at: new Date(b.filedAt).toISOString(), read: read.has(id), breach: await breachView(deps.store, b, { suppressBelow: 0 }) };
    }),
  );
  for (const { consent, reasons } of reviews) {
    const [agency, purpose, notice] = await Promise.all([
      deps.store.agencies.get(consent.agencyId),
      deps.store.purposes.get(consent.agencyId, consent.purposeCode),
      deps.store.consentReview.currentNotice(consent.agencyId),
    ]);
    // One item per change: a further change after the citizen read this one is a new, unread item.
    const id = `review:${consent.id}:${notice?.sha256 ?? '-'}:${purpose?.version ?? 1}`;
    const at = reasons.includes('notice') && notice ? notice.createdAt : deps.now();
    items.push({
      id,
      kind: 'consent_review',
      at: new Date(at).toISOString(),
      read: read.has(id),
      review: {
        consentId: consent.id,
        agency: { id: consent.agencyId, name: agency?.legalName ?? consent.agencyId },
        purpose: { code: consent.purposeCode, description: purpose?.description ?? null },
        reasons,
      },
    });
  }
  items.sort((a, b) => b.at.localeCompare(a.at));
  return { items, unread: items.filter((i) => !i.read).length };
}

export async function markInboxItemRead(deps: InboxDeps, accountId: string, itemId: string): Promise<void> {
  // Only an item that is in the citizen's inbox can be marked, so the table holds nothing but real read marks.
  const { items } = await inboxFor(deps, accountId);
  if (!items.some((i) => i.id === itemId)) throw new AppError('not_found', { detail: 'No such item in your inbox.' });
  await deps.store.inboxReads.markRead(accountId, itemId, deps.now());
}
