import { request } from 'node:http';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDelivery } from '@/core/services/notifications/insert-delivery';
import { clusterMetricsText } from '@/lib/observability/cluster-metrics';
import { queueNames } from '@/lib/redis-names';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { checkMetrics, promtoolMissing } from '@/test/promtool';
import { startWebhookReceiver, type HttpReceiver } from '@/test/receivers';
import { ingestJobOptions, type IngestBatchJob } from '@/contracts/jobs';
import { startIngestWorker } from './ingest';
import { startMetricsServer, type MetricsServer } from './metrics-server';
import { workerMetrics } from './metrics';
import { deliver } from './notify/deliver';
import { addChannel, addRule, notifySetup, openIncident, testKey } from '@/test/helpers/notify-harness';
import { seedMetrics } from '@/test/helpers/rules';

// Issue 18: a worker exports its own metrics on its own port: flush, queue wait, breach → notification and
// delivery histograms, valid for promtool, under the web's token-or-loopback rule.
const missing = promtoolMissing();
if (missing) console.warn(`metrics-server.test.ts: promtool checks skipped: ${missing}`);

const prefix = testRedisPrefix();
const token = 'worker-metrics-token-0123456789';
const logged: string[] = [];
let tdb: TestDatabase;
let redis: Redis;
let queue: Queue;
let ingest: ReturnType<typeof startIngestWorker>;
let receiver: HttpReceiver;
let server: MetricsServer;

const render = async (processId = 'worker-a') =>
  (await workerMetrics().registry.metrics()) +
  (await clusterMetricsText({ redis, prefix, processId, ingestQueue: queue }));

beforeAll(async () => {
  tdb = await createTestDatabase();
  await seedMetrics(tdb);
  redis = new Redis(testRedisUrl);
  queue = new Queue(queueNames.ingest, { connection: { url: testRedisUrl }, prefix });
  ingest = startIngestWorker({
    sql: tdb.sql,
    publisher: redis,
    redisUrl: testRedisUrl,
    prefix,
    latenessMs: 60_000,
  });
  receiver = await startWebhookReceiver();
  const started = await startMetricsServer({
    port: 0,
    token,
    render: () => render(),
    log: (level, msg) => logged.push(`${level} ${msg}`),
  });
  if (!started) throw new Error('the metrics server did not start');
  server = started;
});

afterAll(async () => {
  await server?.close();
  await ingest?.close();
  await queue?.obliterate({ force: true });
  await queue?.close();
  await receiver?.close();
  redis?.disconnect();
  await tdb?.drop();
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

const sample = (text: string, series: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
};

describe('GET /metrics of a worker process', () => {
  it('after a real flush and a real delivery: the histograms have samples and promtool passes', async () => {
    // Two events, one of them again (a duplicate) and one past the allowed lateness, through the queue.
    const now = Date.now();
    const job = (events: IngestBatchJob['events']): IngestBatchJob => ({
      source: 'default',
      keyId: 'k',
      backfill: false,
      receivedAt: now,
      events,
    });
    await queue.add('batch', job([{ id: 'm1', type: 'metrics_test', ts: now }]), ingestJobOptions);
    await queue.add(
      'batch',
      job([
        { id: 'm1', type: 'metrics_test', ts: now },
        { id: 'm2', type: 'metrics_test', ts: now - 120_000 },
      ]),
      ingestJobOptions,
    );
    await expect
      .poll(async () => sample(await render(), 'pulseboard_ingest_events_stored_total'), { timeout: 10_000 })
      .toBe(2);

    // An incident opened 2 s ago by a breach, and its trigger delivery to a webhook, sent for real.
    const setup = await notifySetup(tdb);
    const channelId = await addChannel(setup.ctx(), {
      name: 'hook',
      type: 'webhook',
      enabled: true,
      config: { url: `${receiver.url}/hook` },
    });
    const breachAt = new Date(Date.now() - 2000);
    const incident = await openIncident(tdb, await addRule(tdb, { channelIds: [] }), {}, breachAt);
    const delivery = await insertDelivery(tdb.db, {
      key: `metrics-${incident}`,
      incidentId: incident,
      incidentEventId: null,
      channelId,
      action: 'trigger',
      status: 'queued',
      context: {
        action: 'trigger',
        at: breachAt.toISOString(),
        incident: null,
        links: { incident: null, acknowledge: null },
      },
      now: new Date(),
    });
    const deps = {
      db: tdb.db,
      redis,
      prefix,
      secretKey: testKey,
      pagerDutyUrl: receiver.url,
      allowPrivate: true,
    };
    expect(await deliver(deps, delivery!.id)).toEqual({ done: true, status: 'sent' });

    const { status, text } = await get('/metrics');
    expect(status).toBe(200);
    expect(sample(text, 'pulseboard_ingest_events_stored_total')).toBe(2);
    expect(sample(text, 'pulseboard_ingest_events_duplicates_total')).toBe(1);
    expect(sample(text, 'pulseboard_ingest_events_late_total')).toBe(1);
    expect(sample(text, 'pulseboard_ingest_flush_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'pulseboard_ingest_queue_wait_seconds_count')).toBe(2);
    expect(text).toMatch(/^pulseboard_ingest_flush_duration_seconds_bucket\{le="\+Inf"\} [1-9]/m);
    expect(
      sample(
        text,
        'pulseboard_notification_delivery_duration_seconds_count{channel_type="webhook",outcome="sent"}',
      ),
    ).toBe(1);
    const breach = 'pulseboard_breach_to_notification_seconds';
    expect(sample(text, `${breach}_count{channel_type="webhook"}`)).toBe(1);
    expect(sample(text, `${breach}_sum{channel_type="webhook"}`)).toBeGreaterThanOrEqual(2);
    expect(sample(text, `${breach}_bucket{le="1",channel_type="webhook"}`)).toBe(0);
    expect(text).toMatch(/^process_resident_memory_bytes [1-9]/m);
    // This worker is the first process scraped under its prefix: it holds the cluster gauges' lease.
    expect(text).toMatch(/^pulseboard_ingest_queue_jobs\{scope="cluster",state="waiting"\} 0$/m);
    expect(text).toMatch(/^pulseboard_redis_up\{scope="cluster"\} 1$/m);
    expect(await render('another-process')).not.toMatch(/scope="cluster"/);

    if (missing) {
      if (process.env.CI) throw new Error(missing);
      return;
    }
    expect(checkMetrics(text)).toEqual({ status: 0, output: '' });
  });

  it("answers another host only with the token, as the web's /metrics does", async () => {
    expect(await get('/metrics', { 'x-forwarded-for': '203.0.113.7' })).toMatchObject({ status: 401 });
    expect(await get('/metrics', { forwarded: 'for=203.0.113.7' })).toMatchObject({ status: 401 });
    expect(await get('/metrics', { authorization: 'Bearer wrong-token-0123456789' })).toMatchObject({
      status: 200, // from loopback all the same
    });
    const relayed = { 'x-forwarded-for': '203.0.113.7' };
    expect(await get('/metrics', { ...relayed, authorization: `Bearer ${token}` })).toMatchObject({
      status: 200,
    });
    expect(await get('/other')).toMatchObject({ status: 404 });
  });

  it('a taken port: a warning, no server, and the worker carries on', async () => {
    const second = await startMetricsServer({
      port: server.port,
      render: () => render(),
      log: (level, msg) => logged.push(`${level} ${msg}`),
    });
    expect(second).toBeNull();
    expect(logged.some((l) => l.startsWith('warn metrics: cannot listen'))).toBe(true);
    expect((await get('/metrics')).status).toBe(200);
  });
});
