import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForServer } from './send';

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
