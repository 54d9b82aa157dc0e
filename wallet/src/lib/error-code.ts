// Reduces anything thrown to a stable code the catalogue explains in words, plus a technical note for support. Never
// "unknown": a failure the catalogue has no words for falls back by where it happened (the service refused, the
// service failed, or the wallet itself failed). Raw messages never reach the screen; the note holds codes, HTTP
// statuses and error names only, never a message that could quote a claim value.
import { hasMessage } from '../i18n/index.js';
import { ApiError } from './api.js';

export interface ExplainedError {
  /** A code the catalogue has words for (`error.<code>` and `error.<code>.action`). */
  code: string;
  /** What support needs to find the cause, when it says more than the code. */
  technical: string | undefined;
}

const explained = (code: string) => hasMessage(`error.${code}`) && hasMessage(`error.${code}.action`);

function fromApi(error: ApiError): ExplainedError {
  const status = error.status ? `HTTP ${error.status}` : undefined;
  const note = [error.code, status].filter(Boolean).join(' · ');
  if (error.code.startsWith('credential_') && !explained(error.code)) return { code: 'credential_invalid', technical: note };
  if (explained(error.code)) return { code: error.code, technical: status };
  const code = error.status >= 500 ? 'service_error' : error.status >= 400 ? 'service_refused' : 'wallet_error';
  return { code, technical: note };
}

export function explainError(error: unknown): ExplainedError {
  if (error instanceof ApiError) return fromApi(error);
  const name = (error as { name?: unknown } | null)?.name;
  const code = (error as { code?: unknown } | null)?.code;
  const technical = [typeof name === 'string' ? name : typeof error, typeof code === 'string' ? code : undefined].filter(Boolean).join(' · ');
  // @simplewebauthn/browser's WebAuthnError carries a code; DOMExceptions carry a name.
  if (code === 'ERROR_CEREMONY_ABORTED' || name === 'NotAllowedError' || name === 'AbortError') return { code: 'passkey_cancelled', technical };
  if (name === 'NotSupportedError' || name === 'SecurityError' || name === 'InvalidStateError') return { code: 'passkey_unsupported', technical };
  if (name === 'WebAuthnError') return { code: 'passkey_cancelled', technical };
  // IndexedDB and Web Crypto failures: the phone's storage could not be written or a record could not be opened.
  if (name === 'QuotaExceededError' || name === 'OperationError' || name === 'DataError' || name === 'UnknownError') return { code: 'storage_failed', technical };
  return { code: 'wallet_error', technical };
}

export function errorCode(error: unknown): string {
  return explainError(error).code;
}
