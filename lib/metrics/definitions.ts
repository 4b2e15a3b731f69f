import type { CleanEvent } from '@/workers/catalogue';

export type Aggregation =
  'count' | 'rate' | 'sum' | 'avg' | 'min' | 'max' | 'p50' | 'p90' | 'p95' | 'p99' | 'distinct' | 'topk';

/** What the stream engine needs of a catalogue entry (db/schema/metrics.ts). */
export type MetricDefinition = {
  name: string;
  eventTypes: string[];
  aggregation: Aggregation;
  valueField: string | null;
  dimensions: string[];
  defaultGroupBy: string[];
};

/** The mergeable partial aggregate of one (metric, group, bucket). */
export type PointState = { count: number; sum: number; min: number | null; max: number | null };

export const lateEventsMetric = 'late_events';

/** Built-in metrics, present in every database (seeded at start). */
export const builtInMetrics: MetricDefinition[] = [
  {
    name: 'events',
    eventTypes: [],
    aggregation: 'count',
    valueField: 'value',
    dimensions: ['type', 'source'],
    defaultGroupBy: ['type'],
  },
  {
    name: lateEventsMetric,
    eventTypes: [],
    aggregation: 'count',
    valueField: null,
    dimensions: ['type', 'source'],
    defaultGroupBy: ['type'],
  },
];

/** A dimension's value for an event: `type`, `source`, `user`, or a prop name. */
export function dimensionValue(event: CleanEvent, source: string, dimension: string): string {
  if (dimension === 'type') return event.type;
  if (dimension === 'source') return source;
  if (dimension === 'user') return event.user ?? '';
  const prop = event.props?.[dimension.startsWith('props.') ? dimension.slice(6) : dimension];
  return prop === undefined ? '' : String(prop);
}

/** The number a metric aggregates for an event, or null when the event has none. */
export function fieldValue(event: CleanEvent, field: string | null): number | null {
  if (!field) return null;
  if (field === 'value') return event.value ?? null;
  const prop = event.props?.[field.startsWith('props.') ? field.slice(6) : field];
  return typeof prop === 'number' ? prop : null;
}

/** Canonical group key: the dims as JSON with sorted keys, so equal groups always collide. */
export function groupKeyOf(dims: Record<string, string>): string {
  const keys = Object.keys(dims).sort();
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, dims[k]])));
}

/** The value a point shows for a metric's aggregation over `stepSeconds` (count metrics: the count). */
export function pointValue(aggregation: Aggregation, state: PointState, stepSeconds: number): number | null {
  switch (aggregation) {
    case 'count':
      return state.count;
    case 'rate':
      return state.count / stepSeconds;
    case 'sum':
      return state.sum;
    case 'avg':
      return state.count > 0 ? state.sum / state.count : null;
    case 'min':
      return state.min;
    case 'max':
      return state.max;
    default:
      return state.count;
  }
}

export function mergeStates(into: PointState, other: PointState): PointState {
  into.count += other.count;
  into.sum += other.sum;
  if (other.min !== null) into.min = into.min === null ? other.min : Math.min(into.min, other.min);
  if (other.max !== null) into.max = into.max === null ? other.max : Math.max(into.max, other.max);
  return into;
}
