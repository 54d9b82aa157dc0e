// Whether a consent still lets the service verify or deliver under it (issues 7 and 16). Withdrawal, pause and expiry
// all block both, with the same code: once the retention the citizen agreed to has ended, relying on that consent again
// needs a new one. A purpose with 0 days' retention stays deliverable because its consent lasts at least until the
// result window closes (consentExpiresAt in expires-at.ts), not because expiry is let through here.
import type { ConsentState } from '../../shared/consent/record.js';
import { AppError } from '../errors.js';
import type { StoreView } from '../registry/context.js';
import type { ConsentRow } from '../store/repos/consents.js';
import { assertReviewed } from './review.js';

/** The state as of `now`: an active or paused consent past its retention is expired even before the sweep. */
export function effectiveState(row: Pick<ConsentRow, 'state' | 'expiresAt'>, now: number): ConsentState {
  if ((row.state === 'active' || row.state === 'paused') && row.expiresAt <= now) return 'expired';
  return row.state;
}

function refuse(purposeCode: string, state: ConsentState): AppError {
  return new AppError('consent_not_active', { detail: `The citizen's consent for ${purposeCode} is ${state}.` });
}

/**
 * For POST /v1/verify: the citizen's standing decision for this agency and purpose is their newest consent that is
 * not a refusal (declining one request withdraws nothing, and must not hide an earlier withdrawal). When it is
 * withdrawn, paused or expired, the service refuses. No consent at all is not a refusal: the legal basis may be other
 * than consent, or the presentation came through the agency's own channel.
 */
export async function assertConsentNotWithdrawn(
  store: StoreView,
  subject: { accountId: string; agencyId: string; purposeCode: string },
  now: number,
): Promise<void> {
  const latest = await store.consents.latestDecidingFor(subject.accountId, subject.agencyId, subject.purposeCode);
  if (!latest) return;
  const state = effectiveState(latest, now);
  if (blocks(state)) throw refuse(subject.purposeCode, state);
  await assertReviewed(store, { ...latest, agencyId: subject.agencyId, purposeCode: subject.purposeCode }, now);
}

const blocks = (state: ConsentState) => state === 'withdrawn' || state === 'paused' || state === 'expired';

/** For delivering a presentation result: the very consent it was shared under must not be withdrawn, paused or expired. */
export async function assertConsentUsable(store: StoreView, consentId: string, now: number): Promise<void> {
  const row = await store.consents.get(consentId);
  if (!row) throw new AppError('consent_not_active', { detail: 'The consent this result was shared under is gone.' });
  const state = effectiveState(row, now);
  if (blocks(state)) throw refuse(row.purposeCode, state);
  await assertReviewed(store, row, now);
}
