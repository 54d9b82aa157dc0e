// The console's HTTP client: JSON over /v1 with the agency's API key as a Bearer token, and RFC 9457 problems turned
// into ApiError with the stable code and any field errors (`errors[]`).
import { clearSession, session } from './session.js';

export interface FieldError {
  /** JSON pointer into the request, e.g. /body/claims/address/locality */
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    detail: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export const networkError = () => new ApiError('network', 0, 'network error');

export async function request<T>(path: string, init: { method?: string; body?: unknown; auth?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const current = session.value;
  if (init.auth !== false && current) headers.authorization = `Bearer ${current.apiKey}`;
  let res: Response;
  try {
    res = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? null : JSON.stringify(init.body), cache: 'no-store' });
  } catch {
    throw networkError();
  }
  if (res.ok) return (await res.json()) as T;
  const problem = (await res.json().catch(() => ({}))) as { code?: string; detail?: string; errors?: FieldError[] };
  const error = new ApiError(problem.code ?? 'unknown', res.status, problem.detail ?? res.statusText, problem.errors ?? []);
  // A revoked or wrong key ends the console session rather than failing every screen one by one.
  if (error.code === 'invalid_api_key' && init.auth !== false) clearSession();
  return Promise.reject(error);
}

/** `/v1/agencies/{the signed-in agency}` + rest. */
export function agencyPath(rest = ''): string {
  const current = session.value;
  if (!current) throw new ApiError('invalid_api_key', 401, 'not signed in');
  return `/v1/agencies/${encodeURIComponent(current.agencyId)}${rest}`;
}

export function errorCode(error: unknown): string {
  return error instanceof ApiError ? error.code : 'unknown';
}
