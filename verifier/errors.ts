// The service's one error vocabulary: every failure that crosses the API carries one of these stable codes.
// Domain code throws AppError; only verifier/http/problem.ts turns a code into an HTTP status.

export const errorCodes = [
  // request shape
  'malformed_body',
  'invalid_request',
  'unsupported_media_type',
  'payload_too_large',
  'not_found',
  'method_not_allowed',
  // authentication and authorisation
  'unauthenticated',
  'forbidden',
  // state
  'conflict',
  'rate_limited',
  // the service itself
  'service_unavailable',
  'internal_error',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface FieldError {
  /** JSON-pointer-like path of the offending field, e.g. "/claims/0/name". */
  path: string;
  message: string;
}

export interface AppErrorOptions {
  detail?: string;
  fieldErrors?: FieldError[];
  /** Extra response headers, e.g. Retry-After or WWW-Authenticate. */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly fieldErrors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.detail ?? code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = options.detail;
    this.fieldErrors = options.fieldErrors;
    this.headers = options.headers;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
