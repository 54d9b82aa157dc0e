// The citizen's new consent record for a change, checked as ordered guards against the consent's current record:
// signed by the same holder key, the state the endpoint names and one the current state may move to, linked to the
// current record by its hash, and otherwise the same agreement (agency, purpose, subject and every other field),
// with the history extended by exactly this change.
import { isDeepStrictEqual } from 'node:util';
import { canTransition, type ConsentRecord, type ConsentState } from '../../shared/consent/record.js';
import { consentRecordHash, verifyConsentRecord } from '../../shared/consent/sign.js';
import { jwkThumbprint, toEs256PublicJwk } from '../../shared/crypto/jwk.js';
import type { CryptoProvider, Es256PublicJwk } from '../../shared/crypto/types.js';
import { decodeBase64urlJson } from '../../shared/encoding/base64url.js';
import { AppError } from '../errors.js';
import type { ConsentRow } from '../store/repos/consents.js';

/** How far ahead of the service's clock a record's createdAt may be (phones' clocks drift). */
const CLOCK_SKEW_SECONDS = 300;
/** The fields a change never alters (nextConsentRecord copies them from the previous record). */
const FIXED_FIELDS = [
  'schemaVersion',
  'jurisdiction',
  'language',
  'privacyNotice',
  'purpose',
  'legalBasis',
  'dataItems',
  'retentionDays',
  'recipients',
  'withdrawal',
  'rights',
  'supervisingAuthority',
  'presentation',
] as const satisfies readonly (keyof ConsentRecord)[];

const invalid = (detail: string) => new AppError('consent_invalid', { detail });

export async function holderKeyOf(row: ConsentRow, offered: unknown, crypto: CryptoProvider): Promise<Es256PublicJwk> {
  const stored = row.holderJwk === null ? undefined : toEs256PublicJwk(JSON.parse(row.holderJwk));
  if (stored) return stored;
  // Consents stored before the holder key was kept: the wallet sends it, and it must be the key of the stored thumbprint.
  const jwk = toEs256PublicJwk(offered);
  if (!jwk) throw invalid('Send holderJwk, the public key that signed the consent.');
  if ((await jwkThumbprint(jwk, crypto)) !== row.holderThumbprint) throw invalid('holderJwk is not the key that signed this consent.');
  return jwk;
}

export async function checkChangeRecord(options: {
  row: ConsentRow;
  /** The state as of now (expiry applies before the sweep). */
  currentState: ConsentState;
  target: ConsentState;
  token: string;
  holderJwk: Es256PublicJwk;
  crypto: CryptoProvider;
  nowSeconds: number;
}): Promise<ConsentRecord> {
  const { row, target } = options;
  if (!canTransition(options.currentState, target)) {
    throw new AppError('consent_transition_invalid', { detail: `A ${options.currentState} consent cannot become ${target}.` });
  }
  const verified = await verifyConsentRecord({ token: options.token, holderJwk: options.holderJwk, crypto: options.crypto });
  if (!verified.ok) throw invalid(`The new consent record does not verify (${verified.code}).`);
  const next = verified.record;
  const previous = decodeBase64urlJson(row.currentRecordJws.split('.')[1]!) as ConsentRecord;
  if (next.state !== target) throw invalid(`The new record's state is ${next.state}, not ${target}.`);
  if (next.previous?.recordId !== row.currentRecordId || next.previous.sha256 !== (await consentRecordHash(row.currentRecordJws, options.crypto))) {
    throw new AppError('consent_chain_mismatch', { detail: `The new record must link to the current record ${row.currentRecordId} by its SHA-256.` });
  }
  const mismatch = mismatchOf(previous, next, options.nowSeconds);
  if (mismatch) throw invalid(`The new record's ${mismatch} does not continue the current record.`);
  return next;
}

function mismatchOf(previous: ConsentRecord, next: ConsentRecord, nowSeconds: number): string | undefined {
  const checks: [boolean, string][] = [
    [next.subject.holderKeyThumbprint === previous.subject.holderKeyThumbprint, 'subject'],
    [isDeepStrictEqual(next.controller, previous.controller), 'controller'],
    [next.purpose.code === previous.purpose.code, 'purpose.code'],
    [next.recordId !== previous.recordId, 'recordId'],
    [next.createdAt >= previous.createdAt && next.createdAt <= nowSeconds + CLOCK_SKEW_SECONDS, 'createdAt'],
    ...FIXED_FIELDS.map((field): [boolean, string] => [isDeepStrictEqual(next[field], previous[field]), field]),
    [
      next.statusHistory.length === previous.statusHistory.length + 1 &&
        isDeepStrictEqual(next.statusHistory.slice(0, -1), previous.statusHistory) &&
        isDeepStrictEqual(next.statusHistory.at(-1), { state: next.state, at: next.createdAt }),
      'statusHistory',
    ],
  ];
  return checks.find(([ok]) => !ok)?.[1];
}
