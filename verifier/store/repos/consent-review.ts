// Notice texts and consent pins (issue 21): the privacy notice an agency publishes, kept by its SHA-256, and what each
// consent was given under, so the service can tell which consents a notice or purpose change leaves to be reviewed.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface PrivacyNoticeRecord {
  id: string;
  agencyId: string;
  /** base64url SHA-256 of the UTF-8 text. */
  sha256: string;
  text: string;
  createdAt: number;
}

export interface ConsentPin {
  consentId: string;
  noticeSha256: string | null;
  purposeVersion: number;
  pinnedAt: number;
}

export interface ConsentReviewRepository {
  addNotice(notice: PrivacyNoticeRecord): Promise<void>;
  /** The agency's newest notice text. */
  currentNotice(agencyId: string): Promise<PrivacyNoticeRecord | undefined>;
  noticeBySha256(agencyId: string, sha256: string): Promise<PrivacyNoticeRecord | undefined>;
  /** Sets (or, on keeping a consent after a change, replaces) what the consent was given under. */
  pin(pin: ConsentPin): Promise<void>;
  pinsFor(consentIds: string[]): Promise<Map<string, ConsentPin>>;
}

export function consentReviewRepository(db: Kysely<Database>): ConsentReviewRepository {
  return {
    async addNotice(n) {
      await db.insertInto('privacy_notices').values({ id: n.id, agency_id: n.agencyId, sha256: n.sha256, text: n.text, created_at: n.createdAt }).execute();
    },
    async currentNotice(agencyId) {
      const row = await db.selectFrom('privacy_notices').selectAll().where('agency_id', '=', agencyId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row ? { id: row.id, agencyId: row.agency_id, sha256: row.sha256, text: row.text, createdAt: Number(row.created_at) } : undefined;
    },
    async noticeBySha256(agencyId, sha256) {
      const row = await db.selectFrom('privacy_notices').selectAll().where('agency_id', '=', agencyId).where('sha256', '=', sha256).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
      return row ? { id: row.id, agencyId: row.agency_id, sha256: row.sha256, text: row.text, createdAt: Number(row.created_at) } : undefined;
    },
    async pin(p) {
      const values = { consent_id: p.consentId, notice_sha256: p.noticeSha256, purpose_version: p.purposeVersion, pinned_at: p.pinnedAt };
      await db
        .insertInto('consent_pins')
        .values(values)
        .onConflict((oc) => oc.column('consent_id').doUpdateSet({ notice_sha256: p.noticeSha256, purpose_version: p.purposeVersion, pinned_at: p.pinnedAt }))
        .execute();
    },
    async pinsFor(consentIds) {
      if (consentIds.length === 0) return new Map();
      const rows = await db.selectFrom('consent_pins').selectAll().where('consent_id', 'in', consentIds).execute();
      return new Map(rows.map((r) => [r.consent_id, { consentId: r.consent_id, noticeSha256: r.notice_sha256, purposeVersion: Number(r.purpose_version), pinnedAt: Number(r.pinned_at) }]));
    },
  };
}
