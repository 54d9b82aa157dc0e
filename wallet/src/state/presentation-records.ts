// The wallet's own record of what it presented or refused, sealed in IndexedDB. The access-log screen reconciles the
// service's events against it: an event the wallet never presented is flagged (back-office reads are expected and
// labelled), and a presentation missing from the server's log raises an alarm.
import { notifyWalletChanged, walletDb } from '../lib/db.js';
import { open, seal } from '../lib/vault.js';

export interface PresentationRecord {
  /** Local id (random). */
  id: string;
  requestId: string;
  agencyId: string;
  agencyName: string;
  /** The wallet's credential the answer drew on (absent for a refusal when no card matched). */
  credentialId?: string;
  purposeCode: string;
  /** Claim names only (dotted paths), never values. */
  claimNames: string[];
  /** An answer with several cards (DCQL credential query id -> the wallet's card and the claim names it gave). */
  sharedCards?: { queryId: string; credentialId: string; claimNames: string[] }[];
  decision: 'shared' | 'declined';
  /** ms since the epoch */
  at: number;
  /** From the service's answer: the access event and its log position, once known. */
  receipt?: { eventId: string; leafIndex: number };
  consentRecordId?: string;
  /** The signed consent record (JWS) the wallet sent; kept so the citizen can export and prove it. */
  consentRecordJws?: string;
  /** Earlier records of the consent's chain (oldest first), kept when the citizen withdraws, pauses or resumes. */
  consentRecordChain?: string[];
  /** The state after the citizen's last change from this wallet, and the deadline the agency got for it. */
  consentState?: 'active' | 'paused' | 'withdrawn' | 'expired' | 'refused';
  actionDueAt?: string;
  /** A verifier outside Sahih's registry or log: the access is recorded only here, never in Sahih's log. */
  outsideSahih?: { host: string; identityConfirmed: boolean; selfDeclaredName?: string };
}

export async function savePresentationRecord(record: PresentationRecord): Promise<void> {
  const sealed = await seal(record);
  await (await walletDb()).put('presentations', { id: record.id, ...sealed });
  notifyWalletChanged();
}

export async function getPresentationRecord(id: string): Promise<PresentationRecord | undefined> {
  const row = await (await walletDb()).get('presentations', id);
  return row ? open<PresentationRecord>(row) : undefined;
}

export async function listPresentationRecords(): Promise<PresentationRecord[]> {
  const rows = await (await walletDb()).getAll('presentations');
  const records = await Promise.all(rows.map((r) => open<PresentationRecord>(r)));
  return records.sort((a, b) => b.at - a.at);
}
