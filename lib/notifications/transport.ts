import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { guardedLookup, isPrivateAddress, PrivateTargetError } from './ssrf';

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
 * POSTs a body with node:http(s) rather than fetch so the connection resolves through `guardedLookup`:
 * the private-address check runs on the address actually dialled, not on an earlier DNS answer.
 */
export function postJson(
  target: string,
  body: string,
  options: { headers?: Record<string, string>; allowPrivate: boolean; timeoutMs?: number },
): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      resolve({
        statusCode: null,
        body: '',
        retryAfter: null,
        error: 'invalid URL',
        durationMs: 0,
        refused: true,
      });
      return;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!options.allowPrivate && net.isIP(host) && isPrivateAddress(host)) {
      const e = new PrivateTargetError(host, host);
      resolve({
        statusCode: null,
        body: '',
        retryAfter: null,
        error: e.message,
        durationMs: 0,
        refused: true,
      });
      return;
    }
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
        lookup: guardedLookup(options.allowPrivate),
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
        refused: error instanceof PrivateTargetError,
      }),
    );
    req.end(body);
  });
}
