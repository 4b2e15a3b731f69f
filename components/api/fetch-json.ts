/** An error answer of the REST API (`{error:{code, message, field?}}`) with its HTTP status. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly retryAfterSeconds: number | null,
    /** The input field the server blames (`name`, `ratioOf.numerator`…), when it names one. */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type ErrorBody = { error?: { code?: unknown; message?: unknown; field?: unknown } };

/** Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

export async function apiErrorFrom(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = response.statusText || `Request failed with status ${response.status}`;
  let field: string | null = null;
  try {
    const body = (await response.json()) as ErrorBody;
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
    if (typeof body.error?.field === 'string') field = body.error.field;
  } catch {
    // Not JSON (a proxy error page, say): keep the status text.
  }
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  return new ApiError(message, response.status, code, retryAfter, field);
}

/**
 * GET a same-origin JSON resource with the session cookie. A 401 means the session ended, so the
 * page goes to /login and comes back here afterwards.
 */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    signal,
  });
  if (response.status === 401) goToLogin();
  if (!response.ok) throw await apiErrorFrom(response);
  return (await response.json()) as T;
}

/**
 * POST, PUT, PATCH or DELETE a same-origin JSON resource with the session cookie (the browser adds the
 * `Origin` the server checks). Answers the parsed body, or null for 204; errors throw an ApiError.
 */
export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T | null> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) goToLogin();
  if (!response.ok) throw await apiErrorFrom(response);
  if (response.status === 204) return null;
  return (await response.json()) as T;
}

/** The session ended: sign in again and come back to this page. */
function goToLogin(): void {
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/login?next=${encodeURIComponent(here)}`);
}

/** Why a request failed, for a sentence: the API's message, else that the server did not answer. */
export function failureReason(error: unknown): string {
  return error instanceof ApiError ? error.message : 'the server did not answer';
}
