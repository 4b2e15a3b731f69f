import type { Db } from '@/db/client';
import { evaluateRule, seriesKeyOf, type AlertMetric } from '@/lib/alerting/evaluate';
import type { Evaluation } from '@/lib/alerting/kinds/kind';
import type { PreparedRule } from '@/lib/alerting/prepare-rule';
import type { SeriesLabels } from '@/lib/alerting/types';
import { loadHistory, spansToLoad } from './backtest-rule';

const minuteMs = 60_000;

/** One evaluation instant (epoch ms, the exclusive end of the rule's windows) and the kind's verdict. */
export type EvaluatedPoint = { t: number; evaluation: Evaluation };

export type EvaluatedSeries = { labels: SeriesLabels; points: EvaluatedPoint[] };

/**
 * A rule's own evaluation (same kind, aggregation, window and grouping as the engine's) at every step of
 * a range, plus any extra instants, from the stored history: what the rule saw, not the raw buckets.
 * Steps of whole minutes read the 1-minute rollups, which give the same windows exactly.
 */
export async function evaluateOverRange(
  db: Db,
  q: {
    rule: PreparedRule;
    lookup: (name: string) => AlertMetric | null;
    from: number;
    to: number;
    stepMs: number;
    /** Instants to evaluate besides the steps (the moment an incident opened). */
    extra?: readonly number[];
    /** Only this series of the rule (its group-by labels), evaluated even without data; absent: every series. */
    series?: SeriesLabels;
    /** Only points with these dimension values count (a series' labels narrow it the same way). */
    filter?: Readonly<Record<string, string>>;
  },
): Promise<EvaluatedSeries[]> {
  const { rule } = q;
  const instants = new Set<number>();
  for (let t = Math.ceil(q.from / q.stepMs) * q.stepMs; t <= q.to; t += q.stepMs) instants.add(t);
  for (const t of q.extra ?? []) instants.add(t);
  const times = [...instants].sort((a, b) => a - b);
  const first = times[0];
  const last = times.at(-1);
  if (first === undefined || last === undefined) return [];

  const at = (end: number) => rule.evaluator.windows({ end, windowMs: rule.windowMs });
  const alignedWindows = at(first).every((w) => (w.to - w.from) % minuteMs === 0);
  const alignedTimes = times.every((t) => t % minuteMs === 0);
  const fine = !(alignedWindows && alignedTimes);
  const ratio = rule.alertMetric.ratioOf;
  const metrics = (
    ratio ? [q.lookup(ratio.numerator), q.lookup(ratio.denominator)] : [rule.alertMetric]
  ).filter((m): m is AlertMetric => m !== null);
  // The series' labels join the kind's filter, so only its buckets are loaded.
  const narrowed: PreparedRule = {
    ...rule,
    evaluator: { ...rule.evaluator, filter: { ...rule.evaluator.filter, ...q.filter, ...q.series } },
  };
  const source = await loadHistory({ db }, narrowed, metrics, {
    spans: spansToLoad(at(first), at(last), fine),
    hourly: false,
  });

  const wanted = q.series ? seriesKeyOf(q.series) : null;
  const known = new Map(q.series ? [[wanted!, q.series]] : []);
  const out = new Map<string, EvaluatedSeries>();
  for (const t of times) {
    const results = await evaluateRule({
      kind: rule.evaluator,
      metric: rule.alertMetric,
      lookup: q.lookup,
      groupBy: rule.groupBy,
      windowMs: rule.windowMs,
      end: t,
      source,
      known,
    });
    for (const { seriesKey, labels, evaluation } of results) {
      if (wanted !== null && seriesKey !== wanted) continue;
      let entry = out.get(seriesKey);
      if (!entry) out.set(seriesKey, (entry = { labels, points: [] }));
      entry.points.push({ t, evaluation });
    }
  }
  return [...out.values()];
}
