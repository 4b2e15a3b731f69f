import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { percentile } from './lib';

export type AlertBenchResult = {
  p50: number;
  p95: number;
  samples: number;
  missed: number;
  pendingSeconds: number;
  /** The target: the pending period plus 1.5 s, in ms. */
  targetMs: number;
};

type IncidentFrame = { ruleId?: string | null; series?: Record<string, string>; status?: string };

const pendingSeconds = 0;
/** Events in a breaching batch; the rule fires on a 1-minute count above `threshold`. */
const threshold = 5;
/** Longest wait for one incident frame before the sample counts as missed. */
const frameTimeoutMs = 8_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Breach → incident on the socket: a threshold rule (pending 0, 1-minute window, count > 5 per zone) on an
 * event type of its own; each sample posts one breaching batch for a new zone and times the POST's start
 * to the `incident` frame of that zone's series.
 */
export async function benchAlerts(options: {
  base: string;
  key: string;
  admin: { email: string; password: string };
  samples?: number;
}): Promise<AlertBenchResult> {
  const { base } = options;
  const samples = options.samples ?? 20;
  const run = randomBytes(3).toString('hex');
  const type = `alert_bench_${run}`;
  const metric = `alert_bench_${run}`;

  const login = await withTimeout(
    fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: options.admin.email, password: options.admin.password }),
    }),
    10_000,
    'login',
  );
  if (!login.ok) throw new Error(`login answered ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const adminPost = async (route: string, body: unknown) => {
    const res = await withTimeout(
      fetch(`${base}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, origin: base },
        body: JSON.stringify(body),
      }),
      10_000,
      route,
    );
    if (res.status !== 201) throw new Error(`${route} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { id?: string };
  };
  await adminPost('/api/v1/metrics', {
    name: metric,
    eventTypes: [type],
    aggregation: 'count',
    dimensions: ['zone'],
  });
  const rule = await adminPost('/api/v1/rules', {
    name: `bench breach ${run}`,
    kind: 'threshold',
    metric,
    groupBy: ['zone'],
    window: '1m',
    pendingSeconds,
    params: { op: '>', value: threshold },
  });

  const socket: Socket = io(base, {
    extraHeaders: { cookie },
    transports: ['websocket'],
    reconnection: false,
    timeout: 10_000,
  });
  const waiting = new Map<string, (at: number) => void>();
  socket.on('incident', (frame: IncidentFrame) => {
    const zone = frame.series?.zone;
    if (frame.ruleId !== rule.id || zone === undefined) return;
    waiting.get(zone)?.(performance.now());
  });
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.on('connect', () => resolve());
        socket.on('connect_error', reject);
      }),
      10_000,
      'socket connect',
    );
    await withTimeout(
      new Promise<void>((resolve) => socket.emit('subscribe', { incidents: true }, () => resolve())),
      10_000,
      'socket subscribe',
    );

    let n = 0;
    const breach = async (zone: string): Promise<number | null> => {
      const arrived = new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), frameTimeoutMs);
        waiting.set(zone, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
      const events = Array.from({ length: threshold + 1 }, () => ({
        id: `${run}-${n++}`,
        type,
        props: { zone },
      }));
      const started = performance.now();
      const res = await withTimeout(
        fetch(`${base}/api/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ events }),
        }),
        10_000,
        'ingest',
      );
      if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
      await res.body?.cancel();
      const at = await arrived;
      waiting.delete(zone);
      return at === null ? null : at - started;
    };

    // Warm-up: the workers read a new metric and rule within a few seconds; wait for the first incident.
    let warm = false;
    for (let attempt = 0; attempt < 4 && !warm; attempt++) warm = (await breach(`warm${attempt}`)) !== null;
    if (!warm) throw new Error('no incident frame arrived for the warm-up breaches');

    const latencies: number[] = [];
    let missed = 0;
    for (let i = 0; i < samples; i++) {
      const ms = await breach(`z${i}`);
      if (ms === null) missed++;
      else latencies.push(ms);
      // Spread the posts over the rules tick, so the samples do not all land at the same phase.
      await new Promise((r) => setTimeout(r, 150 + ((i * 373) % 700)));
    }
    latencies.sort((a, b) => a - b);
    return {
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      samples: latencies.length,
      missed,
      pendingSeconds,
      targetMs: pendingSeconds * 1000 + 1500,
    };
  } finally {
    socket.close();
  }
}
