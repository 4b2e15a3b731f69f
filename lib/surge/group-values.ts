import {
  evaluateRule,
  type AlertMetric,
  type SeriesEvaluation,
  type WindowSource,
} from '@/lib/alerting/evaluate';
import type { PreparedKind } from '@/lib/alerting/kinds/kind';
import type { SeriesLabels } from '@/lib/alerting/types';

/** What reading a surge rule's groups needs of the rule. */
export type SurgeReadRule = {
  id: string;
  demandMetric: string;
  supplyMetric: string;
  groupBy: readonly string[];
};

/** One group's demand and supply over the window (null: no data). */
export type SurgeGroupValues = { labels: SeriesLabels; demand: number | null; supply: number | null };

/** The window value of a metric per group: the alert rules' window read, with no verdict of its own. */
export const surgeWindowValue: PreparedKind = {
  filter: {},
  windows: ({ end, windowMs }) => [{ from: end - windowMs, to: end, resolution: 'second' }],
  evaluate: ([current]) => ({
    value: current?.value ?? null,
    threshold: null,
    breaching: false,
    clear: true,
  }),
};

/**
 * Demand and supply per group over the window ending at `end`, as the surge engine reads them (live from
 * SQL, or from preloaded buckets in a backtest). `known` groups are read even without data.
 */
export async function readSurgeGroups(input: {
  rule: SurgeReadRule;
  windowMs: number;
  end: number;
  lookup: (name: string) => AlertMetric | null;
  source: WindowSource;
  known: ReadonlyMap<string, SeriesLabels>;
}): Promise<Map<string, SurgeGroupValues>> {
  const { rule } = input;
  const read = (name: string, field: string) => {
    const metric = input.lookup(name);
    if (!metric) throw new Error(`surge rule ${rule.id}: ${field} ${name} is not in the catalogue`);
    return evaluateRule({
      kind: surgeWindowValue,
      metric,
      lookup: input.lookup,
      groupBy: rule.groupBy,
      windowMs: input.windowMs,
      end: input.end,
      source: input.source,
      known: input.known,
    });
  };
  const [demand, supply] = await Promise.all([
    read(rule.demandMetric, 'demand metric'),
    read(rule.supplyMetric, 'supply metric'),
  ]);
  const groups = new Map<string, SurgeGroupValues>();
  const add = (list: SeriesEvaluation[], field: 'demand' | 'supply') => {
    for (const s of list) {
      const entry = groups.get(s.seriesKey) ?? { labels: s.labels, demand: null, supply: null };
      entry[field] = s.evaluation.value;
      groups.set(s.seriesKey, entry);
    }
  };
  add(demand, 'demand');
  add(supply, 'supply');
  return groups;
}
