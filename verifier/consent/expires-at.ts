// When a consent given in a presentation response expires (issue 16): at the end of the declared retention, but never
// before the result it was given for can be delivered. Expiry blocks verification and delivery exactly as withdrawal
// does (standing.ts), so a purpose with 0 days' retention — verify and discard, like an age check — needs its consent
// to outlive the short window in which the agency fetches (poll) or receives (webhook) the disclosed values.
const DAY_MS = 24 * 3600 * 1000;

export function consentExpiresAt(options: { sharedAt: number; retentionDays: number; resultDeliverableUntil: number }): number {
  return Math.max(options.sharedAt + options.retentionDays * DAY_MS, options.resultDeliverableUntil);
}
