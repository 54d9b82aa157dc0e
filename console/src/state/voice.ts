// Citizens' voice for the agency: feedback without identity (ratings, comments, suggestions) and the agency's breach
// reports, with the form that files one and warns the affected citizens.
import { signal } from '@preact/signals';
import type { BreachReport } from '../../../shared/voice/breach.js';
import { agencyPath, request } from '../lib/api.js';
import type { MessageKey } from '../i18n/id.js';

export interface Feedback {
  id: string;
  purposeCode: string | null;
  subject: 'presentation' | 'verification' | 'backoffice_access' | 'rights_answer' | 'suggestion';
  rating: number | null;
  comment: string | null;
  /** YYYY-MM-DD: no time, no citizen. */
  day: string;
}

export type Breach = BreachReport;

export interface BreachForm {
  /** Claim names of the data concerned. */
  claims: string[];
  purposeCodes: string[];
  windowStart: string;
  windowEnd: string;
  discoveredAt: string;
  whatHappened: string;
  actionsTaken: string;
  citizenAdvice: string;
}

export type BreachErrors = Partial<Record<keyof BreachForm, MessageKey>>;

export const feedback = signal<Feedback[] | null>(null);
export const feedbackNext = signal<string | null>(null);
export const feedbackError = signal<unknown>(null);
export const breaches = signal<Breach[] | null>(null);
export const breachesError = signal<unknown>(null);

export async function loadFeedback(more = false): Promise<void> {
  feedbackError.value = null;
  try {
    const cursor = more && feedbackNext.value ? `&before=${encodeURIComponent(feedbackNext.value)}` : '';
    const page = await request<{ feedback: Feedback[]; next: string | null }>(agencyPath(`/feedback?limit=50${cursor}`));
    feedback.value = more ? [...(feedback.value ?? []), ...page.feedback] : page.feedback;
    feedbackNext.value = page.next;
  } catch (error) {
    feedbackError.value = error;
  }
}

export async function loadBreaches(): Promise<void> {
  breachesError.value = null;
  try {
    breaches.value = (await request<{ breaches: Breach[] }>(agencyPath('/breaches'))).breaches;
  } catch (error) {
    breachesError.value = error;
  }
}

/** `datetime-local` values are the officer's local time; the API takes an instant. */
const instant = (local: string) => new Date(local).toISOString();
const validLocal = (v: string) => v !== '' && !Number.isNaN(new Date(v).getTime());

export function validateBreach(f: BreachForm): BreachErrors {
  const errors: BreachErrors = {};
  if (f.claims.length === 0) errors.claims = 'voice.breach.claimsRequired';
  for (const key of ['windowStart', 'windowEnd', 'discoveredAt'] as const) if (!validLocal(f[key])) errors[key] = 'voice.breach.timeRequired';
  if (!errors.windowStart && !errors.windowEnd && new Date(f.windowStart) > new Date(f.windowEnd)) errors.windowEnd = 'voice.breach.windowOrder';
  for (const key of ['whatHappened', 'actionsTaken', 'citizenAdvice'] as const) if (!f[key].trim()) errors[key] = 'voice.breach.required';
  return errors;
}

export async function fileBreach(f: BreachForm): Promise<Breach> {
  const filed = await request<Breach>(agencyPath('/breaches'), {
    method: 'POST',
    body: {
      claims: f.claims,
      ...(f.purposeCodes.length ? { purposeCodes: f.purposeCodes } : {}),
      windowStart: instant(f.windowStart),
      // The field has minute precision: an end at 10:42 means up to the end of that minute.
      windowEnd: new Date(new Date(f.windowEnd).getTime() + 59_999).toISOString(),
      discoveredAt: instant(f.discoveredAt),
      whatHappened: f.whatHappened.trim(),
      actionsTaken: f.actionsTaken.trim(),
      citizenAdvice: f.citizenAdvice.trim(),
    },
  });
  breaches.value = [filed, ...(breaches.value ?? [])];
  return filed;
}
