/**
 * The simulator waiting for the server; posting goes through the ingest client (packages/client), which
 * retries the way a well-behaved producer should.
 */

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

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

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
