// The citizen's consent control (issue 7): withdraw, pause and resume a consent by sending the next record of its
// chain, signed by the same holder key that signed the first. The change, its access event and the agency's webhook
// are one transaction; the agency then has 3x24 hours to act (actionDueAt), which it acknowledges through its API.
import type { Receipt } from '../access/record.js';
import { AppError } from '../errors.js';
import type { ConsentRow } from '../store/repos/consents.js';
import { checkChangeRecord, holderKeyOf } from './check-change.js';
import type { ConsentDeps } from './deps.js';
import { applyConsentChange, type ChangedState } from './notify.js';
import { effectiveState } from './standing.js';

export type ConsentAction = 'withdraw' | 'pause' | 'resume';

const targetOf: Record<ConsentAction, ChangedState> = { withdraw: 'withdrawn', pause: 'paused', resume: 'active' };

export interface ChangeInput {
  /** The new consent record (compact JWS) made with nextConsentRecord and signed by the holder key. */
  record: string;
  /** Only for consents stored before the service kept the holder key: the public JWK that signs them. */
  holderJwk?: unknown;
}

/** The citizen's own consent, or not_found (another account's consent is indistinguishable from none). */
export async function requireOwnConsent(deps: Pick<ConsentDeps, 'store'>, accountId: string, consentId: string): Promise<ConsentRow> {
  const row = await deps.store.consents.get(consentId);
  if (!row || row.accountId !== accountId) throw new AppError('not_found', { detail: `No consent ${consentId} in your account.` });
  return row;
}

export async function changeConsent(
  deps: ConsentDeps,
  accountId: string,
  consentId: string,
  action: ConsentAction,
  input: ChangeInput,
): Promise<{ consent: ConsentRow; receipt: Receipt; actionDueAt: number }> {
  const row = await requireOwnConsent(deps, accountId, consentId);
  const target = targetOf[action];
  const holderJwk = await holderKeyOf(row, input.holderJwk, deps.crypto);
  const record = await checkChangeRecord({
    row,
    currentState: effectiveState(row, deps.now()),
    target,
    token: input.record,
    holderJwk,
    crypto: deps.crypto,
    nowSeconds: Math.floor(deps.now() / 1000),
  });
  if (await deps.store.consents.recordIdExists(record.recordId)) {
    throw new AppError('consent_invalid', { detail: 'The new record reuses a record id; make a fresh one.' });
  }
  const applied = await applyConsentChange(deps, row, { state: target, record: { id: record.recordId, jws: input.record } });
  const consent = (await deps.store.consents.get(row.id))!;
  return { consent, receipt: applied.recorded.receipt, actionDueAt: applied.actionDueAt };
}

/** The agency marks the last change of one of its consents as acted on (conflict when nothing is pending). */
export async function acknowledgeConsentChange(deps: Pick<ConsentDeps, 'store' | 'now'>, agencyId: string, consentId: string): Promise<ConsentRow> {
  const row = await deps.store.consents.get(consentId);
  if (!row || row.agencyId !== agencyId) throw new AppError('not_found', { detail: `No consent ${consentId} for agency ${agencyId}.` });
  if (!(await deps.store.consents.acknowledge(consentId, agencyId, deps.now()))) {
    throw new AppError('conflict', { detail: row.acknowledgedAt === null ? 'Nothing to acknowledge: the consent has not changed.' : 'The last change is already acknowledged.' });
  }
  return (await deps.store.consents.get(consentId))!;
}
