// Notice and purpose changes (UU PDP: the data subject is told when the purpose of processing changes). The service
// keeps each agency's privacy notice text under its SHA-256 and a version on each purpose; every consent remembers the
// notice hash and purpose version it was given under. When either moves, the consent waits for the citizen's review:
// their inbox asks them to keep or withdraw it, and until they answer the agency's verifications under it are refused
// with consent_needs_review.
import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { StoreView } from '../registry/context.js';
import type { ConsentRow } from '../store/repos/consents.js';
import type { PrivacyNoticeRecord } from '../store/repos/consent-review.js';
import { effectiveState } from './standing.js';

/** Notices are read by people: a few pages of text at most. */
export const NOTICE_MAX_CHARS = 100_000;

export type ReviewReason = 'notice' | 'purpose';

export interface ReviewDeps {
  store: StoreView;
  now: () => number;
}

export const noticeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url');

export async function publishNotice(deps: ReviewDeps, agencyId: string, text: string): Promise<{ sha256: string; publishedAt: string; changed: boolean }> {
  if (!(await deps.store.agencies.get(agencyId))) throw new AppError('not_found', { detail: `No agency ${agencyId}.` });
  const sha256 = noticeSha256(text);
  const current = await deps.store.consentReview.currentNotice(agencyId);
  if (current?.sha256 === sha256) return { sha256, publishedAt: new Date(current.createdAt).toISOString(), changed: false };
  const notice: PrivacyNoticeRecord = { id: randomUUID(), agencyId, sha256, text, createdAt: deps.now() };
  await deps.store.consentReview.addNotice(notice);
  return { sha256, publishedAt: new Date(notice.createdAt).toISOString(), changed: true };
}

/**
 * What a new consent is pinned to: the notice text its signed record names, when the service holds that text (the
 * Sahih wallet names the published text's hash); otherwise (a standard wallet's answer, or an agency that published
 * no text) the notice current now.
 */
export async function pinNewConsent(store: StoreView, consent: { id: string; agencyId: string; purposeCode: string; recordNoticeSha256: string | undefined; at: number }): Promise<void> {
  const named = consent.recordNoticeSha256 ? await store.consentReview.noticeBySha256(consent.agencyId, consent.recordNoticeSha256) : undefined;
  const notice = named ?? (await store.consentReview.currentNotice(consent.agencyId));
  const purpose = await store.purposes.get(consent.agencyId, consent.purposeCode);
  await store.consentReview.pin({ consentId: consent.id, noticeSha256: notice?.sha256 ?? null, purposeVersion: purpose?.version ?? 1, pinnedAt: consent.at });
}

/** Why a consent waits for review (empty: it does not). Consents given before pins existed are never held back. */
type ConsentRef = Pick<ConsentRow, 'id' | 'agencyId' | 'purposeCode' | 'state' | 'expiresAt'>;

export async function reviewReasons(store: StoreView, consents: ConsentRef[]): Promise<Map<string, ReviewReason[]>> {
  const pins = await store.consentReview.pinsFor(consents.map((c) => c.id));
  const out = new Map<string, ReviewReason[]>();
  for (const c of consents) {
    const pin = pins.get(c.id);
    if (!pin) continue;
    const reasons: ReviewReason[] = [];
    // A first published text changes nothing the citizen was shown: there was no text to compare with (and no read).
    const notice = pin.noticeSha256 === null ? undefined : await store.consentReview.currentNotice(c.agencyId);
    if (notice && notice.sha256 !== pin.noticeSha256) reasons.push('notice');
    const purpose = await store.purposes.get(c.agencyId, c.purposeCode);
    if (purpose && (purpose.version ?? 1) !== pin.purposeVersion) reasons.push('purpose');
    if (reasons.length) out.set(c.id, reasons);
  }
  return out;
}

/** For verification and delivery: an active consent left to review after a change is not relied on yet. */
export async function assertReviewed(store: StoreView, consent: ConsentRef, now: number): Promise<void> {
  if (effectiveState(consent, now) !== 'active') return;
  const reasons = (await reviewReasons(store, [consent])).get(consent.id);
  if (reasons) {
    throw new AppError('consent_needs_review', {
      detail: `The agency changed its ${reasons.join(' and ')} after the citizen consented; the citizen has not yet kept or withdrawn the consent.`,
    });
  }
}

export interface ConsentToReview {
  consent: ConsentRow;
  reasons: ReviewReason[];
}

/** The citizen's active consents that wait for their review. */
export async function consentsToReview(deps: ReviewDeps, accountId: string): Promise<ConsentToReview[]> {
  const active = (await deps.store.consents.listForAccount(accountId, 500)).filter((c) => effectiveState(c, deps.now()) === 'active');
  const reasons = await reviewReasons(deps.store, active);
  return active.filter((c) => reasons.has(c.id)).map((c) => ({ consent: c, reasons: reasons.get(c.id)! }));
}

/** The citizen keeps a consent after a change: it is pinned to the notice and purpose as they are now. */
export async function keepConsent(deps: ReviewDeps, accountId: string, consentId: string): Promise<void> {
  const consent = await deps.store.consents.get(consentId);
  if (!consent || consent.accountId !== accountId) throw new AppError('not_found', { detail: 'No such consent of yours.' });
  const reasons = (await reviewReasons(deps.store, [consent])).get(consent.id);
  if (!reasons || effectiveState(consent, deps.now()) !== 'active') throw new AppError('conflict', { detail: 'This consent does not wait for a review.' });
  const notice = await deps.store.consentReview.currentNotice(consent.agencyId);
  const purpose = await deps.store.purposes.get(consent.agencyId, consent.purposeCode);
  await deps.store.consentReview.pin({ consentId, noticeSha256: notice?.sha256 ?? null, purposeVersion: purpose?.version ?? 1, pinnedAt: deps.now() });
}
