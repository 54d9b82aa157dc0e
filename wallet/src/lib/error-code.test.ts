import { describe, expect, it } from 'vitest';
import { hasMessage } from '../i18n/index.js';
import { ApiError } from './api.js';
import { explainError } from './error-code.js';

const explained = (code: string) => hasMessage(`error.${code}`) && hasMessage(`error.${code}.action`);

describe('explainError', () => {
  it('keeps codes the catalogue explains', () => {
    expect(explainError(new ApiError('tx_code_invalid', 400))).toEqual({ code: 'tx_code_invalid', technical: 'HTTP 400' });
    expect(explainError(new ApiError('wallet_locked', 0)).code).toBe('wallet_locked');
    expect(explainError(new ApiError('credential_signature_invalid', 0)).code).toBe('credential_invalid');
  });

  it('falls back by where the failure happened, keeping the cause for support', () => {
    expect(explainError(new ApiError('agency_role_mismatch', 403))).toEqual({ code: 'service_refused', technical: 'agency_role_mismatch · HTTP 403' });
    expect(explainError(new ApiError('internal_error', 500))).toEqual({ code: 'service_error', technical: 'internal_error · HTTP 500' });
    expect(explainError(new ApiError('something_new', 0))).toEqual({ code: 'wallet_error', technical: 'something_new' });
    expect(explainError(new DOMException('quota', 'QuotaExceededError')).code).toBe('storage_failed');
    expect(explainError(new DOMException('cancelled', 'NotAllowedError')).code).toBe('passkey_cancelled');
  });

  it('never answers "unknown", and never puts a message (which could quote a claim value) in the note', () => {
    const secret = 'Kartika 3273015708900077';
    for (const thrown of [new Error(secret), new TypeError(secret), new SyntaxError(`Unexpected token "${secret}"`), secret, 42, null, undefined, {}]) {
      const { code, technical } = explainError(thrown);
      expect(code).not.toBe('unknown');
      expect(explained(code), code).toBe(true);
      expect(technical ?? '').not.toContain('Kartika');
    }
    expect(hasMessage('error.unknown')).toBe(false);
  });
});
