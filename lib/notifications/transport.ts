import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import { pinnedLookup, PrivateTargetError, resolveTarget } from './ssrf';

/** What one HTTP attempt came back with; `statusCode` null when no answer arrived. */
export type HttpOutcome = {
  statusCode: number | null;
  body: string;
  retryAfter: string | null;
  error: string | null;
  durationMs: number;
  /** The target was refused before connecting (private address). */
  refused?: boolean;
  /** Overrides the HTTP status rules (SMTP replies). */
  retryable?: boolean;
};

/** How much of a response body is read; the delivery log keeps an excerpt of it. */
export const responseReadLimit = 4096;

/** The whole time one attempt may take, from resolving the host to the end of the answer. @defaultValue 10 s */
export const defaultAttemptTimeoutMs = 10_000;

/** A failed outcome with no answer from the target. */
export function failedOutcome(error: string, durationMs: number, refused = false): HttpOutcome {
  return {
    statusCode: null,
    body: '',
    retryAfter: null,
    error,
    durationMs,
    ...(refused ? { refused: true } : {}),
  };
}

/**
 * An attempt that reached no answer. `error`, which every role sees, names the kind of failure only; the
 * host, the address it resolved to and the system's message (parts of a secret URL) go to the admin-only
 * excerpt.
 */
export function unreachableOutcome(error: unknown, durationMs: number): HttpOutcome {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof PrivateTargetError) {
    const reason =
      'the target is a private or loopback address; set PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS=on to allow it';
    return { ...failedOutcome(reason, durationMs, true), body: detail };
  }
  if (detail.startsWith('timed out')) return failedOutcome(detail, durationMs);
  const code = (error as { code?: unknown }).code;
  const reason =
    typeof code === 'string' ? `could not reach the target (${code})` : 'could not reach the target';
  return { ...failedOutcome(reason, durationMs), body: detail };
}

/** `promise`, or a rejection with `timed out after N ms` once `ms` has passed. */
export function withDeadline<T>(promise: Promise<T>, ms: number, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), Math.max(1, ms));
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * POSTs a body with node:http(s) rather than fetch. The host is resolved and checked once
 * (`resolveTarget`) and the connection dials only those addresses, so the private-address check is on the
 * address actually connected to. Redirects are not followed: a 3xx is an answer like any other.
 * One wall-clock deadline covers the whole attempt (a target trickling bytes cannot hold it), and the
 * body is read only up to the excerpt's size. Never throws.
 */
export async function postJson(
  target: string,
  body: string,
  options: { headers?: Record<string, string>; allowPrivate: boolean; timeoutMs?: number },
): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = options.timeoutMs ?? defaultAttemptTimeoutMs;
  const remaining = () => timeoutMs - (performance.now() - started);
  let url: URL;
  try {
    url = new URL(target);
    // node:http decodes the userinfo for Basic auth and throws URIError on bad percent-encoding.
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch (error) {
    return failedOutcome(
      error instanceof URIError ? 'invalid URL credentials' : 'invalid URL',
      elapsed(),
      true,
    );
  }
  let addresses: LookupAddress[];
  try {
    addresses = await withDeadline(resolveTarget(url.hostname, options.allowPrivate), remaining(), timeoutMs);
  } catch (error) {
    return unreachableOutcome(error, elapsed());
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    let req: http.ClientRequest | undefined;
    let answer: ((cut: boolean) => void) | undefined;
    // Once the status has arrived it is the answer; the deadline only cuts the body short.
    const deadline = setTimeout(
      () => {
        if (answer) answer(true);
        else settle(failedOutcome(`timed out after ${timeoutMs} ms`, elapsed()));
        req?.destroy();
      },
      Math.max(1, remaining()),
    );
    try {
      const client = url.protocol === 'https:' ? https : http;
      req = client.request(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'Pulseboard-Notifier/1',
            ...options.headers,
          },
          lookup: pinnedLookup(addresses),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          answer = (cut) => {
            const retryAfter = res.headers['retry-after'];
            settle({
              statusCode: res.statusCode ?? null,
              body: Buffer.concat(chunks).subarray(0, responseReadLimit).toString('utf8'),
              retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
              error: null,
              durationMs: elapsed(),
            });
            if (cut) res.destroy();
          };
          res.on('data', (c: Buffer) => {
            chunks.push(c);
            size += c.length;
            if (size >= responseReadLimit) answer?.(true);
          });
          res.on('end', () => answer?.(false));
          // A connection reset mid-body: the status already arrived and is the answer (a 2xx was posted).
          res.on('error', () => answer?.(true));
        },
      );
      req.on('error', (error) => settle(unreachableOutcome(error, elapsed())));
      req.end(body);
    } catch (error) {
      settle(failedOutcome(error instanceof Error ? error.message : String(error), elapsed()));
      req?.destroy();
    }
  });
}
