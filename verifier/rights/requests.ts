// UU PDP rights requests: a citizen asks an agency to delete their data or complains about an access; the agency has
// 3x24 hours to answer. Filing and answering are both access-log events, so neither can quietly disappear.
import { randomUUID } from 'node:crypto';
import { recordAccessEvent, type Receipt } from '../access/record.js';
import { AppError } from '../errors.js';
import type { TransparencyLog } from '../log/transparency-log.js';
import type { RightsRequestKind, RightsRequestRecord, RightsRequestStatus } from '../store/repos/rights-requests.js';
import type { AgencyRecord, Store } from '../store/types.js';

/** UU PDP Pasal 32 and following: the controller answers within 3x24 hours. */
export const ANSWER_DEADLINE_MS = 3 * 24 * 3600 * 1000;

export interface RightsDeps {
  store: Store;
  log: TransparencyLog;
  now: () => number;
  /** The oversight body complaints are also addressed to (configured by the operator). */
  oversight: { name: string; contact: string };
}

export interface RightsRequestView extends RightsRequestRecord {
  overdue: boolean;
  agency: { id: string; name: string; dpoContact: string };
  /** Complaints also go to the oversight body. */
  oversight?: { name: string; contact: string };
  /**
   * Agency listings only: the agency's own references for the citizen the request is about — the named access's
   * reference for a complaint about one access, otherwise every reference on the agency's credentials and accesses
   * for that citizen — so the officer knows whose data it is.
   */
  agencyRefs?: string[];
}

async function requireAgency(store: Store, agencyId: string): Promise<AgencyRecord> {
  const agency = await store.agencies.get(agencyId);
  if (!agency) throw new AppError('not_found', { detail: `No agency ${agencyId} in the trust registry.` });
  return agency;
}

function view(deps: RightsDeps, r: RightsRequestRecord, agency: AgencyRecord): RightsRequestView {
  const open = r.status === 'filed' || r.status === 'acknowledged';
  return {
    ...r,
    overdue: open && deps.now() > r.dueAt,
    agency: { id: agency.id, name: agency.legalName, dpoContact: agency.dpoContact },
    ...(r.kind === 'complaint' ? { oversight: deps.oversight } : {}),
  };
}

export async function fileRightsRequest(
  deps: RightsDeps,
  accountId: string,
  input: { kind: RightsRequestKind; agencyId: string; eventId?: string | undefined; message: string },
): Promise<{ request: RightsRequestView; receipt: Receipt }> {
  const agency = await requireAgency(deps.store, input.agencyId);
  let agencyRef: string | null = null;
  if (input.eventId) {
    const event = await deps.store.accessEvents.get(input.eventId);
    // A complaint may only name an access the citizen can see, and one by that agency.
    if (!event || event.accountId !== accountId || event.agencyId !== agency.id) {
      throw new AppError('not_found', { detail: 'No such access event in your log for this agency.' });
    }
    agencyRef = event.agencyRef ?? null;
  }
  const now = deps.now();
  const record: RightsRequestRecord = {
    id: randomUUID(),
    accountId,
    agencyId: agency.id,
    kind: input.kind,
    eventId: input.eventId ?? null,
    message: input.message,
    status: 'filed',
    response: null,
    filedAt: now,
    dueAt: now + ANSWER_DEADLINE_MS,
    answeredAt: null,
    updatedAt: now,
  };
  const recorded = await recordAccessEvent(
    { log: deps.log, now: deps.now },
    {
      kind: 'rights_request_filed',
      agency: { id: agency.id, name: agency.legalName },
      subject: {},
      accountId,
      agencyRef,
      details: { rightsRequestId: record.id, rightsRequestKind: record.kind },
    },
    { write: (tx) => tx.rightsRequests.insert(record) },
  );
  return { request: view(deps, record, agency), receipt: recorded.receipt };
}

export async function listRightsRequests(deps: RightsDeps, owner: { accountId: string } | { agencyId: string }): Promise<RightsRequestView[]> {
  const rows =
    'accountId' in owner ? await deps.store.rightsRequests.listForAccount(owner.accountId, 200) : await deps.store.rightsRequests.listForAgency(owner.agencyId, 200);
  const agencies = new Map<string, AgencyRecord>();
  const out: RightsRequestView[] = [];
  for (const r of rows) {
    let agency = agencies.get(r.agencyId);
    if (!agency) {
      agency = await requireAgency(deps.store, r.agencyId);
      agencies.set(r.agencyId, agency);
    }
    out.push('agencyId' in owner ? { ...view(deps, r, agency), agencyRefs: await agencyRefsOf(deps.store, r) } : view(deps, r, agency));
  }
  return out;
}

/** The agency's references for the citizen a rights request is about (see RightsRequestView.agencyRefs). */
async function agencyRefsOf(store: Store, r: RightsRequestRecord): Promise<string[]> {
  if (r.eventId) {
    const ref = (await store.accessEvents.get(r.eventId))?.agencyRef;
    if (ref) return [ref];
  }
  const refs = new Set([...(await store.issuedCredentials.refsForAccount(r.agencyId, r.accountId)), ...(await store.accessEvents.refsForAccount(r.agencyId, r.accountId))]);
  return [...refs].sort();
}

const allowedFrom: Record<Exclude<RightsRequestStatus, 'filed'>, RightsRequestStatus[]> = {
  acknowledged: ['filed'],
  completed: ['filed', 'acknowledged'],
  rejected: ['filed', 'acknowledged'],
};

export async function answerRightsRequest(
  deps: RightsDeps,
  agency: AgencyRecord,
  requestId: string,
  input: { status: Exclude<RightsRequestStatus, 'filed'>; response?: string | undefined },
): Promise<{ request: RightsRequestView; receipt?: Receipt }> {
  const existing = await deps.store.rightsRequests.get(requestId);
  // Another agency's request is indistinguishable from a missing one.
  if (!existing || existing.agencyId !== agency.id) throw new AppError('not_found', { detail: 'No such rights request for this agency.' });
  const final = input.status !== 'acknowledged';
  if (final && !input.response) {
    throw new AppError('invalid_request', {
      detail: 'A completed or rejected request needs a response to the citizen.',
      fieldErrors: [{ path: '/body/response', message: 'required for completed or rejected' }],
    });
  }
  const now = deps.now();
  const change = { status: input.status, response: input.response ?? existing.response, answeredAt: final ? now : null, updatedAt: now };
  if (!final) {
    if (!(await deps.store.rightsRequests.transition(requestId, allowedFrom[input.status], change))) {
      throw new AppError('conflict', { detail: `The request is already ${existing.status}.` });
    }
    return { request: view(deps, { ...existing, ...change }, agency) };
  }
  let moved = false;
  const recorded = await recordAccessEvent(
    { log: deps.log, now: deps.now },
    {
      kind: 'rights_request_answered',
      agency: { id: agency.id, name: agency.legalName },
      subject: {},
      accountId: existing.accountId,
      details: { rightsRequestId: existing.id, rightsRequestKind: existing.kind, outcome: input.status },
    },
    {
      write: async (tx) => {
        moved = await tx.rightsRequests.transition(requestId, allowedFrom[input.status], change);
        // Throwing rolls the event back with it: an answer is logged exactly when it is recorded.
        if (!moved) throw new AppError('conflict', { detail: `The request is already ${existing.status}.` });
      },
    },
  );
  return { request: view(deps, { ...existing, ...change }, agency), receipt: recorded.receipt };
}
