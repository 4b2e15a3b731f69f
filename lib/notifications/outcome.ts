/** How the delivery worker proceeds after an attempt. */
export type Verdict =
  | { kind: 'sent' }
  | { kind: 'retry'; delayMs: number; reason: string }
  | { kind: 'fail'; reason: string }
  | { kind: 'dead'; reason: string };

/** Retry policy defaults. @defaultValue maxAttempts 8, base 1 s, cap 5 min */
export type RetryPolicy = { maxAttempts: number; baseMs: number; capMs: number };
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseMs: 1000, capMs: 5 * 60_000 };

/** Exponential backoff with jitter: a random point in the upper half of base·2^(n−1), capped. */
export function backoffMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/**
 * 2xx sent; 429 retried after Retry-After (or backoff); 408 and 5xx and network errors retried with
 * backoff until `maxAttempts`, then dead; any other 4xx, or a refused target, fails at once.
 */
export function judgeAttempt(
  outcome: {
    statusCode: number | null;
    retryAfter: string | null;
    error: string | null;
    refused?: boolean;
    retryable?: boolean;
  },
  attempt: number,
  policy: RetryPolicy = defaultRetryPolicy,
  now = Date.now(),
): Verdict {
  const code = outcome.statusCode;
  if (outcome.refused) return { kind: 'fail', reason: outcome.error ?? 'target refused' };
  if (code !== null && code >= 200 && code < 300 && !outcome.error) return { kind: 'sent' };
  const retryable = outcome.retryable ?? (code === null || code === 429 || code === 408 || code >= 500);
  const reason = code === null ? (outcome.error ?? 'no response') : `HTTP ${code}`;
  if (!retryable) return { kind: 'fail', reason };
  if (attempt >= policy.maxAttempts) return { kind: 'dead', reason: `${reason} after ${attempt} attempts` };
  const hinted = code === 429 ? parseRetryAfter(outcome.retryAfter, now) : null;
  const delayMs = hinted !== null ? Math.min(hinted, 3_600_000) : backoffMs(attempt, policy);
  return { kind: 'retry', delayMs, reason };
}

/** At most 500 characters of a response body, for the delivery log. */
export function excerpt(body: string | null | undefined): string | null {
  if (!body) return null;
  return body.length > 500 ? body.slice(0, 500) : body;
}
