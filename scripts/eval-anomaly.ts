// `npm run eval:anomaly`: replays three Numenta Anomaly Benchmark series through the anomaly rule, each in
// a database of its own on the local PostgreSQL (backfilled as events, rolled up, then replayed by the
// backtest service over the whole range), and scores the detections against NAB's labelled windows.
// Env: EVAL_PG (postgres://postgres@127.0.0.1:5432), NAB_DIR (../shared/data/nab).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { createDb, createSql, type Sql } from '@/db/client';
import { ensureDatabase, runMigrations } from '@/db/migrate';
import type { Actor } from '@/core/auth/context';
import { createMetric } from '@/core/services/metrics/create-metric';
import { createMetricInputSchema } from '@/core/services/metrics/schemas';
import { backtestRule } from '@/core/services/rules/backtest-rule';
import { createRuleInputSchema, type CreateRuleInput } from '@/core/services/rules/schemas';
import type { CleanEvent } from '@/contracts/jobs';
import { processBatch } from '@/workers/ingest/process-batch';
import { metricCatalogue } from '@/workers/metric-catalogue';
import { rollUp } from '@/workers/rollup';
import { nabScore, normalised, type FileScore } from './eval-anomaly/score';

const pgBase = process.env.EVAL_PG ?? 'postgres://postgres@127.0.0.1:5432';
const nabDir = process.env.NAB_DIR ?? path.resolve(import.meta.dirname, '../../shared/data/nab');
const metricName = 'nab_value';
const eventType = 'nab';

/** The one rule configuration for every file, tuned only through the rule's own settings. */
const ruleInput: CreateRuleInput = createRuleInputSchema.parse({
  name: 'NAB anomaly',
  kind: 'anomaly',
  metric: metricName,
  window: '1h',
  pendingSeconds: 0,
  params: { sensitivity: 'low', seasonality: 'daily' },
});

const files = [
  'artificialWithAnomaly/art_daily_jumpsup.csv',
  'artificialNoAnomaly/art_daily_no_noise.csv',
  'realKnownCause/nyc_taxi.csv',
] as const;

type Requirement = { label: string; holds: (r: FileResult) => boolean };
const requirements: Record<(typeof files)[number], Requirement> = {
  'artificialWithAnomaly/art_daily_jumpsup.csv': {
    label: '≥ 1 window caught',
    holds: (r) => r.caught >= 1,
  },
  'artificialNoAnomaly/art_daily_no_noise.csv': { label: '0 detections', holds: (r) => r.detections === 0 },
  'realKnownCause/nyc_taxi.csv': { label: '≥ 3 of 5 windows caught', holds: (r) => r.caught >= 3 },
};

type FileResult = {
  file: string;
  rows: number;
  windows: number;
  caught: number;
  detections: number;
  falsePositives: number;
  score: FileScore;
  seconds: number;
};

/** NAB timestamps (`YYYY-MM-DD HH:MM:SS[.ffffff]`) are UTC. */
const parseTs = (text: string) => Date.parse(`${text.trim().replace(' ', 'T')}Z`);

function readSeries(file: string): { ts: number; value: number }[] {
  const lines = readFileSync(path.join(nabDir, 'data', file), 'utf8').split(/\r?\n/);
  const rows: { ts: number; value: number }[] = [];
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue;
    const [ts, value] = line.split(',');
    const row = { ts: parseTs(ts ?? ''), value: Number(value) };
    if (!Number.isFinite(row.ts) || !Number.isFinite(row.value)) throw new Error(`${file}: bad line ${line}`);
    rows.push(row);
  }
  return rows;
}

const labelledWindows = JSON.parse(
  readFileSync(path.join(nabDir, 'labels/combined_windows.json'), 'utf8'),
) as Record<string, [string, string][]>;

