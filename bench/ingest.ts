import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { PulseboardClient, type TransportRequest, type TransportResponse } from '@pulseboard/client';
import type { Sql } from '@/db/client';
import { childPids, commandLine, cpuSeconds, percentile, waitFor } from './lib';

export type IngestBenchResult = {
  copyRowsPerSecond: number;
  httpEventsPerSecond: number;
  ratio: number;
  sent: number;
  unique: number;
  stored: number;
  metricTotal: number;
  /** Refused requests (resent after Retry-After), by cause. */
  refused: { rateLimit: number; backlog: number; unavailable: number };
  latency: { p50: number; p95: number; p99: number; samples: number; missed: number; rate: number };
  /** CPU µs per raw COPY row of the COPY backends, and per stored event of each process of the pipeline. */
  cpu: { copyPerRow: number; perEvent: Record<string, number> };
};

/**
 * CPU seconds so far of every process the bench can see, keyed `part|pid`: the load generator (this
 * process), web and worker (its children), this database's PostgreSQL backends by application, the shared
 * PostgreSQL background processes, and Redis (its own INFO). The machine is shared, so CPU time per event
 * is the measure that other agents' work does not move much; shared parts say so in their name.
 */
/** The server's current WAL position (LSN as text). */
async function walPosition(sql: Sql): Promise<string> {
  const [row] = await sql<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
  return row?.lsn ?? '0/0';
}

/** WAL bytes the whole server wrote since `from`. */
async function walSince(sql: Sql, from: string): Promise<number> {
  const [row] = await sql<
    { n: string }[]
  >`select pg_wal_lsn_diff(pg_current_wal_lsn(), ${from}::pg_lsn)::text as n`;
  return Number(row?.n ?? 0);
}

async function cpuSnapshot(sql: Sql, redis: Redis): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const self = process.cpuUsage();
  out.set('load generator|self', (self.user + self.system) / 1e6);
  for (const pid of childPids(process.pid)) {
    const cmd = commandLine(pid);
    const part = cmd.includes('server/index.ts') ? 'web' : cmd.includes('workers/index.ts') ? 'worker' : null;
    const cpu = part ? cpuSeconds(pid) : null;
    if (part && cpu !== null) out.set(`${part}|${pid}`, cpu);
  }
  const backends = await sql<{ pid: number; app: string | null; kind: string; ours: boolean }[]>`
    select pid, application_name as app, backend_type as kind, datname = current_database() as ours
    from pg_stat_activity`;
  for (const b of backends) {
    const part =
      b.kind === 'client backend'
        ? b.ours
          ? `postgres ${b.app === 'pulseboard-bench' ? 'bench/COPY' : (b.app ?? '?').replace('pulseboard-', '')}`
          : null
        : b.ours
          ? `postgres ${b.kind}`
          : b.kind === 'walwriter' || b.kind === 'checkpointer' || b.kind === 'background writer'
            ? 'postgres background (shared)'
            : null;
    const cpu = part ? cpuSeconds(b.pid) : null;
    if (part && cpu !== null) out.set(`${part}|${b.pid}`, cpu);
  }
  const info = await redis.info('cpu');
  const used = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  out.set('redis (shared)|redis', used('used_cpu_sys') + used('used_cpu_user'));
  return out;
}

/** CPU seconds per part between two snapshots; a process that appeared meanwhile counts from zero. */
function cpuBetween(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const [id, cpu] of after) {
    const part = id.slice(0, id.lastIndexOf('|'));
    parts[part] = (parts[part] ?? 0) + cpu - (before.get(id) ?? 0);
  }
  return parts;
}

type Event = { id: string; type: string; user: string; value: number; props: { zone: string; plan: string } };

const types = ['page_view', 'search', 'cart_add', 'purchase', 'api_request', 'ride_request'];
const zones = ['downtown', 'airport', 'harbor', 'uptown', 'midtown', 'suburbs'];

/**
 * `BENCH_IDS=random`: event ids spread over the whole key space as UUIDs are (`<32 hex>-<run>`), so their
 * de-duplication keys land all over the `event_keys` index, among a prefilled database's keys; by default
 * `<run>-<n>`, which keeps one run's keys together at one place of that index.
 */
