import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { waitFor } from './lib';

export type SocketBenchResult = {
  clients: number;
  seriesPerClient: number;
  eventsPerSecond: number;
  seconds: number;
  /** Frame delay from the web process receiving the point (frame `receivedAt`) to a client receiving the frame. */
  p50: number;
  p95: number;
  p99: number;
  frames: number;
  /** Clients that received frames of all their series during the measured run. */
  clientsComplete: number;
  /** Web process CPU over the measured run, in cores (utime + stime delta / wall time). */
  webCores: number;
  targetMs: number;
};

/** Frame delays are counted in 1 ms buckets up to this bound; later ones land in the last bucket. */
const histogramMs = 10_000;
const childScript = fileURLToPath(import.meta.url);

type ToChild =
  | { kind: 'connect'; base: string; cookie: string; subscriptions: string[][] }
  | { kind: 'start' }
  | { kind: 'stop' };
type FromChild =
  | { kind: 'ready'; failed: number }
  | { kind: 'warm'; complete: number }
  | { kind: 'result'; histogram: number[]; frames: number; complete: number };

/**
 * 200 Socket.IO clients (cookie-authenticated, like the browser), each subscribed to 10 series, while
 * events of 20 series' types are posted every 100 ms. Every series changes in every coalescing window,
 * so each series sends its maximum frame rate (about 10 frames/s); each client gets ~100 frames/s.
 * The clients run in a few child processes of their own, so their event loops do not delay each other
 * much on a shared machine. Delay per frame = client receipt − the frame's `receivedAt` (both
 * Date.now() on the same host).
 */
