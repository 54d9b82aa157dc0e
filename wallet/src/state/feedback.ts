// Feedback (issue 21): a rating from 1 to 5 and a comment on an interaction in the citizen's log, or a suggestion to
// an agency. The service gives the agency neither the account nor the time; the wallet remembers what was rated.
import { signal } from '@preact/signals';
import { api } from '../lib/api.js';

export interface GivenFeedback {
  id: string;
  agencyId: string;
  eventId: string | null;
  rating: number | null;
  comment: string | null;
  createdAt: string;
}

/** Feedback already given, by the access event it is about. */
export const feedbackByEvent = signal<Map<string, GivenFeedback>>(new Map());

export async function loadOwnFeedback(): Promise<void> {
  try {
    const { feedback } = await api<{ feedback: GivenFeedback[] }>('/v1/me/feedback');
    feedbackByEvent.value = new Map(feedback.filter((f) => f.eventId).map((f) => [f.eventId!, f]));
  } catch {
    // Offline or signed out: the forms still show, and the service refuses a second rating of one access.
  }
}

export async function sendFeedback(input: { eventId?: string; agencyId?: string; purposeCode?: string; rating?: number; comment?: string }): Promise<GivenFeedback> {
  const given = await api<GivenFeedback>('/v1/me/feedback', { method: 'POST', body: input });
  if (given.eventId) feedbackByEvent.value = new Map([...feedbackByEvent.peek(), [given.eventId, given]]);
  return given;
}
