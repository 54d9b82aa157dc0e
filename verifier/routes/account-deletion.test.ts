// Deleting an account through app.request(), on SQLite and PostgreSQL: a citizen who used everything (two phones, two
// credentials, a consent shared then withdrawn, a lost phone, a rights request, a re-issue request, a backup,
// feedback) deletes the account; then every table the database itself lists is read and no value names the account,
// its passkeys or its holder keys; another citizen's rows stay; the log keeps its leaves and every checkpoint,
// inclusion and consistency proof still verifies; the agency holding the consent is told; the passkey no longer signs in.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventCommitment } from '../../shared/merkle/event.js';
import { leafHash } from '../../shared/merkle/hash.js';
import { openSignedCheckpoint } from '../../shared/merkle/checkpoint.js';
import { verifyConsistency, verifyInclusion } from '../../shared/merkle/verify.js';
import { decodeBase64url, encodeBase64url } from '../../shared/encoding/base64url.js';
import { addPhone, type Citizen } from '../../test/support/citizen.js';
import { citizenInit, citizenWithKtp, consentWorld, nextRecord, registerWebhookFor, RS, shareWithHospital, type ConsentWorld } from '../../test/support/consent.js';
import { jsonInit } from '../../test/support/issuance.js';
import { issueKtp, ORIGIN } from '../../test/support/presentation.js';
import { nodeTrustedKey } from '../log/witness.js';

let w: ConsentWorld;
beforeEach(async () => {
  w = await consentWorld();
});
afterEach(async () => w.t.close());

const sha256 = (d: Uint8Array) => Promise.resolve(new Uint8Array(createHash('sha256').update(d).digest()));
const codeOf = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];
const post = (c: Citizen, path: string, body: unknown) => w.request(path, citizenInit(c, body));
const eventsOf = async (c: Citizen) =>
  ((await (await w.request('/v1/me/access-events', { headers: { cookie: c.cookie } })).json()) as { events: { eventId: string; kind: string; leafIndex: number; body: string; salt: string }[] }).events;

/** Every (table, column) whose value mentions one of the needles, read from the database's own list of tables. */
async function mentions(needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const [table, rows] of Object.entries(await w.t.tableRows())) {
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        const text = value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : typeof value === 'string' ? value : JSON.stringify(value ?? null);
        for (const needle of needles) if (text.includes(needle)) found.push(`${table}.${column} mentions ${needle.slice(0, 8)}…`);
      }
    }
  }
  return found;
}

