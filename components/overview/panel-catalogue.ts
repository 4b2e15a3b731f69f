import type { MetricSummary } from '@/components/metrics/catalogue-api';
import {
  builtInCharts,
  builtInKpis,
  metricOfPanel,
  metricPanelId,
} from '@/core/services/overview-layout/schemas';

export type PanelKind = 'kpis' | 'charts';
export type PanelOption = { id: string; label: string };

const builtInLabels: Record<PanelKind, Record<string, string>> = {
  kpis: {
    'events-per-second': 'Events / s',
    'purchases-per-minute': 'Purchases / min',
    'revenue-per-minute': 'Revenue / min',
    'errors-per-second': 'API errors / s',
    'latency-p95': 'API p95 latency',
    'active-types': 'Active event types',
  },
  charts: {
    'events-by-type': 'Events per second by type',
    purchases: 'Purchases per second',
    errors: 'API errors per second',
    revenue: 'Revenue per minute',
    'latency-p95': 'API latency p95',
  },
};

/** How a panel is named in the customize list: the built-in title, or the metric's name. */
export function panelLabel(kind: PanelKind, id: string): string {
  const metric = metricOfPanel(id);
  if (metric !== null) return `Metric: ${metric}`;
  return builtInLabels[kind][id] ?? id;
}

/** Everything that can be added: the built-in panels, then one panel per metric of the catalogue. */
export function panelOptions(kind: PanelKind, metrics: readonly MetricSummary[] | undefined): PanelOption[] {
  const builtIn: readonly string[] = kind === 'kpis' ? builtInKpis : builtInCharts;
  return [
    ...builtIn.map((id) => ({ id, label: panelLabel(kind, id) })),
    ...(metrics ?? []).map((m) => ({
      id: metricPanelId(m.name),
      label: panelLabel(kind, metricPanelId(m.name)),
    })),
  ];
}

/** The list with the entry at `index` swapped with its neighbour (`-1` up, `+1` down). */
export function moveEntry<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  [next[index], next[to]] = [next[to] as T, next[index] as T];
  return next;
}
