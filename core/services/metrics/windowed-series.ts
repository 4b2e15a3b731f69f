import type { Db } from '@/db/client';
import { prepareRule, RuleConfigError } from '@/lib/alerting/prepare-rule';
import { ruleWindowMs } from '@/lib/alerting/types';
import { NotFoundError, ValidationError } from '@/core/errors';
import { listMetrics } from '@/core/queries/metrics/list-metrics';
import type { SeriesResult } from '@/core/queries/metrics/metric-series';
import { evaluateOverRange } from '@/core/services/rules/evaluate-over-range';
import { stepForRange, stepSeconds, type SeriesQuery } from './schemas';

/** Most evaluation instants one windowed series request may ask for. */
export const maxWindowedSteps = 1000;

/**
 * A metric's rolling value: at each step, its value over the `window` before it, as a threshold rule
 * over that window sees it (the same window reads and merges), so Explore can show what a rule compared.
 * The catalogue is read from `db`, the windows from `points` (a read replica, where there is one).
 */
export async function windowedSeries(
  db: Db,
  name: string,
  query: SeriesQuery & { window: NonNullable<SeriesQuery['window']> },
  points: Db = db,
): Promise<SeriesResult & { window: string }> {
  const catalogue = await listMetrics(db);
  const lookup = (n: string) => catalogue.find((m) => m.name === n) ?? null;
  if (!lookup(name)) throw new NotFoundError(`no metric named ${name}`);
  const from = Date.parse(query.from);
  const to = Date.parse(query.to);
  if (to <= from) throw new ValidationError('to must be after from', 'to');
  // Windows of 15 minutes and more step by whole minutes, read from the 1-minute rollups (exact there).
  const long = ruleWindowMs[query.window] >= 15 * 60_000;
  let step = query.step ?? stepForRange((to - from) / 1000);
  if (long && stepSeconds[step] < 60) {
    if (query.step) throw new ValidationError(`a ${query.window} window needs a step of 1m or more`, 'step');
    step = '1m';
  }
  const stepMs = stepSeconds[step] * 1000;
  if ((to - from) / stepMs > maxWindowedSteps) {
    throw new ValidationError(
      `step ${step} gives more than ${maxWindowedSteps} windows for this range`,
      'step',
    );
  }
  let rule;
  try {
    // The threshold kind's one window is exactly "the metric over the window"; its verdict is unused.
    rule = prepareRule(
      {
        id: 'explore',
        name,
        kind: 'threshold',
        metric: name,
        groupBy: query.group ?? [],
        window: query.window,
        params: { op: '>', value: 0 },
        pendingSeconds: 0,
        severity: 'info',
        labels: {},
        autoResolve: true,
      },
      lookup,
    );
  } catch (error) {
    if (error instanceof RuleConfigError)
      throw new ValidationError(error.message, error.field === 'groupBy' ? 'group' : error.field);
    throw error;
  }
  const where = query.where ?? {};
  const unknown = Object.keys(where).find((d) => !lookup(name)!.dimensions.includes(d));
  if (unknown) throw new ValidationError(`metric ${name} is not stored by ${unknown}`, 'where');
  const series = await evaluateOverRange(points, { rule, lookup, from, to, stepMs, filter: where });
  return {
    name,
    step,
    window: query.window,
    series: series.map((s) => ({
      group: s.labels,
      points: s.points
        .filter((p) => p.evaluation.value !== null)
        .map((p) => [new Date(p.t).toISOString(), p.evaluation.value]),
    })),
  };
}