describe('POST /v1/me/deletion', () => {
  it('erases every row naming the account, its passkeys and keys; the log still verifies; agencies are told', async () => {
    const siti = await citizenWithKtp(w);
    const budi = await citizenWithKtp(w, 'Budi');
    for (const agency of ['dukcapil', RS]) expect((await registerWebhookFor(w, agency, 'http://localhost:8080/hook', 'admin')).res.status).toBe(200);
    const shared = await shareWithHospital(w, siti);
    const budiShared = await shareWithHospital(w, budi);
    const phoneB = await addPhone(w.request, siti.citizen);
    const onB = await issueKtp({ request: w.request, apiKey: w.keys.dukcapil!, nowSeconds: w.nowSeconds, cookie: phoneB.cookie });
    const next = await nextRecord(shared.jws, 'withdrawn', siti.cred.holder, w.nowSeconds());
    expect((await post(siti.citizen, `/v1/me/consents/${shared.consentId}/withdraw`, { record: next.jws })).status).toBe(200);
    const [sharedEvent] = (await eventsOf(siti.citizen)).filter((e) => e.kind === 'presentation_shared');
    expect((await post(siti.citizen, '/v1/me/feedback', { eventId: sharedEvent!.eventId, rating: 5 })).status).toBe(201);
    expect((await post(siti.citizen, '/v1/me/rights-requests', { kind: 'deletion', agencyId: RS, message: 'Mohon hapus data saya.' })).status).toBe(201);
    expect((await w.request('/v1/me/backup', { ...citizenInit(phoneB, { expectedVersion: 0, sealed: encodeBase64url(new TextEncoder().encode('opaque')) }), method: 'PUT' })).status).toBe(200);
    expect((await post(phoneB, '/v1/me/credentials/rebind', { credential: onB.sdJwt })).status).toBe(200);
    const passkeys = (await (await w.request('/v1/passkeys', { headers: { cookie: phoneB.cookie } })).json()) as { passkeys: { id: string; name: string }[] };
    const phoneA = passkeys.passkeys.find((p) => p.name === 'Phone')!;
    expect((await post(phoneB, '/v1/me/lost-device', { passkeyId: phoneA.id })).status).toBe(200);

    const account = (await w.t.store.accounts.get(siti.citizen.accountId))!;
    const needles = [account.id, account.userHandle, siti.cred.thumbprint, onB.thumbprint, siti.citizen.authenticator.id, phoneB.authenticator.id, ...passkeys.passkeys.map((p) => p.id)];
    expect((await mentions(needles)).length).toBeGreaterThan(0);
    const before = await w.t.transparency.log.checkpoint();
    const budiEvents = await eventsOf(budi.citizen);

    // Refused without the explicit confirmation, or without the CSRF defence.
    for (const bad of [{}, { confirm: false }, { confirm: 'yes' }]) expect(await codeOf(await post(phoneB, '/v1/me/deletion', bad))).toEqual([400, 'invalid_request']);
    expect(await codeOf(await w.request('/v1/me/deletion', jsonInit({ confirm: true }, { cookie: phoneB.cookie, origin: ORIGIN })))).toEqual([403, 'csrf_rejected']);

    const res = await post(phoneB, '/v1/me/deletion', { confirm: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/sahih_session=;/);
    const summary = (await res.json()) as { passkeys: number; consents: number; agenciesNotified: string[] };
    expect(summary).toMatchObject({ passkeys: 1, consents: 1, agenciesNotified: [RS] });

    expect(await mentions(needles)).toEqual([]);
    // Budi is untouched.
    expect(await w.t.store.accounts.get(budi.citizen.accountId)).toBeDefined();
    expect((await eventsOf(budi.citizen)).map((e) => e.eventId)).toEqual(budiEvents.map((e) => e.eventId));
    expect((await w.t.store.consents.get(budiShared.consentId))?.state).toBe('active');

    // The agency holding the consent was told, naming the consent and not the citizen.
    const deliveries = (await w.t.store.webhookDeliveries.listForAgency(RS, 20)).map((d) => JSON.parse(d.payload) as { type: string; data: Record<string, unknown> });
    expect(deliveries.filter((d) => d.type === 'account.deleted')).toEqual([expect.objectContaining({ data: { consentIds: [shared.consentId], liveConsentIds: [] } })]);

    // The log kept every leaf: the checkpoint, each inclusion proof and consistency with the earlier checkpoint verify.
    const log = w.t.transparency.log;
    const trusted = [await nodeTrustedKey(w.t.transparency.verifierKey)];
    const after = await openSignedCheckpoint((await log.checkpoint()).note, trusted);
    const earlier = await openSignedCheckpoint(before.note, trusted);
    expect(after.size).toBe(earlier.size);
    for (let i = 0; i < after.size; i++) {
      expect(await verifyInclusion(sha256, { leafHash: await log.leafHashAt(i), index: i, size: after.size, proof: await log.inclusionProof(i, after.size), root: after.root })).toEqual({ ok: true });
    }
    expect(Buffer.from(after.root)).toEqual(Buffer.from(earlier.root));
    // Another citizen's entry still opens: its text and salt recompute the leaf, against a later checkpoint too.
    const unrelated = budiEvents[0]!;
    const commitment = await eventCommitment(sha256, decodeBase64url(unrelated.salt), unrelated.body);
    expect(Buffer.from(await leafHash(sha256, commitment))).toEqual(Buffer.from(await log.leafHashAt(unrelated.leafIndex)));
    await post(budi.citizen, '/v1/me/rights-requests', { kind: 'complaint', agencyId: RS, message: 'Pertanyaan.' });
    const grown = await openSignedCheckpoint((await log.checkpoint()).note, trusted);
    const proof = await log.consistencyProof(after.size, grown.size);
    expect(await verifyConsistency(sha256, { first: after.size, second: grown.size, firstRoot: after.root, secondRoot: grown.root, proof })).toEqual({ ok: true });

    // Signed out, and the passkey no longer signs in.
    expect(await codeOf(await w.request('/v1/session', { headers: { cookie: phoneB.cookie } }))).toEqual([401, 'unauthenticated']);
    const headers = { 'content-type': 'application/json', origin: ORIGIN, 'x-sahih-csrf': '1' };
    const options = ((await (await w.request('/v1/session/options', { method: 'POST', headers })).json()) as { options: { challenge: string } }).options;
    expect(await codeOf(await w.request('/v1/session', { method: 'POST', headers, body: JSON.stringify({ response: phoneB.authenticator.get(options) }) }))).toEqual([401, 'webauthn_credential_unknown']);
  });
});