export async function benchSockets(options: {
  base: string;
  key: string;
  admin: { email: string; password: string };
  webPid: number | undefined;
  clients?: number;
  seriesPerClient?: number;
  seconds?: number;
  eventsPerSecond?: number;
}): Promise<SocketBenchResult> {
  const { base } = options;
  const clients = options.clients ?? Number(process.env.BENCH_SOCKET_CLIENTS ?? 200);
  const seriesPerClient = options.seriesPerClient ?? 10;
  const seconds = options.seconds ?? Number(process.env.BENCH_SOCKET_SECONDS ?? 30);
  const eventsPerSecond = options.eventsPerSecond ?? Number(process.env.BENCH_SOCKET_RATE ?? 400);
  const seriesCount = seriesPerClient * 2;
  const run = randomBytes(3).toString('hex');
  const names = Array.from({ length: seriesCount }, (_, i) => `sock_${run}_${i}`);

  const login = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(options.admin),
  });
  if (!login.ok) throw new Error(`login answered ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  for (const name of names) {
    const res = await fetch(`${base}/api/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: base },
      body: JSON.stringify({ name, eventTypes: [name], aggregation: 'count' }),
    });
    if (res.status !== 201) throw new Error(`metric ${name}: ${res.status} ${await res.text()}`);
  }

  // Posting: one batch every 100 ms with the same number of events of every series' type.
  let n = 0;
  let posting = true;
  const perTick = Math.max(1, Math.round(eventsPerSecond / 10 / seriesCount));
  const poster = (async () => {
    let due = performance.now();
    while (posting) {
      const events = names.flatMap((type) =>
        Array.from({ length: perTick }, () => ({ id: `${run}-${n++}`, type })),
      );
      const res = await fetch(`${base}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      }).catch(() => null);
      await res?.body?.cancel();
      due += 100;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    }
  })();

  const processes = Math.min(4, clients);
  const children: ChildProcess[] = [];
  const messages = (child: ChildProcess, kind: FromChild['kind']) =>
    new Promise<FromChild>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`socket client process exited (${code})`));
      const onMessage = (m: FromChild) => {
        if (m.kind !== kind) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  try {
    for (let p = 0; p < processes; p++) {
      const child = fork(childScript, [], {
        env: { ...process.env, PB_BENCH_SOCKET_CHILD: '1' },
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      const subscriptions: string[][] = [];
      for (let c = p; c < clients; c += processes) {
        subscriptions.push(Array.from({ length: seriesPerClient }, (_, j) => names[(c + j) % seriesCount]!));
      }
      child.send({ kind: 'connect', base, cookie, subscriptions } satisfies ToChild);
    }
    const ready = await Promise.all(children.map((c) => messages(c, 'ready')));
    const failed = ready.reduce((s, m) => s + (m.kind === 'ready' ? m.failed : 0), 0);
    if (failed > 0) throw new Error(`${failed} of ${clients} socket clients failed to connect or subscribe`);
    // Warm-up: the workers read the new metrics within a few seconds; wait until every client gets frames.
    await waitFor(
      async () => {
        const warm = await Promise.all(
          children.map((c) => {
            const answer = messages(c, 'warm');
            c.send({ kind: 'start' } satisfies ToChild);
            return answer;
          }),
        );
        const complete = warm.reduce((s, m) => s + (m.kind === 'warm' ? m.complete : 0), 0);
        return complete === clients || null;
      },
      60_000,
      1_000,
    ).catch(() => {
      throw new Error('not every client received frames of all its series within 60 s');
    });
    for (const c of children) c.send({ kind: 'start' } satisfies ToChild);
    const cpu0 = cpuSeconds(options.webPid);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const cpu1 = cpuSeconds(options.webPid);
    const wall = (performance.now() - t0) / 1000;
    const results = await Promise.all(
      children.map((c) => {
        const answer = messages(c, 'result');
        c.send({ kind: 'stop' } satisfies ToChild);
        return answer;
      }),
    );
    const histogram = new Array<number>(histogramMs + 1).fill(0);
    let frames = 0;
    let clientsComplete = 0;
    for (const r of results) {
      if (r.kind !== 'result') continue;
      r.histogram.forEach((count, ms) => (histogram[ms]! += count));
      frames += r.frames;
      clientsComplete += r.complete;
    }
    return {
      clients,
      seriesPerClient,
      eventsPerSecond: perTick * seriesCount * 10,
      seconds: wall,
      p50: histogramPercentile(histogram, frames, 0.5),
      p95: histogramPercentile(histogram, frames, 0.95),
      p99: histogramPercentile(histogram, frames, 0.99),
      frames,
      clientsComplete,
      webCores: (cpu1 - cpu0) / wall,
      targetMs: 250,
    };
  } finally {
    posting = false;
    await poster;
    for (const c of children) c.kill('SIGTERM');
  }
}

function histogramPercentile(histogram: number[], total: number, q: number): number {
  if (total === 0) return Number.NaN;
  const rank = Math.min(total - 1, Math.floor(q * (total - 1)));
  let seen = 0;
  for (let ms = 0; ms < histogram.length; ms++) {
    seen += histogram[ms]!;
    if (seen > rank) return ms;
  }
  return histogramMs;
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (1-based).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / clockTicksPerSecond;
}

/** USER_HZ: 100 on every Linux build Node runs on in practice. */
const clockTicksPerSecond = 100;

/** Child process side: a share of the clients, a delay histogram, reset at every `start`. */
function runChild(): void {
  const sockets: Socket[] = [];
  let histogram = new Array<number>(histogramMs + 1).fill(0);
  let frames = 0;
  let seen: Set<string>[] = [];
  let wanted: number[] = [];
  const complete = () => seen.filter((s, i) => s.size >= wanted[i]!).length;
  const send = (m: FromChild) => process.send?.(m);
  process.on('message', (m: ToChild) => {
    if (m.kind === 'connect') {
      wanted = m.subscriptions.map((s) => s.length);
      seen = m.subscriptions.map(() => new Set<string>());
      let failed = 0;
      void Promise.all(
        m.subscriptions.map(async (metrics, i) => {
          const socket = io(m.base, {
            extraHeaders: { cookie: m.cookie },
            transports: ['websocket'],
            reconnection: false,
            timeout: 20_000,
          });
          sockets.push(socket);
          socket.on('metric', (frame: { name: string; receivedAt?: number }) => {
            const now = Date.now();
            if (typeof frame.receivedAt !== 'number') return;
            const ms = Math.max(0, Math.min(histogramMs, Math.round(now - frame.receivedAt)));
            histogram[ms]!++;
            frames++;
            seen[i]!.add(frame.name);
          });
          try {
            await new Promise<void>((resolve, reject) => {
              socket.on('connect', () => resolve());
              socket.on('connect_error', reject);
            });
            const ack: unknown = await socket.timeout(20_000).emitWithAck('subscribe', { metrics });
            if (!(ack as { ok?: boolean }).ok) throw new Error(JSON.stringify(ack));
          } catch (error) {
            failed++;
            console.error('socket client failed:', error instanceof Error ? error.message : error);
          }
        }),
      ).then(() => send({ kind: 'ready', failed }));
    } else if (m.kind === 'start') {
      send({ kind: 'warm', complete: complete() });
      histogram = new Array<number>(histogramMs + 1).fill(0);
      frames = 0;
      seen = seen.map(() => new Set<string>());
    } else {
      send({ kind: 'result', histogram, frames, complete: complete() });
      for (const s of sockets) s.close();
      setTimeout(() => process.exit(0), 100);
    }
  });
}

if (process.env.PB_BENCH_SOCKET_CHILD === '1' && process.argv[1] === childScript) runChild();