export const randomIds = process.env.BENCH_IDS === 'random';

/**
 * Three tables of 4,096 distinct random 8-hex-digit parts (one set per process): the hex of an id is three
 * parts picked by n's digits in base 4,096 (distinct for every n below 2^36) and the first part again, so
 * consecutive events' keys start 4,096 ways apart. Joining strings keeps the load generator's share of the
 * cores small; the run suffix keeps runs apart.
 */
const hexTables = Array.from({ length: 3 }, () => {
  const parts = new Set<string>();
  while (parts.size < 4096) parts.add(randomBytes(4).toString('hex'));
  return [...parts];
}) as [string[], string[], string[]];

function hexOf(n: number): string {
  const [a, b, c] = hexTables;
  const low = a[n & 4095] as string;
  return low + (b[(n >>> 12) & 4095] as string) + (c[Math.floor(n / 16_777_216) & 4095] as string) + low;
}

export const idOf = (run: string, n: number): string => (randomIds ? `${hexOf(n)}-${run}` : `${run}-${n}`);

function makeEvent(run: string, n: number, type = `bench_${types[n % types.length]}`): Event {
  return {
    id: idOf(run, n),
    type,
    user: `u${(n * 7919) % 20_000}`,
    value: (n * 37) % 1000,
    props: { zone: zones[n % zones.length] ?? 'x', plan: n % 3 === 0 ? 'pro' : 'free' },
  };
}

/**
 * The event numbers of the 100-event request whose own events start at `first`: 95 new ones, then 5
 * re-sends of events up to 2,000 earlier (re-sent by other connections, so often still in flight).
 */
export function requestEventNumbers(first: number): number[] {
  const numbers = Array.from({ length: 95 }, (_, i) => first + i);
  for (let i = 0; i < 5; i++) numbers.push(Math.max(0, first - 1 - ((i * 131) % 2000)));
  return numbers;
}

/**
 * `JSON.stringify(makeEvent(run, n))`, written out: a real client sends bytes it already has, and the load
 * generator shares the two cores with what it measures. benchIngest checks that both agree.
 */
export function eventJson(run: string, n: number): string {
  return (
    `{"id":"${idOf(run, n)}","type":"bench_${types[n % types.length]}","user":"u${(n * 7919) % 20_000}",` +
    `"value":${(n * 37) % 1000},"props":{"zone":"${zones[n % zones.length] ?? 'x'}","plan":"${n % 3 === 0 ? 'pro' : 'free'}"}}`
  );
}

/**
 * Both measured phases start right after a checkpoint: the first write of each page after one also writes
 * the whole page to the WAL, and a checkpoint falling into one phase but not the other moved the ratio by
 * a tenth between runs. Needs superuser (the local PostgreSQL's postgres user); skipped otherwise.
 */
async function checkpoint(sql: Sql): Promise<void> {
  await sql`checkpoint`.catch((error: unknown) =>
    console.log(`bench: no CHECKPOINT before the phase (${(error as Error).message})`),
  );
}

/** The TimescaleDB version where the extension is installed in the bench database, else null. */
export async function timescaleVersion(sql: Sql): Promise<string | null> {
  const [row] = await sql<
    { v: string }[]
  >`select extversion as v from pg_extension where extname = 'timescaledb'`;
  return row?.v ?? null;
}
const hasTimescale = async (sql: Sql) => (await timescaleVersion(sql)) !== null;

/**
 * Rows shaped as the pipeline writes them, COPYed straight into a logged table with the events table's
 * indexes (a hypertable where the events table is one).
 */
