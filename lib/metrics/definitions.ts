import { DDSketch, HyperLogLog, TopK } from '@/lib/sketches';
import type { CleanEvent } from '@/contracts/jobs';

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

/**
 * The mergeable partial aggregate of one (metric, group, bucket). The sketches are present only for the
 * aggregations that need them: a DDSketch for percentiles, a HyperLogLog of users for distinct, a top-K of
 * a prop's values for top-K.
 */
export type PointState = {
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  sketch?: DDSketch | null;
  hll?: HyperLogLog | null;
  topk?: TopK | null;
};

export type SketchKind = 'sketch' | 'hll' | 'topk';

/** Which sketch an aggregation needs, if any. */
export function sketchKind(aggregation: Aggregation): SketchKind | null {
  if (aggregation === 'p50' || aggregation === 'p90' || aggregation === 'p95' || aggregation === 'p99') {
    return 'sketch';
  }
  if (aggregation === 'distinct') return 'hll';
  if (aggregation === 'topk') return 'topk';
  return null;
}

const quantiles = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;

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

/**
 * Value fields computed from an event's text, scored once on arrival: `sentiment.score` (−1..1) and
 * `sentiment.negative` (1 when labelled negative, else 0, so its average is the negative share).
 * Events without text have neither, so every metric on them (counts too) counts only texts.
 */
export const sentimentFields = ['sentiment.score', 'sentiment.negative'] as const;
export type SentimentField = (typeof sentimentFields)[number];

export function isSentimentField(field: string | null): field is SentimentField {
  return field === 'sentiment.score' || field === 'sentiment.negative';
}

/** The sentiment of an event's text as the worker scored it (null without text). */
export type EventSentiment = { score: number; label: 'positive' | 'neutral' | 'negative' } | null;

/** The number a metric aggregates for an event, or null when the event has none. */
export function fieldValue(
  event: CleanEvent,
  field: string | null,
  sentiment: EventSentiment = null,
): number | null {
  if (!field) return null;
  if (field === 'value') return event.value ?? null;
  if (field === 'sentiment.score') return sentiment ? sentiment.score : null;
  if (field === 'sentiment.negative') return sentiment ? (sentiment.label === 'negative' ? 1 : 0) : null;
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
    case 'p50':
    case 'p90':
    case 'p95':
    case 'p99':
      return state.sketch?.quantile(quantiles[aggregation]) ?? null;
    case 'distinct':
      return state.hll ? Math.round(state.hll.estimate()) : 0;
    case 'topk':
      return state.topk?.top(1)[0]?.count ?? 0;
  }
}

/** A prop's value as the item a top-K metric ranks. */
export function itemValue(event: CleanEvent, field: string | null): string | null {
  if (!field) return null;
  const prop = event.props?.[field.startsWith('props.') ? field.slice(6) : field];
  return prop === undefined ? null : String(prop);
}

/** Merges `other` into `into`; sketches are cloned before their first merge, so `other` stays intact. */
export function mergeStates(into: PointState, other: PointState): PointState {
  into.count += other.count;
  into.sum += other.sum;
  if (other.min !== null) into.min = into.min === null ? other.min : Math.min(into.min, other.min);
  if (other.max !== null) into.max = into.max === null ? other.max : Math.max(into.max, other.max);
  if (other.sketch) into.sketch = into.sketch ? into.sketch.merge(other.sketch) : other.sketch.clone();
  if (other.hll) into.hll = into.hll ? into.hll.merge(other.hll) : other.hll.clone();
  if (other.topk) into.topk = into.topk ? into.topk.merge(other.topk) : other.topk.clone();
  return into;
}

/** A state safe to merge into: its sketches are copies. */
export function copyState(state: PointState): PointState {
  return mergeStates({ count: 0, sum: 0, min: null, max: null }, state);
}

/** Sketch columns as stored (bytea) and as published (base64). */
export function serializeSketches(state: PointState): Record<SketchKind, Uint8Array | null> {
  return {
    sketch: state.sketch ? state.sketch.serialize() : null,
    hll: state.hll ? state.hll.serialize() : null,
    topk: state.topk ? state.topk.serialize() : null,
  };
}

export function deserializeSketches(bytes: {
  sketch?: Uint8Array | null;
  hll?: Uint8Array | null;
  topk?: Uint8Array | null;
}): Pick<PointState, SketchKind> {
  return {
    sketch: bytes.sketch ? DDSketch.deserialize(bytes.sketch) : null,
    hll: bytes.hll ? HyperLogLog.deserialize(bytes.hll) : null,
    topk: bytes.topk ? TopK.deserialize(bytes.topk) : null,
  };
}
