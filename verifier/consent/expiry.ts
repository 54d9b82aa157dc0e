// Automatic expiry at the declared retention (issue 7): a sweep (main.ts timer, or called directly in tests) moves
// active and paused consents whose retention has ended to `expired`, logs consent_expired and notifies the agency,
// which then has 3x24 hours to delete. The service cannot sign for the citizen, so the chain keeps its last record.
import { isAppError } from '../errors.js';
import type { ConsentDeps } from './deps.js';
import { applyConsentChange } from './notify.js';

export async function expireConsents(deps: ConsentDeps, options: { limit?: number } = {}): Promise<number> {
  const due = await deps.store.consents.dueForExpiry(deps.now(), options.limit ?? 100);
  let expired = 0;
  for (const row of due) {
    try {
      await applyConsentChange(deps, row, { state: 'expired', record: null });
      expired += 1;
    } catch (error) {
      // The citizen changed it meanwhile (or another instance expired it): the next sweep looks again.
      if (!(isAppError(error) && error.code === 'consent_chain_mismatch')) throw error;
    }
  }
  return expired;
}