async function rawCopy(
  sql: Sql,
  redis: Redis,
  rows: number,
  streams: number,
): Promise<{ perSecond: number; cpuPerRow: number; streams: number }> {
  await sql`drop table if exists bench_copy`;
  await sql`create table bench_copy (like events including all)`;
  // On TimescaleDB the pipeline writes into a hypertable: the baseline COPYs into one too (1-day chunks).
  if (await hasTimescale(sql)) {
    await sql`select create_hypertable('bench_copy', by_range('ts', interval '1 day'))`;
  }
  const run = randomBytes(3).toString('hex');
  // The rows as the pipeline stores them: a request's 100 events share its arrival time as `ts` and
  // `received_at` (the load sends no `ts`), each request in a millisecond of its own. One timestamp for
  // every row would let PostgreSQL fold the time indexes' entries into a few posting lists: a COPY a fifth
  // cheaper than of the rows the pipeline writes (bench/README.md).
  const firstRequestAt = Date.now() - Math.ceil(rows / 100);
  const lines: string[] = [];
  let requestAt = '';
  for (let n = 0; n < rows; n++) {
    if (n % 100 === 0) requestAt = new Date(firstRequestAt + n / 100).toISOString();
    const e = makeEvent(run, n);
    lines.push(
      [
        requestAt,
        requestAt,
        'default',
        e.id,
        `i:default:${e.id}`,
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
  await checkpoint(sql);
  const cpuBefore = await cpuSnapshot(sql, redis);
  const started = performance.now();
  const per = Math.ceil(chunks.length / streams);
  await Promise.all(
    Array.from({ length: streams }, (_, w) => w).map(async (w) => {
      const writable = await sql`
        copy bench_copy (ts, received_at, source, id, key, type, dedup_key, user_id, value, text, props, late) from stdin
      `.writable();
      await pipeline(Readable.from(chunks.slice(w * per, (w + 1) * per)), writable);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuBetween(cpuBefore, await cpuSnapshot(sql, redis));
  await sql`drop table bench_copy`;
  return {
    perSecond: rows / seconds,
    cpuPerRow: ((cpu['postgres bench/COPY'] ?? 0) * 1e6) / rows,
    streams,
  };
}

/**
 * One keep-alive HTTP/1.1 connection that sends a request and reads its answer, written on a bare socket,
 * as the ingest client's transport: the load generator shares the two cores with what it measures, and
 * node:http's client cost it about as much CPU per request as the web process's own parsing of it (fetch
 * several times more). It reads what the ingest endpoint answers: a status line, headers with
 * Content-Length, a body.
 */
export class BenchConnection {
  private socket: net.Socket | null = null;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: ((answer: TransportResponse | Error) => void) | null = null;

  constructor(private readonly url: URL) {}

  private connect(): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(this.url.port), this.url.hostname, () => resolve(socket));
      socket.setNoDelay(true);
      socket.on('data', (chunk: Buffer) => this.read(chunk));
      const fail = (error: Error) => {
        this.socket = null;
        this.buffered = Buffer.alloc(0);
        const waiting = this.waiting;
        this.waiting = null;
        waiting?.(error);
        reject(error);
      };
      socket.on('error', fail);
      socket.on('close', () => fail(new Error('connection closed')));
    });
  }

  private read(chunk: Buffer): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const headEnd = this.buffered.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = this.buffered.toString('latin1', 0, headEnd);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? NaN);
    if (!Number.isFinite(length)) {
      this.socket?.destroy(new Error(`an answer without Content-Length: ${head.slice(0, 200)}`));
      return;
    }
    if (this.buffered.length < headEnd + 4 + length) return;
    const body = this.buffered.toString('utf8', headEnd + 4, headEnd + 4 + length);
    this.buffered = this.buffered.subarray(headEnd + 4 + length);
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.({
      status: Number(head.slice(9, 12)),
      headers: { get: (name) => new RegExp(`\r\n${name}: *([^\r]*)`, 'i').exec(head)?.[1] ?? null },
      text: () => Promise.resolve(body),
    });
  }

  /** The ingest client's transport: the request as the client built it, on this connection. */
  readonly post = async (request: TransportRequest): Promise<TransportResponse> => {
    const socket = this.socket ?? (this.socket = await this.connect());
    const answer = new Promise<TransportResponse>((resolve, reject) => {
      this.waiting = (a) => (a instanceof Error ? reject(a) : resolve(a));
    });
    let head = `POST ${this.url.pathname} HTTP/1.1\r\nhost: ${this.url.host}\r\n`;
    for (const name in request.headers) head += `${name}: ${request.headers[name]}\r\n`;
    if (typeof request.body === 'string') {
      socket.write(`${head}content-length: ${Buffer.byteLength(request.body)}\r\n\r\n${request.body}`);
    } else {
      socket.write(`${head}content-length: ${request.body.byteLength}\r\n\r\n`);
      socket.write(request.body);
    }
    return answer;
  };

  close(): void {
    this.socket?.removeAllListeners('close');
    this.socket?.end();
    this.socket = null;
  }
}

