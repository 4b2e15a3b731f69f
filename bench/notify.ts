import { randomBytes } from 'node:crypto';
import { startPagerDutyReceiver, startSlackReceiver, type HttpReceiver } from '../test/receivers';
import { percentile } from './lib';

export type BenchReceivers = {
  /** Base URL of the Slack receiver; a channel's webhook URL is any path under it. */
  slackUrl: string;
  /** The Events API v2 endpoint to pass as `PULSEBOARD_PAGERDUTY_EVENTS_URL`. */
  pagerdutyUrl: string;
  /** The arrival time (epoch ms) of the first request whose body contains `token`, or null after the wait. */
  waitFor: (which: 'slack' | 'pagerduty', token: string, timeoutMs: number) => Promise<number | null>;
  close: () => Promise<void>;
};

/**
 * The tests' Slack and PagerDuty receivers (test/receivers: 200 `ok`, 202 with the dedup key, 400 on a
 * payload the real service would refuse) on free 127.0.0.1 ports, with a wait for one message.
 */
export async function startBenchReceivers(): Promise<BenchReceivers> {
  const receivers: Record<'slack' | 'pagerduty', HttpReceiver> = {
    slack: await startSlackReceiver(),
    pagerduty: await startPagerDutyReceiver(),
  };
  return {
    slackUrl: receivers.slack.url,
    pagerdutyUrl: `${receivers.pagerduty.url}/v2/enqueue`,
    waitFor: async (which, token, timeoutMs) => {
      const end = Date.now() + timeoutMs;
      // Polled every 5 ms: the receivers keep a plain list; 5 ms is noise against a 2 s target.
      while (Date.now() < end) {
        const hit = receivers[which].received.find((r) => r.status < 300 && r.body.includes(token));
        if (hit) return hit.at;
        await new Promise((r) => setTimeout(r, 5));
      }
      return null;
    },
    close: async () => {
      await Promise.all([receivers.slack.close(), receivers.pagerduty.close()]);
    },
  };
}

export type NotifyBenchResult = {
  slack: { p50: number; p95: number; samples: number; missed: number };
  pagerduty: { p50: number; p95: number; samples: number; missed: number };
  /** Both receivers reached: the later of the two arrivals. */
  both: { p50: number; p95: number };
  targetMs: number;
};

/** Longest wait for one message before the sample counts as missed. */
const arrivalTimeoutMs = 15_000;
const threshold = 5;

/**
 * Breach → Slack and PagerDuty receivers: a threshold rule (pending 0, 1-minute count > 5 per zone,
 * no auto-resolve, so no resolve messages share the Slack rate limit) notifying a Slack and a PagerDuty
 * channel; each sample posts one breaching batch for a new zone and times the POST's start to the
 * arrival, at each receiver, of the first message naming that zone. Samples are spaced past Slack's
 * 1 message/s per webhook, which the workers enforce.
 */
export async function benchNotify(options: {
  base: string;
  key: string;
  admin: { email: string; password: string };
  receivers: BenchReceivers;
  samples?: number;
}): Promise<NotifyBenchResult> {
  const { base, receivers } = options;
  const samples = options.samples ?? 20;
  const run = randomBytes(3).toString('hex');
  const type = `notify_bench_${run}`;

  const login = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: options.admin.email, password: options.admin.password }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!login.ok) throw new Error(`login answered ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const adminPost = async (route: string, body: unknown) => {
    const res = await fetch(`${base}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: base },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 201) throw new Error(`${route} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  await adminPost('/api/v1/metrics', {
    name: type,
    eventTypes: [type],
    aggregation: 'count',
    dimensions: ['zone'],
  });
  const slack = await adminPost('/api/v1/channels', {
    name: `bench slack ${run}`,
    type: 'slack',
    config: { webhookUrl: `${receivers.slackUrl}/services/T0/B0/${run}` },
  });
  const pagerduty = await adminPost('/api/v1/channels', {
    name: `bench pagerduty ${run}`,
    type: 'pagerduty',
    config: { routingKey: `R0${run}${'0'.repeat(26)}`.slice(0, 32) },
  });
  await adminPost('/api/v1/rules', {
    name: `bench notify ${run}`,
    kind: 'threshold',
    metric: type,
    groupBy: ['zone'],
    window: '1m',
    pendingSeconds: 0,
    autoResolve: false,
    params: { op: '>', value: threshold },
    channelIds: [slack.id, pagerduty.id],
  });

  let n = 0;
  const breach = async (zone: string) => {
    const events = Array.from({ length: threshold + 1 }, () => ({
      id: `${run}-${n++}`,
      type,
      props: { zone },
    }));
    const toSlack = receivers.waitFor('slack', zone, arrivalTimeoutMs);
    const toPagerDuty = receivers.waitFor('pagerduty', zone, arrivalTimeoutMs);
    const started = Date.now();
    const res = await fetch(`${base}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
    await res.body?.cancel();
    const [s, p] = await Promise.all([toSlack, toPagerDuty]);
    return { slack: s === null ? null : s - started, pagerduty: p === null ? null : p - started };
  };

  // Warm-up: the workers pick up a new rule and channels within a few seconds.
  let warm = false;
  for (let attempt = 0; attempt < 4 && !warm; attempt++) {
    const r = await breach(`warm${attempt}x${run}`);
    warm = r.slack !== null && r.pagerduty !== null;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
  }
  if (!warm) throw new Error('no notification reached the receivers for the warm-up breaches');

  const slackMs: number[] = [];
  const pdMs: number[] = [];
  const bothMs: number[] = [];
  let slackMissed = 0;
  let pdMissed = 0;
  for (let i = 0; i < samples; i++) {
    const r = await breach(`z${i}x${run}`);
    if (r.slack === null) slackMissed++;
    else slackMs.push(r.slack);
    if (r.pagerduty === null) pdMissed++;
    else pdMs.push(r.pagerduty);
    if (r.slack !== null && r.pagerduty !== null) bothMs.push(Math.max(r.slack, r.pagerduty));
    // Past Slack's 1 message/s, and spread over the rules tick.
    await new Promise((resolve) => setTimeout(resolve, 1_100 + ((i * 373) % 700)));
  }
  for (const list of [slackMs, pdMs, bothMs]) list.sort((a, b) => a - b);
  return {
    slack: {
      p50: percentile(slackMs, 0.5),
      p95: percentile(slackMs, 0.95),
      samples: slackMs.length,
      missed: slackMissed,
    },
    pagerduty: {
      p50: percentile(pdMs, 0.5),
      p95: percentile(pdMs, 0.95),
      samples: pdMs.length,
      missed: pdMissed,
    },
    both: { p50: percentile(bothMs, 0.5), p95: percentile(bothMs, 0.95) },
    targetMs: 2_000,
  };
}
