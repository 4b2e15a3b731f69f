import { sql } from 'drizzle-orm';
import type { AlertMetric } from '@/lib/alerting/evaluate';
import type { Resolution, WindowSpec } from '@/lib/alerting/kinds/kind';
import { MemoryWindowSource, type BucketRow } from '@/lib/alerting/memory-source';
import { newReplayCarry, replayRule } from '@/lib/alerting/replay';
import { sketchKind } from '@/lib/metrics/definitions';
import { requireRole } from '@/core/auth/context';
import { listMetrics } from '@/core/queries/metrics/list-metrics';
import { loadWindowBuckets } from '@/core/queries/rules/window-buckets';
import { checkRule } from './check-rule';
import type { RuleContext } from './create-rule';
import type { BacktestInput } from './schemas';
import type { BacktestChunk, BacktestResolution, BacktestResult } from '@/contracts/responses/alerting';

/** Evaluations per backtest stay near this; the step grows with the range. */
const targetSteps = 2000;
const stepChoices = [1_000, 10_000, 60_000, 300_000];

/**
 * How finely to replay: 1-second points for short ranges and windows, else 1-minute rollups at steps of
 * a minute or more (merging a day of 1-second points per step would take far too long), and never more
 * than one window per step.
 */
export function backtestPlan(range: number, windowMs: number, aggregationHasSketch: boolean) {
  const stepMs = stepChoices.find((s) => range / s <= targetSteps) ?? stepChoices.at(-1)!;
  const fine = stepMs < 60_000 && windowMs <= 15 * 60_000 && !aggregationHasSketch;
  // Never step over a whole window: a breach inside it would go unseen.
  const step = Math.min(fine ? stepMs : Math.max(stepMs, 60_000), windowMs);
  return { stepMs: step, resolution: fine ? 'second' : 'minute' } as const;
}

/** Spans to load per resolution: each window's reach from the first step to the last, overlaps merged. */
export function spansToLoad(first: WindowSpec[], last: WindowSpec[], fine: boolean) {
  const spans: Record<Resolution, [number, number][]> = { second: [], minute: [] };
  first.forEach((w, i) => {
    const resolution = fine ? w.resolution : 'minute';
    spans[resolution].push([w.from, last[i]?.to ?? w.to]);
  });
  for (const resolution of ['second', 'minute'] as const) {
    const merged: [number, number][] = [];
    for (const [from, to] of spans[resolution].sort((a, b) => a[0] - b[0])) {
      const top = merged.at(-1);
      if (top && from <= top[1]) top[1] = Math.max(top[1], to);
      else merged.push([from, to]);
    }
    spans[resolution] = merged;
  }
  return spans;
}

const minuteMs = 60_000;
const hourMs = 3_600_000;
/** A long backtest is replayed in stretches of this length, each loading only its own history. */
export const backtestChunkMs = 7 * 86_400_000;
const tables = {
  second: 'metric_points',
  minute: 'metric_rollups_1m',
  hour: 'metric_rollups_1h',
} as const;
const retentionSetting = {
  second: 'PULSEBOARD_RETENTION_POINTS_DAYS',
  minute: 'PULSEBOARD_RETENTION_ROLLUPS_1M_DAYS',
  hour: 'PULSEBOARD_RETENTION_ROLLUPS_1H_DAYS',
} as const;
const resolutionWords = { second: '1-second points', minute: '1-minute rollups', hour: '1-hour rollups' };

/** The earliest stored bucket of these metrics in each table (retention removes what is older), epoch ms. */
async function earliestStored(db: RuleContext['db'], names: readonly string[]) {
  const out = { second: null, minute: null, hour: null } as Record<BacktestResolution, number | null>;
  if (names.length === 0) return out;
  for (const resolution of ['second', 'minute', 'hour'] as const) {
    const rows = await db.execute<{ t: string | null }>(sql`
      select (extract(epoch from min(bucket)) * 1000)::int8::text as t from ${sql.identifier(tables[resolution])}
      where metric in (${sql.join(
        names.map((n) => sql`${n}::text`),
        sql`, `,
      )})`);
    const t = rows[0]?.t;
    out[resolution] = t == null ? null : Number(t);
  }
  return out;
}

