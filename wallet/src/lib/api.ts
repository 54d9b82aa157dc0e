// The wallet's one HTTP client for the Sahih service: same-origin fetch, the CSRF header on every unsafe request,
// and failures turned into ApiError with a stable code (problem+json `code`, an OAuth `error`, or `network`).
import { signal } from '@preact/signals';
import { markOffline, markOnline } from './use-online.js';

/** The session's CSRF token (from POST /v1/session or GET /v1/session); '1' before a session exists. */
export const csrfToken = signal<string | null>(null);

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(code, options);
    this.name = 'ApiError';
  }
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Form-encoded body (OAuth token endpoint). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

/** Reads a failure body: RFC 9457 `code` from our API, RFC 6749 `error` from OAuth/OpenID4VCI endpoints. */
export async function errorFrom(res: Response): Promise<ApiError> {
  let code = `http_${res.status}`;
  try {
    const body = (await res.json()) as { code?: unknown; error?: unknown };
    if (typeof body.code === 'string') code = body.code;
    else if (typeof body.error === 'string') code = body.error;
  } catch {
    // not JSON: keep the status-derived code
  }
  return new ApiError(code, res.status);
}

export async function request(url: string, init: ApiRequest = {}): Promise<Response> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  let body: BodyInit | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const sameOrigin = new URL(url, location.href).origin === location.origin;
  // The CSRF header is for this service only: sent elsewhere it would force a CORS preflight on another verifier.
  if (method !== 'GET' && sameOrigin) headers['x-sahih-csrf'] = csrfToken.value ?? '1';
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    // Only our own origin says anything about the phone's connection.
    if (sameOrigin) markOffline();
    throw new ApiError('network', 0);
  }
  if (sameOrigin) markOnline();
  if (!res.ok) throw await errorFrom(res);
  return res;
}

export async function api<T>(url: string, init: ApiRequest = {}): Promise<T> {
  const res = await request(url, init);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
