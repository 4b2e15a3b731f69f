import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { PulseboardClient, PulseboardError, parseRetryAfter, type RetryNotice } from '../src/index';

/** A request as the fake server saw it, the body inflated when it came gzipped. */
type Seen = { at: number; headers: IncomingMessage['headers']; body: string };
type Reply = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void;

const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

/** A real HTTP server on 127.0.0.1 answering the n-th request with `replies[n]` (the last one repeats). */
async function startServer(replies: Reply[]): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      const request = { at: Date.now(), headers: req.headers, body };
      const reply = replies[Math.min(seen.length, replies.length - 1)];
      seen.push(request);
      reply?.(req, res, request);
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
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
/** 202 counting the events of the request, as the ingest API does. */
const accept: Reply = (_req, res, seen) => {
  res.writeHead(202, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ accepted: eventsOf(seen).length, rejected: [] }));
};
const eventsOf = (seen: Seen | undefined) =>
  (JSON.parse(seen?.body ?? '{}') as { events: { id: string }[] }).events;
const idsOf = (seen: Seen | undefined) => eventsOf(seen).map((e) => e.id);

const event = (i: number) => ({ type: 'page_view', value: i, props: { zone: 'harbor', n: i } });

describe('PulseboardClient against a fake server', () => {
  it('retries 429 and 503 after their Retry-After (seconds and HTTP date), 500 with backoff, resending the same ids', async () => {
    const inTwoSeconds = () => new Date(Date.now() + 2000).toUTCString();
    const { url, seen } = await startServer([
      json(429, { error: { code: 'too_many_requests', message: 'slow down' } }, { 'retry-after': '1' }),
      (req, res) =>
        json(503, { error: { message: 'queue down' } }, { 'retry-after': inTwoSeconds() })(
          req,
          res,
          seen[1]!,
        ),
      json(500, { error: { message: 'boom' } }),
      accept,
    ]);
    const notices: RetryNotice[] = [];
    const client = new PulseboardClient({
      url,
      key: 'key-123',
      retry: { baseDelayMs: 50 },
      onRetry: (n) => notices.push(n),
    });
    for (let i = 0; i < 40; i++) await client.send(event(i));
    await client.close();

    expect(seen).toHaveLength(4);
    expect(notices.map((n) => [n.status, n.attempt])).toEqual([
      [429, 1],
      [503, 2],
      [500, 3],
    ]);
    expect(notices[0]?.retryAfterMs).toBe(1000);
    expect(notices[2]?.retryAfterMs).toBeNull();
    // Honoured: at least 1 s after the 429, and until the date the 503 named (second resolution).
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(990);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(990);
    expect(seen[3]!.at - seen[2]!.at).toBeLessThan(1000);
    // Every attempt carried the very same events, ids assigned once at send time.
    const ids = idsOf(seen[0]);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    for (const request of seen) {
      expect(idsOf(request)).toEqual(ids);
      expect(request.headers.authorization).toBe('Bearer key-123');
      expect(request.headers['content-encoding']).toBe('gzip'); // over 1 KB
    }
    expect(client.stats).toMatchObject({ accepted: 40, retries: 3, failed: 0, batches: 1 });
  }, 15_000);

  it('retries network errors, keeps ids the caller gave, and sends small bodies uncompressed', async () => {
    const { url, seen } = await startServer([(req) => req.socket.destroy(), accept]);
    const client = new PulseboardClient({ url, key: 'k', retry: { baseDelayMs: 10 } });
    await client.send({ id: 'mine-1', type: 't' });
    await client.flush();
    expect(seen.map(idsOf)).toEqual([['mine-1'], ['mine-1']]);
    expect(seen[1]?.headers['content-encoding']).toBeUndefined();
    expect(client.stats.accepted).toBe(1);
    await client.close();
  });

  it('gives an event whose id is undefined an id too', async () => {
    const { url, seen } = await startServer([accept]);
    const client = new PulseboardClient({ url, key: 'k' });
    await client.send({ id: undefined, type: 't' });
    await client.close();
    expect(idsOf(seen[0])[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('batches by event count, by encoded size and by time', async () => {
    const { url, seen } = await startServer([accept]);
    const byCount = new PulseboardClient({ url, key: 'k', maxBatchEvents: 10, flushIntervalMs: 60_000 });
    for (let i = 0; i < 25; i++) await byCount.send(event(i));
    await byCount.close();
    expect(seen.map((s) => eventsOf(s).length)).toEqual([10, 10, 5]);

    seen.length = 0;
    const maxBatchBytes = 2000;
    const bySize = new PulseboardClient({ url, key: 'k', maxBatchBytes, gzip: false });
    for (let i = 0; i < 50; i++) await bySize.send({ ...event(i), text: 'é'.repeat(100) }); // 2 bytes each
    await bySize.close();
    expect(seen.length).toBeGreaterThan(5);
    for (const s of seen) expect(Buffer.byteLength(s.body)).toBeLessThanOrEqual(maxBatchBytes);
    expect(seen.flatMap(eventsOf)).toHaveLength(50);
    // Full batches are close to the bound: size is measured on the bytes sent, not guessed.
    expect(Buffer.byteLength(seen[0]!.body)).toBeGreaterThan(maxBatchBytes * 0.8);
    expect(() => new PulseboardClient({ url, key: 'k', maxBatchBytes: 6 * 1024 * 1024 })).toThrow(RangeError);
    expect(() => new PulseboardClient({ url, key: 'k', maxBatchEvents: 10_001 })).toThrow(RangeError);

    seen.length = 0;
    const byTime = new PulseboardClient({ url, key: 'k', flushIntervalMs: 100 });
    const sentAt = Date.now();
    await byTime.send(event(1));
    while (seen.length === 0 && Date.now() - sentAt < 3000) await new Promise((r) => setTimeout(r, 10));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.at - sentAt).toBeGreaterThanOrEqual(90);
    await byTime.close();
  });

  it('does not retry 400/401/413/415: flush rejects and onError is told', async () => {
    for (const status of [400, 401, 415]) {
      const { url, seen } = await startServer([
        json(status, { error: { code: 'x', message: `no (${status})` } }),
      ]);
      const errors: PulseboardError[] = [];
      const client = new PulseboardClient({ url, key: 'k', onError: (e) => errors.push(e) });
      await client.send(event(1));
      const failure = await client.flush().catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(PulseboardError);
      expect(failure).toMatchObject({ status, events: 1, attempts: 1, code: 'x' });
      expect(errors).toEqual([failure]);
      expect(seen).toHaveLength(1);
      await client.close();
    }
  });

  it('splits a batch the server finds too large (413), keeping the ids', async () => {
    const { url, seen } = await startServer([
      (req, res, s) =>
        eventsOf(s).length > 2
          ? json(413, { error: { message: 'too large' } })(req, res, s)
          : accept(req, res, s),
    ]);
    const client = new PulseboardClient({ url, key: 'k', gzip: false });
    for (let i = 0; i < 5; i++) await client.send({ ...event(i), id: `s${i}` });
    await client.close();
    expect(seen.map((s) => idsOf(s).length)).toEqual([5, 3, 2, 1, 2]);
    const taken = seen.filter((s) => idsOf(s).length <= 2);
    expect(taken.flatMap(idsOf)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(client.stats.accepted).toBe(5);
  });

  it('reports the events a 202 rejected, with the events themselves', async () => {
    const rejected = [{ index: 1, field: 'value', message: 'value must be a finite number' }];
    const { url } = await startServer([json(202, { accepted: 1, rejected })]);
    const reports: unknown[] = [];
    const client = new PulseboardClient({ url, key: 'k', onRejected: (r) => reports.push(...r) });
    await client.send({ id: 'a', type: 't' });
    await client.send({ id: 'b', type: 't', value: 1 });
    await client.close();
    expect(reports).toEqual([{ ...rejected[0], event: { id: 'b', type: 't', value: 1 } }]);
    expect(client.stats).toMatchObject({ accepted: 1, rejected: 1 });
  });

  it('gives up after maxAttempts with the last status', async () => {
    const { url, seen } = await startServer([json(502, { error: { message: 'bad gateway' } })]);
    const client = new PulseboardClient({
      url,
      key: 'k',
      retry: { maxAttempts: 3, baseDelayMs: 5 },
      onError: () => {},
    });
    await client.send(event(1));
    await expect(client.flush()).rejects.toMatchObject({ status: 502, attempts: 3 });
    expect(seen).toHaveLength(3);
    expect(client.stats.failed).toBe(1);
    await client.close();
  });

  it('bounds the buffer: send waits for room (backpressure), trySend answers false', async () => {
    const held: (() => void)[] = [];
    const { url, seen } = await startServer([(req, res, s) => held.push(() => accept(req, res, s))]);
    const client = new PulseboardClient({ url, key: 'k', maxBatchEvents: 10, maxBufferEvents: 20 });
    for (let i = 0; i < 20; i++) await client.send(event(i)); // 10 in flight, 10 ready
    expect(client.buffered).toBe(20);
    expect(client.trySend(event(20))).toBe(false);
    let admitted = false;
    const waiting = client.send(event(21)).then(() => (admitted = true));
    while (held.length === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    expect(admitted).toBe(false); // nothing answered yet: the sender waits
    held.shift()?.(); // the first batch is taken: room for 10
    await waiting;
    expect(admitted).toBe(true);
    expect(client.trySend(event(22))).toBe(true);
    const closing = client.close();
    for (let i = 0; i < 50 && (held.length > 0 || seen.length < 3); i++) {
      held.shift()?.();
      await new Promise((r) => setTimeout(r, 20));
    }
    await closing;
    expect(seen.flatMap(eventsOf)).toHaveLength(22);
    await expect(client.send(event(23))).rejects.toThrow(/closed/);
  });

  it('posts pre-built bodies (NDJSON) with the same retries', async () => {
    const { url, seen } = await startServer([
      json(503, {}, { 'retry-after': '0' }),
      json(202, { accepted: 2, rejected: [] }),
    ]);
    const client = new PulseboardClient({ url, key: 'k', gzip: false });
    const body = '{"id":"n1","type":"t"}\n{"id":"n2","type":"t"}\n';
    const result = await client.sendBatch(body, { contentType: 'application/x-ndjson', events: 2 });
    expect(result).toEqual({ accepted: 2, rejected: [], attempts: 2 });
    expect(seen.map((s) => [s.headers['content-type'], s.body])).toEqual([
      ['application/x-ndjson', body],
      ['application/x-ndjson', body],
    ]);
    await client.close();
  });

  it('abort() stops waiting on a long Retry-After and reports what it dropped, once', async () => {
    const { url, seen } = await startServer([json(429, {}, { 'retry-after': '60' })]);
    const aborted: number[] = [];
    const client = new PulseboardClient({ url, key: 'k', onError: (e) => aborted.push(e.events) });
    await client.send(event(1));
    const flushing = client.flush().catch((e: unknown) => e);
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 10));
    await client.send(event(2)); // buffered behind the batch in flight
    const startedAt = Date.now();
    expect(client.abort()).toBe(1); // the buffered one; the one in flight goes to onError
    expect(await flushing).toMatchObject({ code: 'aborted' });
    expect(aborted).toEqual([1]);
    expect(client.buffered).toBe(0);
    expect(Date.now() - startedAt).toBeLessThan(1000);
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
