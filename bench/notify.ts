import { randomBytes } from 'node:crypto';
import { startPagerDutyReceiver, startSlackReceiver, type HttpReceiver } from '../test/receivers';
import { post } from './ingest';
import { percentile } from './lib';

type Which = 'slack' | 'pagerduty';

export type BenchReceivers = {
  /** Base URL of the Slack receiver; a channel's webhook URL is any path under it. */
  slackUrl: string;
  /** The Events API v2 endpoint to pass as `PULSEBOARD_PAGERDUTY_EVENTS_URL`. */
  pagerdutyUrl: string;
  /** The arrival time (epoch ms) of the first accepted request that `match`es, or null after the wait. */
  waitFor: (which: Which, match: (body: string) => boolean, timeoutMs: number) => Promise<number | null>;
  /** Accepted requests that `match` so far. */
  count: (which: Which, match: (body: string) => boolean) => number;
  close: () => Promise<void>;
};

/**
 * The tests' Slack and PagerDuty receivers (test/receivers: 200 `ok`, 202 with the dedup key, 400 on a
 * payload the real service would refuse) on free 127.0.0.1 ports, with a wait for one message.
 */
export async function startBenchReceivers(): Promise<BenchReceivers> {
  const receivers: Record<Which, HttpReceiver> = {
    slack: await startSlackReceiver(),
    pagerduty: await startPagerDutyReceiver(),
  };
  const accepted = (which: Which, match: (body: string) => boolean) =>
    receivers[which].received.filter((r) => r.status < 300 && match(r.body));
  return {
    slackUrl: receivers.slack.url,
    pagerdutyUrl: `${receivers.pagerduty.url}/v2/enqueue`,
    waitFor: async (which, match, timeoutMs) => {
      const end = Date.now() + timeoutMs;
      // Polled every 5 ms: the receivers keep a plain list; the arrival time is the receiver's own.
      while (Date.now() < end) {
        const hit = accepted(which, match)[0];
        if (hit) return hit.at;
        await new Promise((r) => setTimeout(r, 5));
      }
      return null;
    },
    count: (which, match) => accepted(which, match).length,
    close: async () => {
      await Promise.all([receivers.slack.close(), receivers.pagerduty.close()]);
    },
  };
}

export type Latencies = { p50: number; p95: number; p99: number; max: number; samples: number };

export type NotifyPhaseResult = {
  /** Background ingest during the phase, events/s offered (0: none) and accepted. */
  load: { offered: number; accepted: number; refused: number };
  /** Breach → each receiver, and both (the later arrival). */
  slack: Latencies;
  pagerduty: Latencies;
  both: Latencies;
  /** Back to normal → the resolve message at both receivers (the later arrival). */
  resolve: Latencies;
  /** Expected messages that never came (trigger or resolve, either receiver). */
  missed: number;
  /** Messages beyond one trigger and one resolve per incident and receiver. */
  extra: number;
  /** Resolve messages that arrived before their trigger at the same receiver. */
  resolveFirst: number;
};

export type NotifyBenchResult = {
  idle: NotifyPhaseResult;
  busy: NotifyPhaseResult | null;
  /** Targets: breach p95 ≤ 500 ms and p99 ≤ 1 s (idle and busy), resolve p95 ≤ 1 s. */
  targets: { breachP95: number; breachP99: number; resolveP95: number };
};

/** Longest wait for one message before it counts as missed. */
const arrivalTimeoutMs = 15_000;
const threshold = 5;
const windowMs = 60_000;

function latencies(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
    samples: sorted.length,
  };
}

/**
 * Open-loop background ingest: 100-event batches of a type no rule watches, at `rate` events/s, until
 * stopped. Refused batches are counted, not resent: the phase measures alerting beside the load.
 */