/** Refused requests (resent after Retry-After), by cause. */
export type Refusals = IngestBenchResult['refused'];

/**
 * The sustained load: `connections` loops, each posting 100-event batches (95 new events, 5 re-sends of
 * earlier ones) through an ingest client on a connection of its own, until `seconds` have passed. Bodies
 * are built here as text and sent as they are (`sendBatch`, no gzip): the bench measures the server.
 */
export async function sendLoad(options: {
  base: string;
  key: string;
  run: string;
  seconds: number;
  connections: number;
}): Promise<{ sent: number; unique: number; refused: Refusals }> {
  let next = 0;
  let sent = 0;
  let unique = 0;
  const refused: Refusals = { rateLimit: 0, backlog: 0, unavailable: 0 };
  const deadline = performance.now() + options.seconds * 1000;
  const url = new URL('/api/v1/events', options.base);
  const loop = async () => {
    const connection = new BenchConnection(url);
    const client = new PulseboardClient({
      url: url.href,
      key: options.key,
      gzip: false,
      timeoutMs: 0,
      retry: { maxAttempts: 100, maxDelayMs: 2000 },
      transport: connection.post,
      onRetry: ({ status, retryAfterMs }) => {
        // The ingest endpoint answers a key's rate limit with Retry-After 1, the backlog bound with 2.
        if (status === 503) refused.unavailable++;
        else if (status === 429 && retryAfterMs === 1000) refused.rateLimit++;
        else if (status === 429) refused.backlog++;
      },
    });
    while (performance.now() < deadline) {
      const first = next;
      next += 95;
      const body = `{"events":[${requestEventNumbers(first)
        .map((n) => eventJson(options.run, n))
        .join(',')}]}`;
      await client.sendBatch(body);
      sent += 100;
      unique += 95; // ids first..first+94 are this batch's own; the other 5 re-send earlier ones
    }
    connection.close();
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  return { sent, unique, refused };
}

// node:http with keep-alive, for the latency probe's occasional requests and the notify bench's load.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export function post(
  base: string,
  key: string,
  body: string,
): Promise<{ status: number; retryAfter: number }> {
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
  const redis = new Redis(process.env.BENCH_REDIS ?? 'redis://127.0.0.1:6379');
  // The raw limit: the faster of one and two COPY streams at once (on two cores, four streams were a fifth
  // slower than either: 117,000 against 143,000 rows/s, three alternating runs of each), each measured before
  // and after the ingest phase and averaged: this machine's speed drifts (one stream ran 120,000 and
  // 187,000 rows/s minutes apart), and a COPY of a few seconds alone caught whichever moment it fell in.
  const copyStreams = [1, 2];
  const copies: Awaited<ReturnType<typeof rawCopy>>[] = [];
  for (const streams of copyStreams) copies.push(await rawCopy(sql, redis, options.copyRows, streams));
  await checkpoint(sql);
  const cpuBefore = await cpuSnapshot(sql, redis);
  const walBefore = await walPosition(sql);

  // Sustained ingest: 100-event batches, 5% of each batch re-sends events of an earlier batch.
  const run = randomBytes(3).toString('hex');
  for (let n = 0; n < 60; n++) {
    if (eventJson(run, n) !== JSON.stringify(makeEvent(run, n)))
      throw new Error('eventJson differs from makeEvent');
  }
  const started = performance.now();
  const { sent, unique, refused } = await sendLoad({
    base,
    key,
    run,
    seconds: options.seconds,
    connections: options.connections,
  });
  const counted = async () => {
    const [row] = await sql<{ n: string }[]>`
      select count(*)::text as n from events where id like ${randomIds ? `%-${run}` : `${run}-%`}`;
    return Number(row?.n);
  };
  const pointsTotal = async () => {
    const [row] = await sql<{ n: string | null }[]>`
      select sum(count)::text as n from metric_points where metric = 'events' and dims->>'type' like 'bench_%'
        and bucket >= to_timestamp(${Math.floor((Date.now() - (performance.now() - started) - 2_000) / 1000)})`;
    return Number(row?.n ?? 0);
  };
  // Events and their points commit together, so the (cheap) points total tells when all are stored (the
  // buckets from this phase's start on: an earlier phase's events of the same types must not count); the
  // events themselves are counted once at the end. Polling a count(*) of the events table cost PostgreSQL
  // about 1 µs of CPU per event while the pipeline drained.
  const metricTotal = await waitFor(async () => {
    const t = await pointsTotal();
    return t >= unique ? t : null;
  }, 600_000).catch(() => pointsTotal());
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuBetween(cpuBefore, await cpuSnapshot(sql, redis));
  const walBytes = await walSince(sql, walBefore);
  for (const streams of copyStreams) copies.push(await rawCopy(sql, redis, options.copyRows, streams));
  redis.disconnect();
  const averaged = copyStreams.map((streams) => {
    const runs = copies.filter((c) => c.streams === streams);
    const mean = (f: (c: (typeof runs)[number]) => number) =>
      runs.reduce((a, c) => a + f(c), 0) / runs.length;
    return { streams, perSecond: mean((c) => c.perSecond), cpuPerRow: mean((c) => c.cpuPerRow) };
  });
  const copy = averaged.reduce((best, c) => (c.perSecond > best.perSecond ? c : best));
  const copyRowsPerSecond = copy.perSecond;
  console.log(
    `raw COPY before / after the ingest phase: ` +
      averaged
        .map(
          ({ streams }) =>
            `${streams} stream(s) ` +
            copies
              .filter((c) => c.streams === streams)
              .map((c) => c.perSecond.toFixed(0))
              .join(' / ') +
            ' rows/s',
        )
        .join(', '),
  );
  const stored = await counted();
  const perEvent = Object.fromEntries(
    Object.entries(cpu)
      .sort((a, b) => b[1] - a[1])
      .map(([part, seconds]) => [part, (seconds * 1e6) / unique]),
  );
  console.log(
    `CPU µs per event (${unique} unique in ${elapsed.toFixed(1)} s): ` +
      Object.entries(perEvent)
        .map(([part, us]) => `${part} ${us.toFixed(1)}`)
        .join(', ') +
      `; raw COPY ${copy.cpuPerRow.toFixed(1)} µs/row (${copyRowsPerSecond.toFixed(0)} rows/s)`,
  );
  // The whole server's WAL, so other databases' writes on the same server count too (docs/scaling.md).
  console.log(
    `WAL bytes per event: ${(walBytes / unique).toFixed(0)} (${(walBytes / 2 ** 20).toFixed(0)} MiB for ${unique} events, ` +
      `from a checkpoint on; server-wide)`,
  );
  const httpEventsPerSecond = unique / elapsed;

  // BENCH_LATENCY_SECONDS=0 skips the latency line (profiling runs).
  const latencySeconds = Number(process.env.BENCH_LATENCY_SECONDS ?? Math.min(30, options.seconds));
  const latency =
    latencySeconds > 0
      ? await measureLatency({ ...options, rate: httpEventsPerSecond / 2, seconds: latencySeconds })
      : { p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, samples: 0, missed: 0, rate: 0 };
  return {
    copyRowsPerSecond,
    httpEventsPerSecond,
    ratio: httpEventsPerSecond / copyRowsPerSecond,
    sent,
    unique,
    stored,
    metricTotal,
    refused,
    latency,
    cpu: { copyPerRow: copy.cpuPerRow, perEvent },
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