/** Index of the last row at or before `t` (-1 when none). */
function rowAtOrBefore(rows: readonly { ts: number }[], t: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.ts <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

async function backfill(sql: Sql, series: { ts: number; value: number }[]): Promise<void> {
  const catalogue = metricCatalogue(sql);
  const receivedAt = Date.now();
  for (let i = 0; i < series.length; i += 2000) {
    const events: CleanEvent[] = series
      .slice(i, i + 2000)
      .map((r, j) => ({ id: `nab-${i + j}`, type: eventType, ts: r.ts, value: r.value }));
    await processBatch(sql, [{ source: 'nab', keyId: 'eval', backfill: true, receivedAt, events }], {
      latenessMs: 300_000,
      metrics: await catalogue(),
    });
  }
  // The rollup job takes the backfilled (dirty) minutes 500 at a time: run it until none are left.
  for (;;) {
    await rollUp(sql, { windowMs: 60_000 });
    const [left] = await sql<{ n: number }[]>`select count(*)::int as n from rollup_dirty`;
    if (!left || left.n === 0) break;
  }
}

async function evaluateFile(file: string, index: number): Promise<FileResult> {
  const started = performance.now();
  const name = `pb_nab_${process.pid}_${index}`;
  const url = `${pgBase}/${name}`;
  await ensureDatabase(url);
  const sql = createSql(url, { max: 4, appName: 'pulseboard-eval-anomaly' });
  try {
    await runMigrations(url);
    const db = createDb(sql);
    const [user] = await sql<{ id: string }[]>`
      insert into users (email, name, password_hash, role) values ('eval@pulseboard.local', 'eval', 'x', 'admin')
      returning id`;
    const actor: Actor = {
      userId: user!.id,
      email: 'eval@pulseboard.local',
      name: 'eval',
      role: 'admin',
      via: 'session',
    };
    await createMetric({
      ctx: { db, actor },
      input: createMetricInputSchema.parse({
        name: metricName,
        eventTypes: [eventType],
        aggregation: 'avg',
        valueField: 'value',
      }),
    });
    const series = readSeries(file);
    await backfill(sql, series);
    const first = series[0]!.ts;
    const last = series.at(-1)!.ts;
    // The service the API's POST /api/v1/rules/backtest calls (the API caps a request at 7 days; the
    // service itself replays any range, so the whole file goes in one pass and the states carry through).
    // It ends one 5-minute step past the last record, so the last evaluation still sees a full window.
    const result = await backtestRule({
      ctx: { db, actor },
      input: {
        rule: ruleInput,
        from: new Date(first).toISOString(),
        to: new Date(last + 300_000).toISOString(),
      },
    });
    if (result.stepSeconds !== 300) console.log(`  (replayed at ${result.stepSeconds} s steps)`);
    // A detection is a transition to firing; NAB scores it on the newest record the evaluation could see.
    const detections = result.transitions
      .filter((t) => t.to === 'firing' && t.from !== 'firing')
      .map((t) => rowAtOrBefore(series, Date.parse(t.ts) - 1));
    const windows = (labelledWindows[file] ?? []).map(
      ([a, b]) => [rowAtOrBefore(series, parseTs(a) - 1) + 1, rowAtOrBefore(series, parseTs(b))] as const,
    );
    const inWindow = (i: number) => windows.findIndex(([a, b]) => i >= a && i <= b);
    const caught = new Set(detections.map(inWindow).filter((w) => w >= 0));
    for (const i of detections) {
      const w = inWindow(i);
      console.log(
        `  detection at ${new Date(series[i]?.ts ?? 0).toISOString()} ${w >= 0 ? `in window ${w + 1}` : 'outside every window'}`,
      );
    }
    return {
      file,
      rows: series.length,
      windows: windows.length,
      caught: caught.size,
      detections: detections.length,
      falsePositives: detections.filter((i) => inWindow(i) < 0).length,
      score: nabScore(series.length, detections, windows),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await sql.end({ timeout: 5 });
    const admin = postgres(`${pgBase}/postgres`, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

const fmt = (n: number | null, digits = 1) => (n === null ? 'n/a' : n.toFixed(digits));

console.log(
  `rule: kind ${ruleInput.kind}, window ${ruleInput.window}, pendingSeconds ${ruleInput.pendingSeconds},`,
);
console.log(
  `      params ${JSON.stringify(ruleInput.params)}; metric ${metricName} = avg(value), no dimensions`,
);
const results: FileResult[] = [];
let exitCode = 0;
try {
  for (const [i, file] of files.entries()) {
    console.log(`${file}:`);
    const r = await evaluateFile(file, i);
    results.push(r);
    const ok = requirements[file].holds(r);
    if (!ok) exitCode = 1;
    console.log(
      `  ${r.rows} rows; windows caught ${r.caught} / ${r.windows}; detections ${r.detections}; ` +
        `false positives ${r.falsePositives}; NAB standard raw ${fmt(r.score.raw, 3)}, ` +
        `normalised ${fmt(normalised(r.score))}; ${r.seconds.toFixed(1)} s — ` +
        `requirement ${requirements[file].label}: ${ok ? 'PASS' : 'FAIL'}`,
    );
  }
} catch (error) {
  console.error(error);
  exitCode = 1;
}

if (results.length > 0) {
  const total: FileScore = {
    raw: results.reduce((s, r) => s + r.score.raw, 0),
    nullScore: results.reduce((s, r) => s + r.score.nullScore, 0),
    perfectScore: results.reduce((s, r) => s + r.score.perfectScore, 0),
  };
  const lines = [
    '| file | windows caught | false positives | NAB standard score (0–100) |',
    '| --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${path.basename(r.file)} | ${r.caught} / ${r.windows} | ${r.falsePositives} | ${
          normalised(r.score) === null
            ? `n/a (no windows; raw ${fmt(r.score.raw, 2)})`
            : fmt(normalised(r.score))
        } |`,
    ),
    `| all three (NAB-style corpus total) | ${results.reduce((s, r) => s + r.caught, 0)} / ${results.reduce(
      (s, r) => s + r.windows,
      0,
    )} | ${results.reduce((s, r) => s + r.falsePositives, 0)} | ${fmt(normalised(total))} |`,
  ];
  console.log(
    `\nRule: anomaly, window ${ruleInput.window}, pending ${ruleInput.pendingSeconds} s, ` +
      `${JSON.stringify(ruleInput.params)}.\n`,
  );
  console.log(lines.join('\n'));
  console.log(
    '\nScore: NAB standard profile (A_TP = 1, A_FP = −0.11, A_FN = −1, scaled sigmoid, 15 % probation), ' +
      '100 = perfect, 0 = never fires; detections and false positives above count the whole file.',
  );
}
console.log(exitCode === 0 ? '\nPASS' : '\nFAIL');
process.exit(exitCode);
