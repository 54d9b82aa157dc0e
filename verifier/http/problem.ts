// The one boundary where failures become RFC 9457 application/problem+json responses.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type ErrorCode, type FieldError } from '../errors.js';
import type { AppEnv } from './env.js';

const statusOf: Record<ErrorCode, ContentfulStatusCode> = {
  malformed_body: 400,
  invalid_request: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  not_found: 404,
  method_not_allowed: 405,
  unauthenticated: 401,
  forbidden: 403,
  conflict: 409,
  rate_limited: 429,
  service_unavailable: 503,
  internal_error: 500,
};

const titleOf: Record<ErrorCode, string> = {
  malformed_body: 'The request body could not be parsed',
  invalid_request: 'The request does not match the schema',
  unsupported_media_type: 'The request body has an unsupported content type',
  payload_too_large: 'The request body is too large',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  unauthenticated: 'Authentication required',
  forbidden: 'Not allowed',
  conflict: 'The request conflicts with the current state',
  rate_limited: 'Too many attempts',
  service_unavailable: 'The service is temporarily unavailable',
  internal_error: 'Internal error',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

export function problemType(code: ErrorCode): string {
  // A URN rather than a URL: stable and never dereferenced by clients (RFC 9457 §3.1.1 allows any URI).
  return `urn:sahih:problem:${code}`;
}

export function httpStatusOf(code: ErrorCode): ContentfulStatusCode {
  return statusOf[code];
}

export function problemBody(error: AppError, c: Context<AppEnv>): Problem {
  const body: Problem = {
    type: problemType(error.code),
    title: titleOf[error.code],
    status: statusOf[error.code],
    code: error.code,
    instance: new URL(c.req.url).pathname,
    requestId: c.get('requestId'),
  };
  if (error.detail !== undefined) body.detail = error.detail;
  if (error.fieldErrors?.length) body.errors = error.fieldErrors;
  return body;
}

export function problemResponse(error: AppError, c: Context<AppEnv>): Response {
  const body = problemBody(error, c);
  const headers = new Headers(error.headers);
  headers.set('content-type', 'application/problem+json');
  headers.set('cache-control', 'no-store');
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

/** Maps anything thrown into an AppError; non-AppErrors from our own code are bugs and become internal_error. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    // Hono raises these from its validators and middleware; map by status, never by message text.
    switch (err.status) {
      case 400:
        return new AppError('malformed_body', { detail: 'The body is not valid JSON or form data.' });
      case 401:
        return new AppError('unauthenticated');
      case 413:
        return new AppError('payload_too_large');
      case 415:
        return new AppError('unsupported_media_type', { detail: 'Send the body with a content type this endpoint accepts.' });
      case 404:
        return new AppError('not_found');
      default:
        return new AppError('internal_error', { cause: err });
    }
  }
  return new AppError('internal_error', { cause: err });
}

export function onError(err: unknown, c: Context<AppEnv>): Response {
  const appError = toAppError(err);
  if (appError.code === 'internal_error') {
    // Log the cause for operators; the client gets no internals.
    c.get('logger')?.error({ err: appError.cause ?? err, requestId: c.get('requestId') }, 'unhandled error');
  }
  return problemResponse(appError, c);
}
