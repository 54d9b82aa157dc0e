// UU PDP data portability: everything the service holds about a citizen as one machine-readable bundle — account,
// passkeys (no key material), every access event with its salt (so each can be re-proven), rights requests and the
// log checkpoint and key to prove them against.
import type { AccountRecord, Store } from '../store/types.js';
import type { OpenedLog } from '../log/open.js';
import { listRightsRequests, type RightsDeps, type RightsRequestView } from './requests.js';

export const EXPORT_FORMAT = 'sahih-export/1';
const PAGE = 500;

export interface ExportBundle {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  account: { id: string; displayName: string; createdAt: string };
  passkeys: { name: string; createdAt: string; lastUsedAt: string | null; backedUp: boolean }[];
  accessEvents: { eventId: string; leafIndex: number; kind: string; occurredAt: number; body: string; salt: string }[];
  rightsRequests: RightsRequestView[];
  log: { origin: string; verifierKey: string; checkpoint: string; size: number };
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function exportAccount(deps: RightsDeps & { store: Store; transparency: OpenedLog }, account: AccountRecord): Promise<ExportBundle> {
  const passkeys = await deps.store.accounts.listPasskeys(account.id);
  const accessEvents: ExportBundle['accessEvents'] = [];
  // Keyset pages, so a long history never loads in one query.
  for (let before: number | undefined; ; ) {
    const page = await deps.store.accessEvents.listForAccount(account.id, { limit: PAGE, ...(before === undefined ? {} : { beforeIndex: before }) });
    for (const e of page) accessEvents.push({ eventId: e.id, leafIndex: e.leafIndex, kind: e.kind, occurredAt: e.occurredAt, body: e.body, salt: e.salt });
    if (page.length < PAGE) break;
    before = page.at(-1)!.leafIndex;
  }
  const checkpoint = await deps.transparency.log.newestCheckpoint();
  return {
    format: EXPORT_FORMAT,
    exportedAt: iso(deps.now()),
    account: { id: account.id, displayName: account.displayName, createdAt: iso(account.createdAt) },
    passkeys: passkeys.map((p) => ({ name: p.name, createdAt: iso(p.createdAt), lastUsedAt: p.lastUsedAt === null ? null : iso(p.lastUsedAt), backedUp: p.backedUp })),
    accessEvents,
    rightsRequests: await listRightsRequests(deps, { accountId: account.id }),
    log: { origin: deps.transparency.log.origin, verifierKey: deps.transparency.verifierKey, checkpoint: checkpoint.note, size: checkpoint.size },
  };
}
