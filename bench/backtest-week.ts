// `npx tsx bench/backtest-week.ts`: how long the rule editor's 7-day preview takes (issue 20 point 7).
// A fresh database on the local PostgreSQL (test/db.ts), dropped at the end, holds a week of 1-minute
// rollups, as retention keeps them, for three count metrics: api_requests by endpoint × status
// (BENCH_BACKTEST_ENDPOINTS (20) × 5 = 100 stored groups), ride_requests and drivers_available by zone ×
// product (BENCH_BACKTEST_ZONES (12) × 3 = 36 groups each): one row per group and minute. Then, 3 times
// each, median printed: the rule backtest (threshold per endpoint, windows 1m and 5m) and the surge
// backtest (per zone, windows 1m and 5m) over the last 7 days, through the verbs the API calls.
import { backtestRule } from '@/core/services/rules/backtest-rule';
import { backtestInputSchema } from '@/core/services/rules/schemas';
import { backtestSurgeRule } from '@/core/services/surge-rules/backtest-surge-rule';
import { surgeBacktestInputSchema } from '@/core/services/surge-rules/schemas';
import { createTestDatabase } from '@/test/db';
import { seedMetrics, seedUsers } from '@/test/helpers/rules';

const endpoints = Number(process.env.BENCH_BACKTEST_ENDPOINTS ?? 20);
const zones = Number(process.env.BENCH_BACKTEST_ZONES ?? 12);
const dayMs = 86_400_000;

const tdb = await createTestDatabase();
try {
  const actors = await seedUsers(tdb);
  await seedMetrics(tdb, [
    { name: 'api_requests', eventTypes: ['api_request'], dimensions: ['endpoint', 'status'] },
    { name: 'ride_requests', eventTypes: ['ride_request'], dimensions: ['zone', 'product'] },
    { name: 'drivers_available', eventTypes: ['driver_available'], dimensions: ['zone', 'product'] },
  ]);
  const to = Math.floor(Date.now() / 60_000) * 60_000;
  const from = to - 7 * dayMs;
  const fill = async (metric: string, a: string, an: number, b: string, bn: number, scale: number) => {
    await tdb.sql`
      insert into metric_rollups_1m (metric, group_key, dims, bucket, count, sum)
      select ${metric}, jsonb_build_object(${a}::text, ${a} || x, ${b}::text, ${b} || y)::text,
             jsonb_build_object(${a}::text, ${a} || x, ${b}::text, ${b} || y),
             t, (1 + floor(random() * ${scale}))::int8, 0
      from generate_series(1, ${an}::int) x, generate_series(1, ${bn}::int) y,
           generate_series(${new Date(from - dayMs).toISOString()}::timestamptz,
                           ${new Date(to).toISOString()}::timestamptz, interval '1 minute') t`;
  };
  const started = performance.now();
  await fill('api_requests', 'endpoint', endpoints, 'status', 5, 50);
  await fill('ride_requests', 'zone', zones, 'product', 3, 30);
  await fill('drivers_available', 'zone', zones, 'product', 3, 20);
  await tdb.sql`analyze metric_rollups_1m`;
  const [{ n } = { n: '0' }] = await tdb.sql<
    { n: string }[]
  >`select count(*)::text as n from metric_rollups_1m`;
  console.log(`filled ${n} 1-minute rollup rows in ${Math.round(performance.now() - started)} ms`);

  const ctx = { db: tdb.db, actor: actors.operator };
  const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  const median = async (label: string, run: () => Promise<{ evaluations: number; stepSeconds: number }>) => {
    const times: number[] = [];
    let last = { evaluations: 0, stepSeconds: 0 };
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      last = await run();
      times.push(performance.now() - t0);
    }
    times.sort((x, y) => x - y);
    console.log(
      `${label.padEnd(44)} ${String(Math.round(times[1]!)).padStart(6)} ms  ` +
        `(${last.evaluations} evaluations, ${last.stepSeconds} s steps)`,
    );
  };
  for (const window of ['1m', '5m'] as const) {
    await median(`rule backtest, 7 d, per endpoint, ${window}`, () =>
      backtestRule({
        ctx,
        input: backtestInputSchema.parse({
          rule: {
            name: 'API requests',
            kind: 'threshold',
            metric: 'api_requests',
            groupBy: ['endpoint'],
            window,
            params: { op: '>', value: window === '1m' ? 240 : 1200 },
          },
          ...range,
        }),
      }),
    );
    await median(`surge backtest, 7 d, per zone, ${window}`, () =>
      backtestSurgeRule({
        ctx,
        input: surgeBacktestInputSchema.parse({
          rule: {
            name: 'Rides',
            demandMetric: 'ride_requests',
            supplyMetric: 'drivers_available',
            groupBy: ['zone'],
            window,
            tiers: [
              { ratio: 1.5, multiplier: 1.2 },
              { ratio: 2, multiplier: 1.5 },
            ],
          },
          ...range,
        }),
      }),
    );
  }
} finally {
  await tdb.drop();
}
