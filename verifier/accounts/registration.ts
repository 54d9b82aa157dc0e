// Passkey registration: a new account with its first passkey, or another passkey for a signed-in account.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { AppError } from '../errors.js';
import type { AccountRecord, ChallengePurpose, ChallengeRecord, PasskeyRecord } from '../store/types.js';
import {
  checkBackupFlags,
  checkCeremonyType,
  checkOrigin,
  checkRpIdHash,
  checkUserVerified,
  consumeChallenge,
  readClientData,
  readRegistrationAuthData,
} from './ceremony-guards.js';
import { CHALLENGE_TTL_MS, type AccountsDeps } from './deps.js';

/** ES256 first (every platform authenticator), RS256 for Windows Hello. */
const ALGORITHMS = [-7, -257];
export const DEFAULT_DISPLAY_NAME = 'Sahih';

interface OptionsInput {
  purpose: ChallengePurpose;
  userHandle: string;
  displayName: string;
  accountId: string | null;
  exclude: PasskeyRecord[];
}

async function registrationOptions(deps: AccountsDeps, input: OptionsInput): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const options = await generateRegistrationOptions({
    rpName: deps.config.webauthn.rpName,
    rpID: deps.config.webauthn.rpId,
    userName: input.displayName,
    userDisplayName: input.displayName,
    userID: isoBase64URL.toBuffer(input.userHandle),
    attestationType: 'none',
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    supportedAlgorithmIDs: ALGORITHMS,
    excludeCredentials: input.exclude.map((p) => ({ id: p.credentialId, transports: p.transports })),
    extensions: { credProps: true } as never,
    timeout: CHALLENGE_TTL_MS,
  });
  await deps.store.webauthnChallenges.put({
    challenge: options.challenge,
    purpose: input.purpose,
    accountId: input.accountId,
    userHandle: input.userHandle,
    displayName: input.displayName,
    expiresAt: deps.now() + CHALLENGE_TTL_MS,
  });
  return options;
}

/** Options for a brand-new account: a random user handle that carries no personal data. */
export async function newAccountOptions(deps: AccountsDeps, displayName?: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return registrationOptions(deps, {
    purpose: 'registration',
    userHandle: randomBytes(32).toString('base64url'),
    displayName: displayName?.trim() || DEFAULT_DISPLAY_NAME,
    accountId: null,
    exclude: [],
  });
}

/** Options for adding a passkey to a signed-in account: same user handle, existing passkeys excluded. */
export async function addPasskeyOptions(deps: AccountsDeps, account: AccountRecord): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return registrationOptions(deps, {
    purpose: 'add-passkey',
    userHandle: account.userHandle,
    displayName: account.displayName,
    accountId: account.id,
    exclude: await deps.store.accounts.listPasskeys(account.id),
  });
}

/** Runs every guard, then the library's attestation and signature checks; returns the passkey to store. */
async function verifyNewPasskey(
  deps: AccountsDeps,
  response: RegistrationResponseJSON,
  purpose: ChallengePurpose,
  name: string | undefined,
): Promise<{ challenge: ChallengeRecord; passkey: Omit<PasskeyRecord, 'accountId'> }> {
  const clientData = readClientData(response.response.clientDataJSON);
  checkCeremonyType(clientData, 'webauthn.create');
  const challenge = await consumeChallenge(deps, clientData, purpose);
  checkOrigin(deps, clientData);
  const authData = readRegistrationAuthData(response.response.attestationObject);
  checkRpIdHash(deps, authData);
  checkUserVerified(authData);
  checkBackupFlags(authData);
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: deps.config.webauthn.origins,
      expectedRPID: deps.config.webauthn.rpId,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    });
  } catch (cause) {
    throw new AppError('webauthn_verification_failed', { detail: 'The passkey attestation could not be verified.', cause });
  }
  if (!verified.verified) throw new AppError('webauthn_verification_failed', { detail: 'The passkey attestation could not be verified.' });
  const info = verified.registrationInfo;
  if (await deps.store.accounts.passkeyByCredentialId(info.credential.id)) {
    throw new AppError('conflict', { detail: 'This passkey is already registered.' });
  }
  const now = deps.now();
  return {
    challenge,
    passkey: {
      id: randomUUID(),
      credentialId: info.credential.id,
      publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
      counter: info.credential.counter,
      transports: response.response.transports ?? [],
      deviceType: info.credentialDeviceType,
      backupEligible: authData.flags.be,
      backedUp: info.credentialBackedUp,
      aaguid: info.aaguid,
      name: name?.trim() || `Passkey ${new Date(now).toISOString().slice(0, 10)}`,
      createdAt: now,
      lastUsedAt: now,
    },
  };
}

export async function registerAccount(
  deps: AccountsDeps,
  response: RegistrationResponseJSON,
  passkeyName?: string,
): Promise<{ account: AccountRecord; passkey: PasskeyRecord }> {
  const { challenge, passkey } = await verifyNewPasskey(deps, response, 'registration', passkeyName);
  const account: AccountRecord = {
    id: randomUUID(),
    userHandle: challenge.userHandle!,
    displayName: challenge.displayName ?? DEFAULT_DISPLAY_NAME,
    createdAt: deps.now(),
  };
  const stored = { ...passkey, accountId: account.id };
  await deps.store.accounts.create(account, stored);
  return { account, passkey: stored };
}

export async function addPasskey(
  deps: AccountsDeps,
  account: AccountRecord,
  response: RegistrationResponseJSON,
  passkeyName?: string,
): Promise<PasskeyRecord> {
  const { challenge, passkey } = await verifyNewPasskey(deps, response, 'add-passkey', passkeyName);
  // The options were issued to this account: a challenge fetched by another session cannot add a passkey here.
  if (challenge.accountId !== account.id) {
    throw new AppError('webauthn_challenge_invalid', { detail: 'These options were issued to another account.' });
  }
  const stored = { ...passkey, accountId: account.id };
  await deps.store.accounts.addPasskey(stored);
  return stored;
}
