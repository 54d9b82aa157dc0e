// Reduces anything thrown to a stable code the catalogue can explain; raw messages never reach the screen.
import { ApiError } from './api.js';

export function errorCode(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code.startsWith('credential_') && error.code !== 'credential_deferred_unsupported') return 'credential_invalid';
    return error.code;
  }
  const name = (error as { name?: unknown } | null)?.name;
  const code = (error as { code?: unknown } | null)?.code;
  // @simplewebauthn/browser's WebAuthnError carries a code; DOMExceptions carry a name.
  if (code === 'ERROR_CEREMONY_ABORTED' || name === 'NotAllowedError' || name === 'AbortError') return 'passkey_cancelled';
  if (name === 'NotSupportedError' || name === 'SecurityError' || name === 'InvalidStateError') return 'passkey_unsupported';
  if (name === 'WebAuthnError') return 'passkey_cancelled';
  return 'unknown';
}
