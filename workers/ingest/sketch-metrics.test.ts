import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricCurrent } from '@/core/queries/metrics/metric-current';
import { metricSeries } from '@/core/queries/metrics/metric-series';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import type { CleanEvent, IngestBatchJob } from '@/contracts/jobs';
import { metricCatalogue } from '@/workers/metric-catalogue';
import { rollUp } from '@/workers/rollup';
import { processBatch } from './process-batch';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  const define = (name: string, aggregation: string, valueField: string | null, dims: string[]) =>
    tdb.sql`insert into metrics (name, event_types, aggregation, value_field, dimensions, default_group_by)
      values (${name}, '["api_request"]'::jsonb, ${aggregation}, ${valueField}, ${JSON.stringify(dims)}::text::jsonb, '[]'::jsonb)`;
  await define('latency_p95', 'p95', 'value', ['endpoint']);
  await define('latency_p50', 'p50', 'value', []);
  await define('api_users', 'distinct', null, ['endpoint']);
  await define('top_endpoints', 'topk', 'props.endpoint', []);
});
afterAll(async () => {
  await tdb.drop();
});

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN;
}

describe('percentiles, distinct users and top-K through storage, rollups and queries', () => {
  it('p95 within 1% of exact and distinct users within 2%, merged across flushes, seconds and groups', async () => {
    const rand = random(42);
    const minute = Date.parse('2030-03-01T08:00:00Z');
    const endpoints = ['/search', '/checkout', '/login', '/cart', '/home'];
    const events: CleanEvent[] = [];
    for (let i = 0; i < 60_000; i++) {
      // Lognormal latencies around 80 ms with a long tail; 25,000 users.
      const z = Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
      events.push({
        id: `s${i}`,
        type: 'api_request',
        ts: minute + Math.floor(rand() * 60_000),
        user: `user-${Math.floor(rand() * 25_000)}`,
        value: Math.exp(Math.log(80) + 0.6 * z),
        props: { endpoint: endpoints[Math.floor(rand() ** 2 * endpoints.length)] ?? '/home' },
      });
    }
    const jobs: IngestBatchJob[] = [];
    for (let i = 0; i < events.length; i += 500) {
      jobs.push({
        source: 's',
        keyId: 'k',
        backfill: true,
        receivedAt: minute + 70_000,
        events: events.slice(i, i + 500),
      });
    }
    const metrics = await metricCatalogue(tdb.sql)();
    // Four concurrent flushes at a time: the same 1-second points are merged by different transactions.
    for (let i = 0; i < jobs.length; i += 8) {
      await Promise.all(
        [0, 2, 4, 6].map((o) =>
          processBatch(tdb.sql, jobs.slice(i + o, i + o + 2), { latenessMs: 300_000, metrics }),
        ),
      );
    }
    await rollUp(tdb.sql, { windowMs: 120_000, now: minute + 70_000 });

    const values = events.map((e) => e.value ?? 0).sort((a, b) => a - b);
    const exactP95 = exactQuantile(values, 0.95);
    const exactUsers = new Set(events.map((e) => e.user)).size;
    const range = { from: '2030-03-01T08:00:00Z', to: '2030-03-01T08:00:59Z' };
    for (const step of ['1m', '1h'] as const) {
      const p95 = await metricSeries(tdb.db, 'latency_p95', { ...range, step, group: [] });
      const got = p95.series[0]?.points[0]?.[1] ?? Number.NaN;
      expect(Math.abs(got - exactP95) / exactP95).toBeLessThan(0.01);
      const users = await metricSeries(tdb.db, 'api_users', { ...range, step, group: [] });
      const distinct = users.series[0]?.points[0]?.[1] ?? Number.NaN;
      expect(Math.abs(distinct - exactUsers) / exactUsers).toBeLessThan(0.02);
    }
    // 1-second points merged at query time per endpoint agree with the exact per-endpoint p95 too.
    const perEndpoint = await metricSeries(tdb.db, 'latency_p95', {
      ...range,
      step: '1m',
      group: ['endpoint'],
    });
    for (const s of perEndpoint.series) {
      const own = events
        .filter((e) => e.props?.endpoint === s.group.endpoint)
        .map((e) => e.value ?? 0)
        .sort((a, b) => a - b);
      const got = s.points[0]?.[1] ?? Number.NaN;
      expect(Math.abs(got - exactQuantile(own, 0.95)) / exactQuantile(own, 0.95)).toBeLessThan(0.01);
    }
    const fromSeconds = await metricSeries(tdb.db, 'latency_p50', { ...range, step: '1s', group: [] });
    expect(fromSeconds.series[0]?.points.length).toBe(60);
  });

  it('ranks the heaviest endpoints with a bounded error', async () => {
    const ts = Date.now() - 5_000;
    const events: CleanEvent[] = [];
    const weights = { '/a': 500, '/b': 300, '/c': 100, '/d': 10 };
    for (const [endpoint, n] of Object.entries(weights)) {
      for (let i = 0; i < n; i++)
        events.push({ id: `t${endpoint}${i}`, type: 'api_request', ts, props: { endpoint } });
    }
    const metrics = await metricCatalogue(tdb.sql)();
    await processBatch(tdb.sql, [{ source: 's', keyId: 'k', backfill: false, receivedAt: ts, events }], {
      latenessMs: 300_000,
      metrics,
    });
    const current = await metricCurrent(tdb.db, 'top_endpoints', { window: '1m' });
    expect(current.top?.slice(0, 3).map((t) => [t.item, t.count])).toEqual([
      ['/a', 500],
      ['/b', 300],
      ['/c', 100],
    ]);
    expect(current.value).toBe(500);
  });
});