function startLoad(base: string, key: string, rate: number) {
  const run = randomBytes(3).toString('hex');
  const batchesPerSecond = rate / 100;
  let stopped = false;
  let accepted = 0;
  let refused = 0;
  const started = performance.now();
  const inflight = new Set<Promise<void>>();
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      const wait = started + (i * 1000) / batchesPerSecond - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const events = Array.from({ length: 100 }, (_, j) => ({
        id: `${run}-${i}-${j}`,
        type: `notify_load_${run}`,
        value: j,
        props: { zone: `l${j % 10}` },
      }));
      const p: Promise<void> = post(base, key, JSON.stringify({ events })).then(
        (r) => {
          if (r.status === 202) accepted += 100;
          else refused += 100;
        },
        () => {
          refused += 100;
        },
      );
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
  })();
  let stopping: Promise<NotifyPhaseResult['load']> | null = null;
  return () =>
    (stopping ??= (async () => {
      stopped = true;
      const seconds = (performance.now() - started) / 1000;
      await loop;
      await Promise.all(inflight);
      return { offered: rate, accepted: Math.round(accepted / seconds), refused };
    })());
}

type Api = { post: (route: string, body: unknown) => Promise<{ id: string }> };

async function login(base: string, admin: { email: string; password: string }): Promise<Api> {
  const res = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: admin.email, password: admin.password }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`login answered ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return {
    post: async (route, body) => {
      const r = await fetch(`${base}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, origin: base },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (r.status !== 201) throw new Error(`${route} answered ${r.status}: ${await r.text()}`);
      return (await r.json()) as { id: string };
    },
  };
}

const isResolve = (which: Which, body: string) =>
  which === 'slack' ? body.includes('Resolved') : body.includes('"event_action":"resolve"');

/**
 * One phase: `samples` threshold rules (pending 0, 1-minute count per zone > 5, auto-resolve), each on a
 * metric and a Slack channel of its own (Slack's 1 message/s is per webhook) and all on one PagerDuty
 * channel. Each sample posts one breaching batch, stamped with its send time as event time, and times
 * the POST's start to the trigger's arrival at each receiver. Back to normal is the first whole second
 * whose 1-minute window no longer holds the batch (the batch's second + 61 s: rules judge complete
 * seconds); the resolve is timed from then to its arrival.
 */
