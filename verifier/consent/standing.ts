// Whether a consent still lets the service verify or deliver under it (issue 7). Withdrawal and pause are the
// citizen's decisions and block both. Expiry is different: it ends how long the agency may KEEP the data, so it does
// not block delivering a result within its short TTL (a purpose with 0 days' retention — verify and discard, like an
// age check — would otherwise be undeliverable) nor a fresh verification, which is a new act of processing.
import type { ConsentState } from '../../shared/consent/record.js';
import { AppError } from '../errors.js';
import type { StoreView } from '../registry/context.js';
import type { ConsentRow } from '../store/repos/consents.js';

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
}

const blocks = (state: ConsentState) => state === 'withdrawn' || state === 'paused';

/** For delivering a presentation result: the very consent it was shared under must not be withdrawn or paused. */
export async function assertConsentUsable(store: StoreView, consentId: string, now: number): Promise<void> {
  const row = await store.consents.get(consentId);
  if (!row) throw new AppError('consent_not_active', { detail: 'The consent this result was shared under is gone.' });
  const state = effectiveState(row, now);
  if (blocks(state)) throw refuse(row.purposeCode, state);
}
