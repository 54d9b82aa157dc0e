// Passkey ceremonies in the browser (@simplewebauthn/browser), asking for the PRF extension so the wallet can derive
// its storage key. The PRF output stays on the phone: it is removed from what is sent to the service.
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';

type Json = Record<string, unknown>;

export interface CeremonyResult<R> {
  /** What the service verifies, with client extension outputs removed. */
  response: R;
  credentialId: string;
  /** PRF output for the salt, when the authenticator supports PRF. */
  prf: ArrayBuffer | undefined;
  prfEnabled: boolean;
}

interface PrfOutputs {
  enabled?: boolean;
  results?: { first?: BufferSource };
}

function withPrf(options: Json, salt: Uint8Array<ArrayBuffer> | undefined): Json {
  if (!salt) return options;
  return { ...options, extensions: { ...(options.extensions as Json | undefined), prf: { eval: { first: salt } } } };
}

function prfOf(results: unknown): { output: ArrayBuffer | undefined; enabled: boolean } {
  const prf = (results as { prf?: PrfOutputs } | undefined)?.prf;
  const first = prf?.results?.first;
  const output = first === undefined ? undefined : first instanceof ArrayBuffer ? first : (first as Uint8Array).slice().buffer;
  return { output: output as ArrayBuffer | undefined, enabled: prf?.enabled === true || output !== undefined };
}

export async function createPasskey(optionsJSON: Json, salt?: Uint8Array<ArrayBuffer>): Promise<CeremonyResult<Json>> {
  const response = (await startRegistration({ optionsJSON: withPrf(optionsJSON, salt) as never })) as unknown as Json;
  const { output, enabled } = prfOf(response.clientExtensionResults);
  return { response: { ...response, clientExtensionResults: {} }, credentialId: response.id as string, prf: output, prfEnabled: enabled };
}

export async function usePasskey(optionsJSON: Json, salt?: Uint8Array<ArrayBuffer>): Promise<CeremonyResult<Json>> {
  const response = (await startAuthentication({ optionsJSON: withPrf(optionsJSON, salt) as never })) as unknown as Json;
  const { output, enabled } = prfOf(response.clientExtensionResults);
  return { response: { ...response, clientExtensionResults: {} }, credentialId: response.id as string, prf: output, prfEnabled: enabled };
}

function randomChallenge(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Evaluates PRF locally (no server, works offline): a WebAuthn get with a throw-away challenge, optionally limited to
 * one credential. Used to unlock the wallet and to get a PRF output when registration did not return one.
 */
export async function evaluatePrf(salt: Uint8Array<ArrayBuffer>, credentialId?: string): Promise<{ credentialId: string; output: ArrayBuffer } | undefined> {
  const result = await usePasskey(
    {
      challenge: randomChallenge(),
      rpId: location.hostname,
      userVerification: 'required',
      timeout: 120_000,
      ...(credentialId ? { allowCredentials: [{ id: credentialId, type: 'public-key' }] } : {}),
    },
    salt,
  );
  return result.prf ? { credentialId: result.credentialId, output: result.prf } : undefined;
}
