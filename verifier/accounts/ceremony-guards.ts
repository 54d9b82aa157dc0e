// The WebAuthn checks we make ourselves, before the library verifies the signature, so each failure has its own
// stable code: ordered guard clauses, each a named helper throwing an AppError.
import { createHash } from 'node:crypto';
import {
  decodeAttestationObject,
  decodeClientDataJSON,
  isoBase64URL,
  parseAuthenticatorData,
  type ParsedAuthenticatorData,
} from '@simplewebauthn/server/helpers';
import { AppError } from '../errors.js';
import type { ChallengePurpose, ChallengeRecord } from '../store/types.js';
import type { AccountsDeps } from './deps.js';

export interface ClientData {
  type: string;
  challenge: string;
  origin: string;
  crossOrigin?: boolean;
}

export function readClientData(clientDataJSON: string): ClientData {
  try {
    const data = decodeClientDataJSON(clientDataJSON);
    if (typeof data.type !== 'string' || typeof data.challenge !== 'string' || typeof data.origin !== 'string') throw new Error();
    return data;
  } catch {
    throw new AppError('webauthn_verification_failed', { detail: 'clientDataJSON is not valid base64url JSON.' });
  }
}

export function checkCeremonyType(clientData: ClientData, expected: 'webauthn.create' | 'webauthn.get'): void {
  if (clientData.type !== expected) {
    throw new AppError('webauthn_verification_failed', { detail: `clientDataJSON.type must be "${expected}".` });
  }
}

/** Burns the challenge whatever happens next: a failed attempt cannot be retried with the same challenge. */
export async function consumeChallenge(deps: AccountsDeps, clientData: ClientData, purpose: ChallengePurpose): Promise<ChallengeRecord> {
  const record = await deps.store.webauthnChallenges.consume(clientData.challenge, purpose, deps.now());
  if (!record) {
    throw new AppError('webauthn_challenge_invalid', { detail: 'Ask for new options: this challenge is unknown, expired or used.' });
  }
  return record;
}

export function checkOrigin(deps: AccountsDeps, clientData: ClientData): void {
  if (clientData.crossOrigin === true || !deps.config.webauthn.origins.includes(clientData.origin)) {
    throw new AppError('webauthn_origin_mismatch', { detail: 'The passkey was used on an origin this service does not accept.' });
  }
}

export function readRegistrationAuthData(attestationObject: string): ParsedAuthenticatorData {
  try {
    const decoded = decodeAttestationObject(isoBase64URL.toBuffer(attestationObject));
    return parseAuthenticatorData(decoded.get('authData'));
  } catch {
    throw new AppError('webauthn_verification_failed', { detail: 'attestationObject could not be decoded.' });
  }
}

export function readAssertionAuthData(authenticatorData: string): ParsedAuthenticatorData {
  try {
    return parseAuthenticatorData(isoBase64URL.toBuffer(authenticatorData));
  } catch {
    throw new AppError('webauthn_verification_failed', { detail: 'authenticatorData could not be decoded.' });
  }
}

export function checkRpIdHash(deps: AccountsDeps, authData: ParsedAuthenticatorData): void {
  const expected = createHash('sha256').update(deps.config.webauthn.rpId).digest();
  if (!Buffer.from(authData.rpIdHash).equals(expected)) {
    throw new AppError('webauthn_rp_id_mismatch', { detail: `The passkey belongs to another relying party than ${deps.config.webauthn.rpId}.` });
  }
}

export function checkUserVerified(authData: ParsedAuthenticatorData): void {
  if (!authData.flags.up) throw new AppError('webauthn_verification_failed', { detail: 'The authenticator did not report user presence.' });
  if (!authData.flags.uv) {
    throw new AppError('webauthn_user_not_verified', { detail: 'Unlock the passkey with your fingerprint, face or screen lock.' });
  }
}

/** WebAuthn §6.1.3: BS may only be set when BE is, and BE never changes over a credential's lifetime. */
export function checkBackupFlags(authData: ParsedAuthenticatorData, storedBackupEligible?: boolean): void {
  if (authData.flags.bs && !authData.flags.be) {
    throw new AppError('webauthn_backup_state_invalid', { detail: 'Backed up but not backup-eligible.' });
  }
  if (storedBackupEligible !== undefined && authData.flags.be !== storedBackupEligible) {
    throw new AppError('webauthn_backup_state_invalid', { detail: 'The backup-eligible flag changed since registration.' });
  }
}

/** §7.2 step 21: a counter that does not grow (when either side is non-zero) signals a cloned authenticator. */
export function checkCounter(authData: ParsedAuthenticatorData, storedCounter: number): void {
  if ((authData.counter > 0 || storedCounter > 0) && authData.counter <= storedCounter) {
    throw new AppError('webauthn_counter_regressed', {
      detail: `The signature counter ${authData.counter} is not above ${storedCounter}; this passkey may have been copied.`,
    });
  }
}
