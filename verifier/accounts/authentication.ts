// Passkey sign-in with a discoverable credential: options, then the ordered checks and the library's signature check.
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { AppError } from '../errors.js';
import type { AccountRecord, PasskeyRecord } from '../store/types.js';
import {
  checkBackupFlags,
  checkCeremonyType,
  checkCounter,
  checkOrigin,
  checkRpIdHash,
  checkUserVerified,
  consumeChallenge,
  readAssertionAuthData,
  readClientData,
} from './ceremony-guards.js';
import { CHALLENGE_TTL_MS, type AccountsDeps } from './deps.js';

export async function signInOptions(deps: AccountsDeps): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({
    rpID: deps.config.webauthn.rpId,
    userVerification: 'required',
    timeout: CHALLENGE_TTL_MS,
  });
  await deps.store.webauthnChallenges.put({
    challenge: options.challenge,
    purpose: 'authentication',
    accountId: null,
    userHandle: null,
    displayName: null,
    expiresAt: deps.now() + CHALLENGE_TTL_MS,
  });
  return options;
}

export async function authenticate(
  deps: AccountsDeps,
  response: AuthenticationResponseJSON,
): Promise<{ account: AccountRecord; passkey: PasskeyRecord }> {
  const clientData = readClientData(response.response.clientDataJSON);
  checkCeremonyType(clientData, 'webauthn.get');
  const challenge = await consumeChallenge(deps, clientData, 'authentication');
  checkOrigin(deps, clientData);
  const passkey = await deps.store.accounts.passkeyByCredentialId(response.id);
  if (!passkey) throw new AppError('webauthn_credential_unknown', { detail: 'This passkey is not registered with Sahih.' });
  const account = await deps.store.accounts.get(passkey.accountId);
  if (!account) throw new AppError('webauthn_credential_unknown', { detail: 'This passkey is not registered with Sahih.' });
  // The user handle is optional in an assertion, but when present it must name the passkey's account.
  if (response.response.userHandle && response.response.userHandle !== account.userHandle) {
    throw new AppError('webauthn_verification_failed', { detail: 'The user handle does not match the passkey.' });
  }
  const authData = readAssertionAuthData(response.response.authenticatorData);
  checkRpIdHash(deps, authData);
  checkUserVerified(authData);
  checkBackupFlags(authData, passkey.backupEligible);
  checkCounter(authData, passkey.counter);
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: deps.config.webauthn.origins,
      expectedRPID: deps.config.webauthn.rpId,
      requireUserVerification: true,
      credential: {
        id: passkey.credentialId,
        publicKey: isoBase64URL.toBuffer(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports as never,
      },
    });
  } catch (cause) {
    throw new AppError('webauthn_verification_failed', { detail: 'The passkey signature could not be verified.', cause });
  }
  if (!verified.verified) throw new AppError('webauthn_verification_failed', { detail: 'The passkey signature could not be verified.' });
  const usedAt = deps.now();
  const info = verified.authenticationInfo;
  await deps.store.accounts.recordPasskeyUse(passkey.id, { counter: info.newCounter, backedUp: info.credentialBackedUp, usedAt });
  return { account, passkey: { ...passkey, counter: info.newCounter, backedUp: info.credentialBackedUp, lastUsedAt: usedAt } };
}
