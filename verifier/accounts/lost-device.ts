// "I lost my phone": from another signed-in device the citizen names the lost phone's passkey, and in one step the
// service ends that device's sessions, removes the passkey and suspends (Token Status List value 2, reversible by the
// issuer; not revoked) every credential whose holder key was bound while signed in with it. Issuers get
// `credential.suspended`, agencies holding an active consent under those keys `account.device_lost`, and each issuer's
// suspension is an access event in the citizen's log.
//
// Unknown device (rows from before migration 0036, keys proven with a holder-key proof): their sessions are ended too,
// except the asking one, since any of them could be the lost phone's and ending a session costs only a sign-in; their
// credentials are NOT suspended (the citizen may still hold them on the phone in hand) but counted in the summary
// (`unknownDeviceCredentials`) so the wallet can say so.
import { randomUUID } from 'node:crypto';
import { STATUS_SUSPENDED, STATUS_VALID } from '../../shared/status/status-list.js';
import { recordAccessEvent, type NewAccessEvent } from '../access/record.js';
import { AppError } from '../errors.js';
import { byAgency } from './by-agency.js';
import type { TransparencyLog } from '../log/transparency-log.js';
import type { RegistryContext, StoreView } from '../registry/context.js';
import { statusListToken } from '../status/status-lists.js';
import type { SessionRecord } from '../store/types.js';
import { enqueueWebhook } from '../webhooks/enqueue.js';

export interface LostDeviceDeps {
  ctx: RegistryContext;
  log: TransparencyLog;
}

export interface LostDeviceSummary {
  passkeyId: string;
  sessionsEnded: number;
  credentialsSuspended: { credentialId: string; agencyId: string; credentialType: string }[];
  /** Valid credentials under keys bound without a known device: left valid (see the header). */
  unknownDeviceCredentials: number;
  /** Access-log event ids, one per issuing agency. */
  eventIds: string[];
}

const REASON = 'device_lost';

/** Guard clauses before anything changes: the passkey is the account's, not this session's, and not the last one. */
async function checkLostPasskey(ctx: RegistryContext, accountId: string, session: SessionRecord, passkeyId: string): Promise<void> {
  const passkeys = await ctx.store.accounts.listPasskeys(accountId);
  // Another account's passkey is "not found": a session never learns what it does not own.
  if (!passkeys.some((p) => p.id === passkeyId)) throw new AppError('not_found', { detail: 'No such passkey on this account.' });
  if (session.passkeyId === passkeyId) {
    throw new AppError('passkey_in_use', { detail: 'You are signed in with this passkey; report a phone lost from another device.' });
  }
  if (passkeys.length <= 1) throw new AppError('passkey_last_remaining', { detail: 'Add another passkey before removing this one, or you could not sign in.' });
}

export async function reportLostDevice(deps: LostDeviceDeps, accountId: string, session: SessionRecord, passkeyId: string): Promise<LostDeviceSummary> {
  const { ctx } = deps;
  await checkLostPasskey(ctx, accountId, session, passkeyId);
  const now = ctx.now();
  const onDevice = await ctx.store.issuedCredentials.forDevice(accountId, passkeyId);
  const toSuspend = onDevice.filter((c) => c.status === STATUS_VALID);
  const lostKeys = new Set(onDevice.map((c) => c.holderJkt));
  const unknownDeviceCredentials = (await ctx.store.issuedCredentials.forDevice(accountId, null)).filter((c) => c.status === STATUS_VALID).length;
  let sessionsEnded = 0;

  // Everything the citizen asked for, all or nothing; written with the first issuer's access event when there is one,
  // so the suspension is logged exactly when it happens.
  const apply = async (tx: StoreView) => {
    const removed = await tx.accounts.removePasskey(accountId, passkeyId);
    if (removed === 'not_found') throw new AppError('not_found', { detail: 'No such passkey on this account.' });
    if (removed === 'last') throw new AppError('passkey_last_remaining', { detail: 'Add another passkey before removing this one, or you could not sign in.' });
    sessionsEnded = await tx.sessions.deleteForPasskey(accountId, passkeyId, { keep: session.idHash, unknownDevice: true });
    for (const c of toSuspend) {
      await tx.issuedCredentials.setStatus(c.agencyId, c.id, STATUS_SUSPENDED, now);
      await tx.statusLists.clearToken(c.statusListId);
      await enqueueWebhook(tx, {
        id: randomUUID(),
        agencyId: c.agencyId,
        type: 'credential.suspended',
        at: now,
        data: { credentialId: c.id, credentialType: c.credentialTypeId, agencyRef: c.agencyRef ?? null, reason: REASON },
      });
    }
    // Verifiers holding an active consent given with a key of the lost phone: presentations under it will now fail.
    const consents = (await tx.consents.listForAccount(accountId, 1000)).filter((c) => c.state === 'active' && lostKeys.has(c.holderThumbprint));
    for (const [agencyId, held] of byAgency(consents)) {
      await enqueueWebhook(tx, { id: randomUUID(), agencyId, type: 'account.device_lost', at: now, data: { consentIds: held.map((c) => c.id), reason: REASON } });
    }
  };

  const groups = [...byAgency(toSuspend)];
  const eventIds: string[] = [];
  if (groups.length === 0) await ctx.store.transaction(apply);
  for (const [i, [agencyId, credentials]] of groups.entries()) {
    const agency = await ctx.store.agencies.get(agencyId);
    const event: NewAccessEvent = {
      kind: 'credential_suspended',
      accountId,
      agency: { id: agencyId, name: agency?.legalName ?? agencyId },
      subject: {},
      details: { reason: REASON, credentials: String(credentials.length) },
    };
    const recorded = await recordAccessEvent({ log: deps.log, now: ctx.now }, event, i === 0 ? { write: (tx) => apply(tx) } : {});
    eventIds.push(recorded.receipt.eventId);
  }
  // Relying parties read the new state from the re-signed lists (as changeCredentialStatus does).
  for (const listId of new Set(toSuspend.map((c) => c.statusListId))) await statusListToken(ctx, listId);
  return {
    passkeyId,
    sessionsEnded,
    credentialsSuspended: toSuspend.map((c) => ({ credentialId: c.id, agencyId: c.agencyId, credentialType: c.credentialTypeId })),
    unknownDeviceCredentials,
    eventIds,
  };
}
