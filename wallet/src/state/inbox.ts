// The citizen's inbox (issue 21): breach alerts from agencies that held their data, newest first, with the unread
// count the home screen shows. Fetched when online; never blocks a screen from rendering.
import { signal } from '@preact/signals';
import type { LocalizedText as Localized } from '../../../shared/consent/record.js';
import type { BreachReport } from '../../../shared/voice/breach.js';
import { api } from '../lib/api.js';

export type BreachAlert = BreachReport;

export interface ConsentReview {
  consentId: string;
  agency: { id: string; name: string };
  purpose: { code: string; description: Localized | null };
  /** What changed since the citizen consented. */
  reasons: ('notice' | 'purpose')[];
}

export type InboxItem =
  | { id: string; kind: 'breach'; at: string; read: boolean; breach: BreachAlert }
  | { id: string; kind: 'consent_review'; at: string; read: boolean; review: ConsentReview };

export const inboxItems = signal<InboxItem[] | null>(null);
export const inboxUnread = signal(0);
export const inboxError = signal<unknown>(null);

export async function loadInbox(): Promise<void> {
  try {
    const inbox = await api<{ items: InboxItem[]; unread: number }>('/v1/me/inbox');
    inboxItems.value = inbox.items;
    inboxUnread.value = inbox.unread;
    inboxError.value = null;
  } catch (error) {
    inboxError.value = error;
  }
}

export async function markInboxRead(id: string): Promise<void> {
  const item = inboxItems.peek()?.find((i) => i.id === id);
  if (!item || item.read) return;
  await api(`/v1/me/inbox/${encodeURIComponent(id)}/read`, { method: 'POST' });
  inboxItems.value = (inboxItems.peek() ?? []).map((i) => (i.id === id ? { ...i, read: true } : i));
  inboxUnread.value = Math.max(0, inboxUnread.peek() - 1);
}

/** The citizen keeps a consent after the agency changed its notice or purpose; the inbox is read again. */
export async function keepConsent(consentId: string): Promise<void> {
  await api(`/v1/me/consents/${encodeURIComponent(consentId)}/keep`, { method: 'POST' });
  await loadInbox();
}