async function runPhase(options: {
  base: string;
  key: string;
  api: Api;
  receivers: BenchReceivers;
  samples: number;
  label: string;
  loadRate: number;
}): Promise<NotifyPhaseResult> {
  const { base, api, receivers, samples } = options;
  const run = `${randomBytes(3).toString('hex')}${options.label}`;
  const pagerduty = await api.post('/api/v1/channels', {
    name: `bench pagerduty ${run}`,
    type: 'pagerduty',
    config: { routingKey: `R0${run}${'0'.repeat(30)}`.slice(0, 32) },
  });
  const setUp = async (i: number | 'warm') => {
    const metric = `notify_bench_${run}_${i}`;
    await api.post('/api/v1/metrics', {
      name: metric,
      eventTypes: [metric],
      aggregation: 'count',
      dimensions: ['zone'],
    });
    const slack = await api.post('/api/v1/channels', {
      name: `bench slack ${run} ${i}`,
      type: 'slack',
      config: { webhookUrl: `${receivers.slackUrl}/services/T0/B${i}/${run}` },
    });
    await api.post('/api/v1/rules', {
      name: `bench notify ${run} ${i}`,
      kind: 'threshold',
      metric,
      groupBy: ['zone'],
      window: '1m',
      pendingSeconds: 0,
      autoResolve: true,
      params: { op: '>', value: threshold },
      channelIds: [slack.id, pagerduty.id],
    });
    return { metric, zone: `z${i}x${run}` };
  };
  const warm = await setUp('warm');
  const set = [];
  for (let i = 0; i < samples; i++) set.push(await setUp(i));

  let n = 0;
  const breach = async ({ metric, zone }: { metric: string; zone: string }) => {
    const mine = (which: Which, resolve: boolean) => (body: string) =>
      body.includes(zone) && isResolve(which, body) === resolve;
    const trigger = {
      slack: receivers.waitFor('slack', mine('slack', false), arrivalTimeoutMs),
      pagerduty: receivers.waitFor('pagerduty', mine('pagerduty', false), arrivalTimeoutMs),
    };
    const started = Date.now();
    const events = Array.from({ length: threshold + 1 }, () => ({
      id: `${run}-${n++}`,
      type: metric,
      ts: started,
      props: { zone },
    }));
    const res = await fetch(`${base}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
    await res.body?.cancel();
    const normalAt = Math.floor(started / 1000) * 1000 + windowMs + 1000;
    const resolved = async (which: Which) =>
      receivers.waitFor(which, mine(which, true), normalAt - Date.now() + arrivalTimeoutMs);
    const resolve = { slack: resolved('slack'), pagerduty: resolved('pagerduty') };
    return { zone, started, normalAt, trigger, resolve, mine };
  };

  const stopLoad = options.loadRate > 0 ? startLoad(base, options.key, options.loadRate) : null;
  try {
    if (stopLoad) await new Promise((r) => setTimeout(r, 3_000)); // the load settles first
    // Warm-up: one breach through the whole path before the samples.
    const w = await breach(warm);
    if ((await w.trigger.slack) === null || (await w.trigger.pagerduty) === null) {
      throw new Error('no notification reached the receivers for the warm-up breach');
    }
    const pending = [];
    for (let i = 0; i < samples; i++) {
      pending.push(await breach(set[i]!));
      // Spread over the second and the rules tick; PagerDuty allows 2 events/s per routing key.
      await new Promise((r) => setTimeout(r, 700 + ((i * 373) % 500)));
    }
    const triggers = await Promise.all(
      pending.map(async (p) => ({ slack: await p.trigger.slack, pagerduty: await p.trigger.pagerduty })),
    );
    const load = stopLoad ? await stopLoad() : { offered: 0, accepted: 0, refused: 0 };
    const resolves = await Promise.all(
      pending.map(async (p) => ({ slack: await p.resolve.slack, pagerduty: await p.resolve.pagerduty })),
    );
    await new Promise((r) => setTimeout(r, 2_000)); // anything sent twice arrives meanwhile
    const result = { slack: [] as number[], pagerduty: [] as number[], both: [] as number[] };
    const resolveMs: number[] = [];
    let missed = 0;
    let extra = 0;
    let resolveFirst = 0;
    pending.forEach((p, i) => {
      const t = triggers[i]!;
      const r = resolves[i]!;
      for (const which of ['slack', 'pagerduty'] as const) {
        const at = t[which];
        if (at === null) missed++;
        else result[which].push(at - p.started);
        if (r[which] === null) missed++;
        if (at !== null && r[which] !== null && r[which] < at) resolveFirst++;
        for (const resolve of [false, true]) {
          extra += Math.max(0, receivers.count(which, p.mine(which, resolve)) - 1);
        }
      }
      if (t.slack !== null && t.pagerduty !== null)
        result.both.push(Math.max(t.slack, t.pagerduty) - p.started);
      if (r.slack !== null && r.pagerduty !== null)
        resolveMs.push(Math.max(r.slack, r.pagerduty) - p.normalAt);
    });
    return {
      load,
      slack: latencies(result.slack),
      pagerduty: latencies(result.pagerduty),
      both: latencies(result.both),
      resolve: latencies(resolveMs),
      missed,
      extra,
      resolveFirst,
    };
  } finally {
    if (stopLoad) await stopLoad();
  }
}

/**
 * Breach → Slack and PagerDuty, and back to normal → resolve: a phase on an otherwise idle stack, then
 * (with `loadRate` > 0) the same beside open-loop ingest at `loadRate` events/s.
 */
export async function benchNotify(options: {
  base: string;
  key: string;
  admin: { email: string; password: string };
  receivers: BenchReceivers;
  samples?: number;
  loadRate?: number;
}): Promise<NotifyBenchResult> {
  const api = await login(options.base, options.admin);
  const phase = (label: string, loadRate: number) =>
    runPhase({ ...options, api, samples: options.samples ?? 30, label, loadRate });
  const idle = await phase('i', 0);
  const busy = (options.loadRate ?? 0) > 0 ? await phase('b', options.loadRate!) : null;
  return { idle, busy, targets: { breachP95: 500, breachP99: 1_000, resolveP95: 1_000 } };
}
