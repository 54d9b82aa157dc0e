// Citizens' feedback (masukan, keluhan, saran): a rating and comment on one interaction, or a suggestion to an agency.
// The agency reads it without the citizen's identity; the public sees only averages of groups of five or more.
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { FeedbackRecord, FeedbackSubject, FeedbackTally } from '../store/repos/feedback.js';
import type { Store } from '../store/types.js';

/** Which logged interactions can be rated, and what the rating is then about. */
const SUBJECT_OF_EVENT: Partial<Record<string, FeedbackSubject>> = {
  presentation_shared: 'presentation',
  direct_verification: 'verification',
  backoffice_access: 'backoffice_access',
  rights_request_answered: 'rights_answer',
};

export interface FeedbackDeps {
  store: Store;
  now: () => number;
}

export interface FeedbackInput {
  /** The access event the feedback is about; absent for a suggestion to an agency. */
  eventId?: string | undefined;
  agencyId?: string | undefined;
  purposeCode?: string | undefined;
  rating?: number | undefined;
  comment?: string | undefined;
}

/** What an agency sees: no account, no event, and the day rather than the time (a time would point at the access). */
export interface AgencyFeedbackView {
  id: string;
  purposeCode: string | null;
  subject: FeedbackSubject;
  rating: number | null;
  comment: string | null;
  day: string;
}

export interface CitizenFeedbackView {
  id: string;
  agencyId: string;
  eventId: string | null;
  rating: number | null;
  comment: string | null;
  createdAt: string;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function requireSomethingSaid(input: FeedbackInput): void {
  if (input.rating === undefined && !input.comment) throw new AppError('feedback_empty', { detail: 'Give a rating from 1 to 5, a comment, or both.' });
}

async function aboutEvent(deps: FeedbackDeps, accountId: string, eventId: string): Promise<Pick<FeedbackRecord, 'agencyId' | 'purposeCode' | 'subject' | 'eventId'>> {
  const event = await deps.store.accessEvents.get(eventId);
  // Only the citizen's own interactions, so nobody rates an access they cannot see.
  if (!event || event.accountId !== accountId) throw new AppError('not_found', { detail: 'No such access in your log.' });
  const subject = SUBJECT_OF_EVENT[event.kind];
  if (!subject) throw new AppError('feedback_not_applicable', { detail: 'This entry of your log is not an interaction with a service that can be rated.' });
  return { agencyId: event.agencyId, purposeCode: event.purposeCode, subject, eventId };
}

async function aboutAgency(deps: FeedbackDeps, input: FeedbackInput): Promise<Pick<FeedbackRecord, 'agencyId' | 'purposeCode' | 'subject' | 'eventId'>> {
  if (!input.agencyId) throw new AppError('invalid_request', { detail: 'Name the access (eventId) or the agency (agencyId) the feedback is about.' });
  if (!input.comment) throw new AppError('feedback_empty', { detail: 'A suggestion needs a comment.' });
  // Ratings are one per interaction, so an account cannot stuff an agency's public average with suggestions.
  if (input.rating !== undefined) throw new AppError('invalid_request', { detail: 'A rating is given on one interaction in your log (eventId); a suggestion carries a comment only.' });
  if (!(await deps.store.agencies.get(input.agencyId))) throw new AppError('not_found', { detail: `No agency ${input.agencyId} in the trust registry.` });
  if (input.purposeCode && !(await deps.store.purposes.get(input.agencyId, input.purposeCode))) throw new AppError('unknown_purpose');
  return { agencyId: input.agencyId, purposeCode: input.purposeCode ?? null, subject: 'suggestion', eventId: null };
}

export async function giveFeedback(deps: FeedbackDeps, accountId: string, input: FeedbackInput): Promise<CitizenFeedbackView> {
  requireSomethingSaid(input);
  const about = input.eventId ? await aboutEvent(deps, accountId, input.eventId) : await aboutAgency(deps, input);
  const record: FeedbackRecord = { id: randomUUID(), accountId, ...about, rating: input.rating ?? null, comment: input.comment || null, createdAt: deps.now() };
  if (!(await deps.store.feedback.insert(record))) throw new AppError('feedback_already_given', { detail: 'You already gave feedback on this access.' });
  return citizenView(record);
}

const citizenView = (f: FeedbackRecord): CitizenFeedbackView => ({
  id: f.id,
  agencyId: f.agencyId,
  eventId: f.eventId,
  rating: f.rating,
  comment: f.comment,
  createdAt: new Date(f.createdAt).toISOString(),
});

export async function listOwnFeedback(deps: FeedbackDeps, accountId: string): Promise<CitizenFeedbackView[]> {
  return (await deps.store.feedback.listForAccount(accountId, 500)).map(citizenView);
}

export async function listAgencyFeedback(deps: FeedbackDeps, agencyId: string, page: { before?: string | undefined; limit: number }): Promise<{ feedback: AgencyFeedbackView[]; next: string | null }> {
  let after: { createdAt: number; id: string } | undefined;
  if (page.before) {
    // The cursor is a feedback id, not a time, so that paging never hands the agency a precise time.
    const last = await deps.store.feedback.get(page.before);
    if (!last || last.agencyId !== agencyId) throw new AppError('invalid_request', { detail: 'Unknown page cursor.' });
    after = { createdAt: last.createdAt, id: last.id };
  }
  const rows = await deps.store.feedback.listForAgency(agencyId, { limit: page.limit + 1, ...(after ? { after } : {}) });
  const shown = rows.slice(0, page.limit);
  return {
    feedback: shown.map((f) => ({ id: f.id, purposeCode: f.purposeCode, subject: f.subject, rating: f.rating, comment: f.comment, day: day(f.createdAt) })),
    next: rows.length > page.limit ? (shown.at(-1)?.id ?? null) : null,
  };
}

/** Count and average rating per agency and purpose, null below the suppression threshold. */
export function summarise(tallies: FeedbackTally[], suppressBelow: number): { agencyId: string; purposeCode: string | null; count: number | null; average: number | null }[] {
  return tallies
    .sort((a, b) => b.count - a.count)
    .map((t) => (t.count < suppressBelow ? { agencyId: t.agencyId, purposeCode: t.purposeCode, count: null, average: null } : { agencyId: t.agencyId, purposeCode: t.purposeCode, count: t.count, average: Math.round((t.sum / t.count) * 10) / 10 }));
}
