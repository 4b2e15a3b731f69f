import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRetryAfter, sendWithRetry, waitForServer } from './send';

type Seen = { method: string; url: string; authorization: string | undefined; body: string };
type Reply = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;

const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

/** A real HTTP server on 127.0.0.1 that answers the n-th request with `replies[n]` (the last one repeats). */
async function startServer(replies: Reply[]): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const attempt = seen.length;
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const reply = replies[Math.min(attempt, replies.length - 1)];
      reply?.(req, res, attempt);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, seen };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
const accepted = (n: number): Reply => json(202, { accepted: n, rejected: [] });
const events = [
  { id: 'run-1', type: 'page_view', ts: new Date().toISOString(), props: { app: 'shop' } },
  { id: 'run-2', type: 'purchase', ts: new Date().toISOString(), value: 42, props: { app: 'shop' } },
];

describe('sendWithRetry', () => {
  it('waits for Retry-After on 503 and 429, then resends the same batch with the same ids', async () => {
    const { base, seen } = await startServer([
      json(503, { error: { code: 'unavailable', message: 'queue down' } }, { 'retry-after': '1' }),
      json(429, { error: { code: 'too_many_requests', message: 'backlog' } }, { 'retry-after': '0' }),
      accepted(2),
    ]);
    const retries: { reason: string; waitMs: number }[] = [];
    const startedAt = Date.now();
    const result = await sendWithRetry(fetch, base, 'key-123', events, {
      onRetry: ({ reason, waitMs }) => retries.push({ reason, waitMs }),
    });
    expect(result).toEqual({ outcome: 'accepted', accepted: 2, rejected: [], retries: 2 });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(950);
    expect(retries).toEqual([
      { reason: '503: queue down', waitMs: 1000 },
      { reason: '429: backlog', waitMs: 0 },
    ]);
    expect(seen).toHaveLength(3);
    for (const request of seen) {
      expect(request).toMatchObject({
        method: 'POST',
        url: '/api/v1/events',
        authorization: 'Bearer key-123',
      });
      expect(request.body).toBe(seen[0]?.body);
    }
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ events });
  });

  it('retries network errors and other 5xx with backoff', async () => {
    const { base, seen } = await startServer([
      (req) => req.socket.destroy(), // the connection drops without an answer
      json(500, { error: { code: 'internal', message: 'boom' } }),
      accepted(2),
    ]);
    const reasons: string[] = [];
    const result = await sendWithRetry(fetch, base, 'k', events, {
      baseBackoffMs: 20,
      onRetry: ({ reason }) => reasons.push(reason),
    });
    expect(result).toMatchObject({ outcome: 'accepted', accepted: 2, retries: 2 });
    expect(reasons[0]).toMatch(/^network: /);
    expect(reasons[1]).toBe('500: boom');
    expect(seen.map((s) => s.body)).toEqual([seen[0]?.body, seen[0]?.body, seen[0]?.body]);
  });

  it('reports the events the server rejected', async () => {
    const rejected = [{ index: 1, field: 'value', message: 'value must be a finite number' }];
    const { base } = await startServer([json(202, { accepted: 1, rejected })]);
    expect(await sendWithRetry(fetch, base, 'k', events)).toEqual({
      outcome: 'accepted',
      accepted: 1,
      rejected,
      retries: 0,
    });
  });

  it('gives up at once on a 4xx that resending cannot fix', async () => {
    const { base, seen } = await startServer([
      json(400, { error: { code: 'validation', message: 'no usable event' } }),
      accepted(2),
    ]);
    const result = await sendWithRetry(fetch, base, 'k', events, { baseBackoffMs: 1 });
    expect(result).toEqual({ outcome: 'refused', status: 400, message: 'no usable event', retries: 0 });
    expect(seen).toHaveLength(1);
  });

  it('stops waiting as soon as it is aborted', async () => {
    const { base, seen } = await startServer([
      json(429, { error: { message: 'slow down' } }, { 'retry-after': '60' }),
    ]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const startedAt = Date.now();
    const result = await sendWithRetry(fetch, base, 'k', events, { signal: controller.signal });
    expect(result).toEqual({ outcome: 'aborted', retries: 1 });
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(seen).toHaveLength(1);
  });
});

describe('waitForServer', () => {
  it('polls /api/health until it answers 200', async () => {
    const { base, seen } = await startServer([json(503, {}), json(503, {}), json(200, { ok: true })]);
    const waits: string[] = [];
    expect(await waitForServer(fetch, base, { intervalMs: 20, onWaiting: (why) => waits.push(why) })).toBe(
      true,
    );
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(Array(3).fill('GET /api/health'));
    expect(waits).toEqual(['health answered 503', 'health answered 503']);
  });

  it('keeps waiting while nothing listens, until aborted', async () => {
    const { base } = await startServer([accepted(0)]);
    await Promise.all(servers.splice(0).map((close) => close())); // the port is now closed
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    let attempts = 0;
    const up = await waitForServer(fetch, base, {
      intervalMs: 20,
      signal: controller.signal,
      onWaiting: () => attempts++,
    });
    expect(up).toBe(false);
    expect(attempts).toBeGreaterThan(2);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, and nothing else', () => {
    const now = Date.parse('2025-03-10T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Mon, 10 Mar 2025 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Mon, 10 Mar 2025 11:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
