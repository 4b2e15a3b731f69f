import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { io } from 'socket.io-client';
import type { Sql } from '@/db/client';
import { percentile, waitFor } from './lib';

export type IngestBenchResult = {
  copyRowsPerSecond: number;
  httpEventsPerSecond: number;
  ratio: number;
  sent: number;
  unique: number;
  stored: number;
  metricTotal: number;
  rejected429: number;
  latency: { p50: number; p95: number; p99: number; samples: number; missed: number; rate: number };
};

type Event = { id: string; type: string; user: string; value: number; props: { zone: string; plan: string } };

const types = ['page_view', 'search', 'cart_add', 'purchase', 'api_request', 'ride_request'];
const zones = ['downtown', 'airport', 'harbor', 'uptown', 'midtown', 'suburbs'];

function makeEvent(run: string, n: number, type = `bench_${types[n % types.length]}`): Event {
  return {
    id: `${run}-${n}`,
    type,
    user: `u${(n * 7919) % 20_000}`,
    value: (n * 37) % 1000,
    props: { zone: zones[n % zones.length] ?? 'x', plan: n % 3 === 0 ? 'pro' : 'free' },
  };
}

/** The same rows the pipeline writes, COPYed straight into a logged table with the events table's indexes. */
async function rawCopy(sql: Sql, rows: number): Promise<number> {
  await sql`drop table if exists bench_copy`;
  await sql`create table bench_copy (like events including all)`;
  const run = randomBytes(3).toString('hex');
  const now = new Date().toISOString();
  const lines: string[] = [];
  for (let n = 0; n < rows; n++) {
    const e = makeEvent(run, n);
    lines.push(
      [
        now,
        now,
        'default',
        e.id,
        e.type,
        '\\N',
        e.user,
        String(e.value),
        '\\N',
        JSON.stringify(e.props),
        'f',
      ].join('\t'),
    );
  }
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += 5000) chunks.push(lines.slice(i, i + 5000).join('\n') + '\n');
  const started = performance.now();
  // Four COPY streams at once, as the pipeline's flushes overlap with request handling.
  const per = Math.ceil(chunks.length / 4);
  await Promise.all(
    [0, 1, 2, 3].map(async (w) => {
      const writable = await sql`
        copy bench_copy (ts, received_at, source, id, type, dedup_key, user_id, value, text, props, late) from stdin
      `.writable();
      await pipeline(Readable.from(chunks.slice(w * per, (w + 1) * per)), writable);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await sql`drop table bench_copy`;
  return rows / seconds;
}

// node:http with keep-alive: the load generator shares the two cores, and fetch costs it several times more.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function post(base: string, key: string, body: string): Promise<{ status: number; retryAfter: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}/api/v1/events`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, retryAfter: Number(res.headers['retry-after'] ?? 0) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function benchIngest(options: {
  sql: Sql;
  base: string;
  key: string;
  admin: { email: string; password: string };
  seconds: number;
  connections: number;
  copyRows: number;
}): Promise<IngestBenchResult> {
  const { sql, base, key } = options;
  const copyRowsPerSecond = await rawCopy(sql, options.copyRows);

  // Sustained ingest: 100-event batches, 5% of each batch re-sends events of an earlier batch.
  const run = randomBytes(3).toString('hex');
  let next = 0;
  let sent = 0;
  let rejected429 = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const uniqueIds = new Set<number>();
  const loop = async () => {
    while (performance.now() < deadline) {
      const first = next;
      next += 95;
      const events: Event[] = [];
      for (let i = 0; i < 95; i++) events.push(makeEvent(run, first + i));
      for (let i = 0; i < 5; i++) events.push(makeEvent(run, Math.max(0, first - 1 - ((i * 131) % 2000))));
      const body = JSON.stringify({ events });
      for (;;) {
        const r = await post(base, key, body);
        if (r.status === 202) break;
        if (r.status === 429 || r.status === 503) {
          rejected429++;
          await new Promise((res) => setTimeout(res, Math.max(200, r.retryAfter * 1000)));
          continue;
        }
        throw new Error(`ingest answered ${r.status}`);
      }
      sent += events.length;
      for (let i = 0; i < 95; i++) uniqueIds.add(first + i);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  const unique = uniqueIds.size;
  const counted = async () => {
    const [row] = await sql<{ n: string }[]>`
      select count(*)::text as n from events where id like ${`${run}-%`}`;
    return Number(row?.n);
  };
  await waitFor(async () => (await counted()) >= unique, 600_000, 250);
  const pointsTotal = async () => {
    const [row] = await sql<{ n: string | null }[]>`
      select sum(count)::text as n from metric_points where metric = 'events' and dims->>'type' like 'bench_%'
        and bucket >= to_timestamp(${Math.floor((Date.now() - (performance.now() - started) - 60_000) / 1000)})`;
    return Number(row?.n ?? 0);
  };
  const metricTotal = await waitFor(async () => {
    const t = await pointsTotal();
    return t >= unique ? t : null;
  }, 60_000).catch(() => pointsTotal());
  const elapsed = (performance.now() - started) / 1000;
  const stored = await counted();
  const httpEventsPerSecond = unique / elapsed;

  const latency = await measureLatency({
    ...options,
    rate: httpEventsPerSecond / 2,
    seconds: Math.min(30, options.seconds),
  });
  return {
    copyRowsPerSecond,
    httpEventsPerSecond,
    ratio: httpEventsPerSecond / copyRowsPerSecond,
    sent,
    unique,
    stored,
    metricTotal,
    rejected429,
    latency,
  };
}

/** Open-loop batches at `rate` events/s, each of a type of its own; latency = POST start to first frame. */
async function measureLatency(options: {
  base: string;
  key: string;
  admin: { email: string; password: string };
  rate: number;
  seconds: number;
}) {
  const login = await fetch(`${options.base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(options.admin),
  });
  const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const socket = io(options.base, { extraHeaders: { cookie }, transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    socket.on('connect', () => resolve());
    socket.on('connect_error', reject);
  });
  await new Promise<void>((resolve) =>
    socket.emit('subscribe', { metrics: [{ name: 'events', groupBy: ['type'] }] }, () => resolve()),
  );
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  socket.on('metric', (frame: { group?: { type?: string } }) => {
    const type = frame.group?.type;
    const t0 = type ? sentAt.get(type) : undefined;
    if (type && t0 !== undefined) {
      latencies.push(performance.now() - t0);
      sentAt.delete(type);
    }
  });
  const batchesPerSecond = Math.max(1, options.rate / 100);
  const total = Math.floor(batchesPerSecond * options.seconds);
  const run = randomBytes(3).toString('hex');
  const started = performance.now();
  const inflight: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / batchesPerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const type = `lat_${run}_${i}`;
    const events = Array.from({ length: 100 }, (_, j) => makeEvent(`${run}l${i}`, j, type));
    sentAt.set(type, performance.now());
    inflight.push(post(options.base, options.key, JSON.stringify({ events })));
  }
  await Promise.all(inflight);
  await new Promise((r) => setTimeout(r, 3000));
  socket.close();
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    samples: latencies.length,
    missed: sentAt.size,
    rate: batchesPerSecond * 100,
  };
}
