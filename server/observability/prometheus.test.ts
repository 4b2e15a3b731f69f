import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as ingest } from '@/app/api/v1/events/route';
import * as metricsRoute from '@/app/metrics/route';
import { countAlertingProblems } from '@/core/queries/system/alerting-problems';
import { clusterMetricsText } from '@/lib/observability/cluster-metrics';
import { createRedis } from '@/lib/redis';
import { clusterExporterKey, workerHeartbeatKey } from '@/lib/redis-names';
import { runtime } from '@/server/runtime';
import { createWorld, type HostileWorld } from '@/test/hostile/fixture';
import { checkMetrics, promtoolMissing } from '@/test/promtool';

// Issue 18: /metrics is prom-client's exposition, valid for promtool, with the ingest histogram, and the
// cluster-wide gauges come from one process only.
const missing = promtoolMissing();
if (missing) console.warn(`prometheus.test.ts: promtool checks skipped: ${missing}`);

let world: HostileWorld;
beforeAll(async () => {
  world = await createWorld();
  const prefix = runtime().env.PULSEBOARD_REDIS_PREFIX;
  await runtime().redis.set(workerHeartbeatKey(prefix, 'prometheus-test'), '1', 'EX', 600);
});
afterAll(() => world?.close());

function post(body: unknown, key = world.ingestKey): Promise<Response> {
  return ingest(
    new Request('http://127.0.0.1/api/v1/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

/** GET /metrics as the custom server hands on a loopback request (the stamped client address). */
async function scrape(): Promise<string> {
  const response = await metricsRoute.GET(
    new Request('http://127.0.0.1/metrics', { headers: { 'x-pulseboard-client-address': '127.0.0.1' } }),
  );
  expect(response.status).toBe(200);
  return response.text();
}

const sample = (text: string, series: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
};

describe('GET /metrics of a web process', () => {
  it('passes promtool check metrics after real ingest requests', async () => {
    const before = await scrape();
    const count = 'pulseboard_ingest_request_duration_seconds_count';
    expect(
      (
        await post([
          { id: 'p-1', type: 'signup' },
          { id: 'p-2', type: 'signup' },
        ])
      ).status,
    ).toBe(202);
    expect((await post([{ id: 'p-3' }])).status).toBe(400); // no type
    expect((await post([{ id: 'p-4', type: 'signup' }], 'pbk_not_a_key')).status).toBe(401);
    const text = await scrape();

    expect(sample(text, count) - (sample(before, count) || 0)).toBe(3);
    expect(text).toMatch(/^pulseboard_ingest_request_duration_seconds_bucket\{le="\+Inf"\} [1-9]/m);
    expect(text).toMatch(/^pulseboard_ingest_request_duration_seconds_sum \d/m);
    expect(text).toMatch(/^pulseboard_ingest_requests_total\{status="202"\} [1-9]/m);
    expect(text).toMatch(/^pulseboard_ingest_requests_total\{status="400"\} [1-9]/m);
    expect(text).toMatch(/^pulseboard_ingest_requests_total\{status="401"\} [1-9]/m);
    expect(text).toMatch(/^pulseboard_ingest_events_accepted_total [1-9]/m);
    expect(text).toMatch(/^pulseboard_ingest_events_rejected_total [1-9]/m);
    expect(text).toMatch(/^process_resident_memory_bytes [1-9]/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).toMatch(/^pulseboard_ingest_queue_jobs\{scope="cluster",state="waiting"\} \d+/m);
    expect(text).toMatch(/^pulseboard_workers\{scope="cluster"\} [1-9]/m);
    expect(text).toMatch(/^pulseboard_redis_up\{scope="cluster"\} 1/m);

    if (missing) {
      if (process.env.CI) throw new Error(missing);
      return;
    }
    expect(checkMetrics(text)).toEqual({ status: 0, output: '' });
  });
});

describe('cluster-wide gauges', () => {
  const source = (processId: string) => ({
    redis: runtime().redis,
    prefix: `${runtime().env.PULSEBOARD_REDIS_PREFIX}-lease`,
    processId,
    ingestQueue: runtime().queues.ingest,
  });

  it('are exported by exactly one of two processes sharing a prefix, and move on when its lease lapses', async () => {
    const [a, b] = [source('process-a'), source('process-b')];
    const first = await Promise.all([clusterMetricsText(a), clusterMetricsText(b)]);
    expect(first.filter((t) => t.includes('pulseboard_workers{scope="cluster"}'))).toHaveLength(1);
    expect(first.filter((t) => t === '')).toHaveLength(1);
    const holder = first[0] ? a : b;
    const other = first[0] ? b : a;
    // The holder keeps it scrape after scrape.
    expect(await clusterMetricsText(holder)).toMatch(/^pulseboard_redis_up\{scope="cluster"\} 1/m);
    expect(await clusterMetricsText(other)).toBe('');
    // Its lease lapses (it stopped): the next process scraped takes over.
    await runtime().redis.del(clusterExporterKey(a.prefix));
    expect(await clusterMetricsText(other)).toMatch(/^pulseboard_ingest_queue_jobs\{scope="cluster"/m);
    expect(await clusterMetricsText(holder)).toBe('');
  });

  it('count the rules and channels that cannot page anyone, and are left out when the database cannot say', async () => {
    const problems = { ...source('process-p'), prefix: `${runtime().env.PULSEBOARD_REDIS_PREFIX}-problems` };
    const sql = world.tdb.sql;
    const read = () =>
      clusterMetricsText({ ...problems, alertingProblems: () => countAlertingProblems(world.tdb.db) });
    expect(await read()).toMatch(/^pulseboard_rules_failing\{scope="cluster",kind="rule"\} 0$/m);
    await sql`insert into rules (name, kind, metric, enabled, eval_error, eval_failing_since) values
      ('Gone', 'threshold', 'gone', true, 'no metric named gone', now()),
      ('Gone, off', 'threshold', 'gone', false, 'no metric named gone', now())`;
    const [channel] = await sql<{ id: string }[]>`
      insert into channels (name, type, secrets) values ('Dead hook', 'webhook', 'x') returning id`;
    await sql`insert into deliveries (idempotency_key, channel_id, action, status)
      values ('problems-1', ${channel!.id}, 'test', 'dead')`;
    const text = await read();
    expect(text).toMatch(/^pulseboard_rules_failing\{scope="cluster",kind="rule"\} 1$/m);
    expect(text).toMatch(/^pulseboard_rules_failing\{scope="cluster",kind="surge"\} 0$/m);
    expect(text).toMatch(/^pulseboard_channels_failing\{scope="cluster"\} 1$/m);

    const broken = await clusterMetricsText({
      ...problems,
      alertingProblems: () => Promise.reject(new Error('connection refused')),
    });
    expect(broken).toMatch(/^pulseboard_redis_up\{scope="cluster"\} 1$/m);
    expect(broken).not.toMatch(/pulseboard_rules_failing|pulseboard_channels_failing/);
  });

  it('a process that cannot reach Redis says so rather than going silent', async () => {
    const unreachable = createRedis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    try {
      const text = await clusterMetricsText({ ...source('process-c'), redis: unreachable });
      expect(text).toMatch(/^pulseboard_redis_up\{scope="cluster"\} 0$/m);
      expect(text).not.toMatch(/pulseboard_workers/);
    } finally {
      unreachable.disconnect();
    }
  });
});

describe('label values', () => {
  it('escape a newline, a quote and a backslash (prom-client), and promtool reads them back', async () => {
    const registry = new Registry();
    new Counter({ name: 'pulseboard_test_total', help: 'h', labelNames: ['v'], registers: [registry] }).inc({
      v: 'a\nb"c\\d',
    });
    const text = await registry.metrics();
    expect(text).toContain('pulseboard_test_total{v="a\\nb\\"c\\\\d"} 1\n');
    if (missing) return;
    expect(checkMetrics(text)).toEqual({ status: 0, output: '' });
  });
});