/**
 * Replays a draft rule over stored history with the engine's own code: when it would have fired. A range
 * longer than a week is replayed a week at a time, the series states carried across. Where the finer
 * history is gone (retention), it falls back to the 1-minute, then the 1-hour rollups, or evaluates only
 * the part still stored; `notes` say which.
 */
export async function backtestRule({
  ctx,
  input,
}: {
  ctx: RuleContext;
  input: BacktestInput;
}): Promise<BacktestResult> {
  requireRole(ctx.actor, 'operator');
  const rule = await checkRule(ctx.db, input.rule);
  const catalogue = await listMetrics(ctx.db);
  const lookup = (name: string): AlertMetric | null => catalogue.find((m) => m.name === name) ?? null;
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  const parts = rule.alertMetric.ratioOf
    ? [lookup(rule.alertMetric.ratioOf.numerator), lookup(rule.alertMetric.ratioOf.denominator)]
    : [rule.alertMetric];
  const metrics = parts.filter((m): m is AlertMetric => m !== null);
  const plan = backtestPlan(
    to - from,
    rule.windowMs,
    metrics.some((m) => sketchKind(m.aggregation) !== null),
  );
  const at = (end: number) => rule.evaluator.windows({ end, windowMs: rule.windowMs });
  // How far back the first evaluation reads (its longest window, a baseline included).
  const reach = from - Math.min(...at(from).map((w) => w.from));
  const need = from - reach;
  const earliest = await earliestStored(
    ctx.db,
    metrics.map((m) => m.name),
  );
  // Finer history is gone for this range when it starts after the range's first window; a coarser table
  // serves it when it holds older buckets than the finer one (retention keeps coarser rollups longer).
  const gone = (r: BacktestResolution) => earliest[r] === null || earliest[r] > need;
  const older = (coarse: BacktestResolution, fine: BacktestResolution, unitMs: number) => {
    const c = earliest[coarse];
    const f = earliest[fine];
    return c !== null && (f === null || c < Math.floor(f / unitMs) * unitMs);
  };
  const since = (r: BacktestResolution) =>
    `the ${resolutionWords[r]} begin at ${new Date(earliest[r] ?? to).toISOString()} ` +
    `(kept ${retentionSetting[r]} days)`;
  const notes: string[] = [];
  let resolution: BacktestResolution = plan.resolution;
  let stepMs = plan.stepMs;
  let evalFrom = from;
  if (resolution === 'second' && gone('second') && older('minute', 'second', minuteMs)) {
    resolution = 'minute';
    stepMs = Math.min(Math.max(stepMs, minuteMs), rule.windowMs);
    notes.push(`${since('second')}: replayed from the 1-minute rollups instead`);
  }
  if (resolution === 'minute' && gone('minute') && older('hour', 'minute', hourMs)) {
    if (rule.windowMs % hourMs === 0) {
      resolution = 'hour';
      stepMs = Math.max(Math.ceil(stepMs / hourMs), 1) * hourMs;
      notes.push(`${since('minute')}: replayed from the 1-hour rollups instead, at 1-hour steps`);
    } else if (earliest.minute !== null) {
      evalFrom = earliest.minute + reach;
      const what =
        evalFrom > to ? 'nothing was evaluated' : `evaluated from ${new Date(evalFrom).toISOString()} only`;
      notes.push(
        `${since('minute')}, and the 1-hour rollups cannot serve a ${rule.windowMs / minuteMs}-minute ` +
          `window: ${what}`,
      );
    } else {
      evalFrom = to + 1;
      notes.push(
        `no 1-minute rollups are stored for this range (kept ${retentionSetting.minute} days), and the ` +
          `1-hour rollups cannot serve a ${rule.windowMs / minuteMs}-minute window: nothing was evaluated`,
      );
    }
  } else {
    const first = earliest[resolution];
    if (first === null) {
      notes.push(`no ${resolutionWords[resolution]} are stored for ${metrics.map((m) => m.name).join(', ')}`);
    } else if (first > need) {
      // Not necessarily retention: a metric's history may simply start inside the range.
      notes.push(
        `the stored ${resolutionWords[resolution]} of ${metrics.map((m) => m.name).join(', ')} begin at ` +
          `${new Date(first).toISOString()}: evaluations before then saw no data`,
      );
    }
  }
  if (evalFrom > to) {
    return {
      transitions: [],
      incidents: [],
      evaluations: 0,
      stepSeconds: stepMs / 1000,
      resolution,
      evaluated: null,
      chunks: [],
      notes,
    };
  }

  const carry = newReplayCarry();
  const chunks: BacktestChunk[] = [];
  // Stretches end on a step, so each evaluation instant falls in exactly one of them.
  const chunkMs = Math.max(Math.floor(backtestChunkMs / stepMs), 1) * stepMs;
  for (let chunkFrom = evalFrom; chunkFrom <= to;) {
    const chunkTo = Math.min((Math.floor(chunkFrom / chunkMs) + 1) * chunkMs, to);
    const first = Math.ceil(chunkFrom / stepMs) * stepMs;
    const source = await loadHistory(ctx, rule, metrics, {
      spans: spansToLoad(at(chunkFrom), at(chunkTo), resolution === 'second'),
      hourly: resolution === 'hour',
      binMs: resolution === 'minute' ? backtestBinMs(stepMs, at(first), first) : minuteMs,
    });
    const before = carry.evaluations;
    await replayRule({ rule, source, lookup, from: chunkFrom, to: chunkTo, stepMs, carry });
    chunks.push({
      from: new Date(chunkFrom).toISOString(),
      to: new Date(chunkTo).toISOString(),
      evaluations: carry.evaluations - before,
    });
    chunkFrom = chunkTo + 1;
  }
  return {
    transitions: carry.transitions,
    incidents: carry.incidents,
    evaluations: carry.evaluations,
    stepSeconds: stepMs / 1000,
    resolution,
    evaluated: { from: new Date(evalFrom).toISOString(), to: new Date(to).toISOString() },
    chunks,
    notes,
  };
}

