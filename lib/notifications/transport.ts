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

/**
 * POSTs a body with node:http(s) rather than fetch. The host is resolved and checked once
 * (`resolveTarget`) and the connection dials only those addresses, so the private-address check is on the
 * address actually connected to. Redirects are not followed: a 3xx is an answer like any other.
 */
export async function postJson(
  target: string,
  body: string,
  options: { headers?: Record<string, string>; allowPrivate: boolean; timeoutMs?: number },
): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const refusal = (error: string): HttpOutcome => ({
    statusCode: null,
    body: '',
    retryAfter: null,
    error,
    durationMs: elapsed(),
    refused: true,
  });
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return refusal('invalid URL');
  }
  let addresses: LookupAddress[];
  try {
    addresses = await resolveTarget(url.hostname, options.allowPrivate);
  } catch (error) {
    if (error instanceof PrivateTargetError) return refusal(error.message);
    const message = error instanceof Error ? error.message : String(error);
    return { statusCode: null, body: '', retryAfter: null, error: message, durationMs: elapsed() };
  }
  return new Promise((resolve) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
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
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < 4096) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({
            statusCode: res.statusCode ?? null,
            body: Buffer.concat(chunks).toString('utf8'),
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
            error: null,
            durationMs: elapsed(),
          });
        });
        res.on('error', (error) =>
          resolve({
            statusCode: res.statusCode ?? null,
            body: '',
            retryAfter: null,
            error: error.message,
            durationMs: elapsed(),
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timed out after ${options.timeoutMs ?? 10_000} ms`)));
    req.on('error', (error) =>
      resolve({
        statusCode: null,
        body: '',
        retryAfter: null,
        error: error.message,
        durationMs: elapsed(),
      }),
    );
    req.end(body);
  });
}
