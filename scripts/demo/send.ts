import { z } from 'zod';

/** The HTTP side of the simulator: posting batches the way a well-behaved producer should. */

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type SendOptions = {
  /** Aborts the request and any wait; the result is then `aborted`. */
  signal?: AbortSignal;
  /** Wait after a 429/503 without a usable `Retry-After`. @defaultValue 1000 */
  defaultRetryAfterMs?: number;
  /** Longest `Retry-After` honoured; a longer one is cut to this. @defaultValue 120000 */
  maxRetryAfterMs?: number;
  /** First wait after a network error or another 5xx; doubles per attempt. @defaultValue 250 */
  baseBackoffMs?: number;
  /** Ceiling of that backoff. @defaultValue 10000 */
  maxBackoffMs?: number;
  /** Wait between attempts while the key is refused (401/403), in case it is being provisioned. @defaultValue 30000 */
  unauthorizedBackoffMs?: number;
  /** Time limit of one request. @defaultValue 15000 */
  timeoutMs?: number;
  /** Told before each wait, for the log. */
  onRetry?: (retry: { reason: string; waitMs: number; attempt: number }) => void;
};

export type Rejection = { index: number; field: string; message: string };

export type SendResult =
  | { outcome: 'accepted'; accepted: number; rejected: Rejection[]; retries: number }
  /** A 4xx that resending cannot fix (400, 413, 415, ...): the batch is given up. */
  | { outcome: 'refused'; status: number; message: string; retries: number }
  | { outcome: 'aborted'; retries: number };

const acceptedSchema = z.object({
  accepted: z.number(),
  rejected: z.array(z.object({ index: z.number(), field: z.string(), message: z.string() })),
});
const errorSchema = z.object({ error: z.object({ message: z.string() }) });

/**
 * Posts one batch of events to `{base}/api/v1/events` until the server takes it. 429/503 wait for
 * `Retry-After`; network errors and other 5xx back off exponentially. Every attempt sends the very same
 * body, so the events keep their ids and the server's de-duplication makes resending safe.
 */
export async function sendWithRetry(
  fetchImpl: FetchLike,
  base: string,
  key: string,
  events: readonly unknown[],
  options: SendOptions = {},
): Promise<SendResult> {
  const {
    signal,
    defaultRetryAfterMs = 1000,
    maxRetryAfterMs = 120_000,
    baseBackoffMs = 250,
    maxBackoffMs = 10_000,
    unauthorizedBackoffMs = 30_000,
    timeoutMs = 15_000,
    onRetry,
  } = options;
  const url = new URL('/api/v1/events', base).href;
  const body = JSON.stringify({ events });
  let backoffs = 0;

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) return { outcome: 'aborted', retries: attempt };
    let waitMs: number;
    let reason: string;
    try {
      const timeout = AbortSignal.timeout(timeoutMs);
      const response = await fetchImpl(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      const text = await response.text();
      if (response.ok) {
        const parsed = acceptedSchema.safeParse(parseJson(text));
        return parsed.success
          ? { outcome: 'accepted', ...parsed.data, retries: attempt }
          : { outcome: 'accepted', accepted: events.length, rejected: [], retries: attempt };
      }
      const message = errorMessage(text, response.status);
      if (response.status === 429 || response.status === 503) {
        const hinted = parseRetryAfter(response.headers.get('retry-after'), Date.now());
        waitMs = Math.min(hinted ?? defaultRetryAfterMs, maxRetryAfterMs);
        reason = `${response.status}: ${message}`;
      } else if (response.status === 401 || response.status === 403) {
        waitMs = unauthorizedBackoffMs;
        reason = `${response.status}: ${message}`;
      } else if (response.status >= 500) {
        waitMs = backoff(baseBackoffMs, maxBackoffMs, backoffs++);
        reason = `${response.status}: ${message}`;
      } else {
        return { outcome: 'refused', status: response.status, message, retries: attempt };
      }
    } catch (error) {
      if (signal?.aborted) return { outcome: 'aborted', retries: attempt };
      waitMs = backoff(baseBackoffMs, maxBackoffMs, backoffs++);
      reason = `network: ${describe(error)}`;
    }
    onRetry?.({ reason, waitMs, attempt: attempt + 1 });
    if (!(await sleep(waitMs, signal))) return { outcome: 'aborted', retries: attempt + 1 };
  }
}

/**
 * Polls `GET {base}/api/health` until it answers 200. Resolves true then, false when `signal` aborts first.
 * `onWaiting` is told about each failed poll.
 */
export async function waitForServer(
  fetchImpl: FetchLike,
  base: string,
  options: {
    signal?: AbortSignal;
    intervalMs?: number;
    onWaiting?: (why: string, attempt: number) => void;
  } = {},
): Promise<boolean> {
  const { signal, intervalMs = 1000, onWaiting } = options;
  const url = new URL('/api/health', base).href;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) return false;
    let why: string;
    try {
      const timeout = AbortSignal.timeout(5000);
      const response = await fetchImpl(url, {
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      await response.body?.cancel();
      if (response.status === 200) return true;
      why = `health answered ${response.status}`;
    } catch (error) {
      if (signal?.aborted) return false;
      why = describe(error);
    }
    onWaiting?.(why, attempt);
    // patient but not chatty: 1 s at first, up to 5 s between polls
    if (!(await sleep(Math.min(intervalMs * Math.ceil(attempt / 10), intervalMs * 5), signal))) return false;
  }
}

/**
 * `Retry-After` in ms: delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable.
 */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exponential backoff, jittered between half and all of the step, so producers do not retry in step. */
function backoff(baseMs: number, maxMs: number, attempt: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function errorMessage(text: string, status: number): string {
  const parsed = errorSchema.safeParse(parseJson(text));
  if (parsed.success) return parsed.data.error.message;
  return text.trim().slice(0, 200) || `HTTP ${status}`;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