const binChoices = [hourMs, 15 * minuteMs, 5 * minuteMs];

/**
 * The longest bucket every window of every step falls on whole (steps are multiples of `stepMs`), so a
 * long backtest can read the 1-minute rollups merged into it and still see exactly the same windows.
 */
export function backtestBinMs(stepMs: number, windows: readonly WindowSpec[], instant: number): number {
  return (
    binChoices.find(
      (bin) =>
        stepMs % bin === 0 &&
        instant % bin === 0 &&
        windows.every((w) => w.from % bin === 0 && w.to % bin === 0),
    ) ?? minuteMs
  );
}

/** The buckets one stretch of a backtest reads, in memory. */
export async function loadHistory(
  ctx: Pick<RuleContext, 'db'>,
  rule: { groupBy: readonly string[]; evaluator: { filter: Readonly<Record<string, string>> } },
  metrics: readonly AlertMetric[],
  load: {
    spans: Record<Resolution, [number, number][]>;
    hourly: boolean;
    /** Minute rollups merged into buckets this long (backtestBinMs). @defaultValue 60000 */
    binMs?: number;
  },
): Promise<MemoryWindowSource> {
  const source = new MemoryWindowSource();
  for (const metric of metrics) {
    for (const resolution of ['second', 'minute'] as const) {
      let rows: BucketRow[] = [];
      for (const [spanFrom, spanTo] of load.spans[resolution]) {
        const span = await loadWindowBuckets(ctx.db, {
          metric,
          resolution,
          from: spanFrom,
          to: spanTo,
          groupBy: rule.groupBy,
          filter: rule.evaluator.filter,
          hourly: load.hourly && resolution === 'minute',
          binMs: load.binMs,
        });
        rows = rows.concat(span);
      }
      if (load.spans[resolution].length > 0) source.load(metric.name, resolution, rows);
    }
  }
  return source;
}
