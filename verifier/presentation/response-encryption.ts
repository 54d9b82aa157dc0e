// Encrypted responses (OpenID4VP 1.0 §8.3, response_mode direct_post.jwt; HAIP 1.0): per request an ephemeral P-256
// key for ECDH-ES, its public half in the request's client_metadata.jwks, its private half sealed under the KEK. The
// wallet posts `response=<JWE>`; the service decrypts it into the same parameters a plain direct_post carries.
import { compactDecrypt, exportJWK, generateKeyPair, importJWK } from 'jose';
import { AppError } from '../errors.js';
import { requireSealer, type RegistryContext } from '../registry/context.js';
import type { RequestClientRecord } from '../store/repos/request-clients.js';

export const RESPONSE_ENC_VALUES = ['A128GCM', 'A256GCM'] as const;
const aadOf = (requestId: string) => `response-key:${requestId}`;

/** A fresh key for one request: the sealed private JWK to store, and the public JWK to publish. */
export async function newResponseKey(ctx: Pick<RegistryContext, 'sealer'>, requestId: string): Promise<{ sealed: string }> {
  const { privateKey } = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
  const jwk = await exportJWK(privateKey);
  return { sealed: requireSealer(ctx).seal('response-key', aadOf(requestId), JSON.stringify(jwk)) };
}

/** The public JWK for client_metadata.jwks. */
export function responsePublicJwk(ctx: Pick<RegistryContext, 'sealer'>, client: RequestClientRecord): Record<string, unknown> {
  const { d: _d, ...pub } = JSON.parse(requireSealer(ctx).open('response-key', aadOf(client.requestId), client.responseKeySealed!)) as Record<string, unknown>;
  return { ...pub, kid: `response-${client.requestId}`, use: 'enc', alg: 'ECDH-ES' };
}

/** Decrypts `response` into the form parameters (vp_token as JSON text, as in a plain direct_post). */
export async function decryptResponse(ctx: Pick<RegistryContext, 'sealer'>, client: RequestClientRecord, jwe: string | undefined): Promise<Record<string, string | undefined>> {
  if (!jwe) throw new AppError('invalid_request', { detail: 'This request asked for an encrypted response (direct_post.jwt): send it as response.' });
  const jwk = JSON.parse(requireSealer(ctx).open('response-key', aadOf(client.requestId), client.responseKeySealed!)) as Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    const key = await importJWK(jwk, 'ECDH-ES');
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, key, { keyManagementAlgorithms: ['ECDH-ES'], contentEncryptionAlgorithms: [...RESPONSE_ENC_VALUES] });
    void protectedHeader;
    payload = JSON.parse(new TextDecoder().decode(plaintext)) as Record<string, unknown>;
  } catch (cause) {
    throw new AppError('invalid_request', { detail: 'The encrypted response does not decrypt with this request key.', cause });
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    vp_token: payload.vp_token === undefined ? undefined : typeof payload.vp_token === 'string' ? payload.vp_token : JSON.stringify(payload.vp_token),
    state: str(payload.state),
    error: str(payload.error),
    error_description: str(payload.error_description),
    consent_record: str(payload.consent_record),
    holder_jwk: str(payload.holder_jwk),
  };
}
