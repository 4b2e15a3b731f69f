import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One scripted answer: status, body, headers, and an optional delay before answering. With `dripMs` the
 * body is sent, then one more byte every `dripMs` and the response never ends (a target that trickles).
 */
export type Answer = {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  dripMs?: number;
};

/** A request as a receiver got it. */
export type Received = {
  at: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The parsed JSON body, or null. */
  json: unknown;
  /** The status the receiver answered with. */
  status: number;
};

export type HttpReceiver = {
  url: string;
  port: number;
  received: Received[];
  /** Queue answers for the next requests, in order; once used up, `answer` (the default) applies. */
  enqueue(...answers: Answer[]): void;
  /** Wait until at least n requests arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  reset(): void;
  close(): Promise<void>;
};

/**
 * A scriptable HTTP server on 127.0.0.1 (port 0 = any free port) that records what it got and answers
 * from a queue of scripted answers, else with `defaultAnswer(request)`.
 */
export async function startHttpReceiver(
  defaultAnswer: (r: Omit<Received, 'status'>) => Answer,
  options: { port?: number; host?: string } = {},
): Promise<HttpReceiver> {
  const received: Received[] = [];
  const scripted: Answer[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
      );
      const base = { at: Date.now(), method: req.method ?? '', path: req.url ?? '/', headers, body, json };
      const answer = scripted.shift() ?? defaultAnswer(base);
      const reply = () => {
        received.push({ ...base, status: answer.status });
        for (const w of waiters.filter((w) => received.length >= w.n)) w.resolve();
        res.writeHead(answer.status, answer.headers ?? {});
        if (!answer.dripMs) return res.end(answer.body ?? '');
        res.write(answer.body ?? '');
        const drip = setInterval(() => res.write('.'), answer.dripMs);
        res.on('close', () => clearInterval(drip));
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    received,
    enqueue: (...answers) => scripted.push(...answers),
    waitFor(n, timeoutMs = 20_000) {
      if (received.length >= n) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`receiver got ${received.length} of ${n} requests in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      });
    },
    reset() {
      received.length = 0;
      scripted.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
