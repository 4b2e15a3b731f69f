import { metricFrameSchema, type MetricFrame as ContractFrame } from '@/contracts/socket';

/** A group of a metric series: dimension → value, e.g. `{ type: 'purchase' }`. */
export type Group = Record<string, string>;

/** A `metric` frame that carries a value (frames without one are not plotted). */
export type MetricFrame = Omit<ContractFrame, 'value'> & { value: number };

/** `GET /api/v1/metrics/{name}/series` answer. */
export type SeriesResponse = {
  name: string;
  step: string;
  series: Array<{ group: Group; points: Array<[string, number | null]> }>;
};

/** One bucket's value, keyed for the cache by group and bucket start (epoch ms). */
export type SeriesPoint = { groupKey: string; group: Group; ts: number; value: number };

export type GroupSeries = { group: Group; points: ReadonlyMap<number, number> };

/**
 * What the react-query cache holds for a live series: groupKey → bucket start → value. Treated as
 * immutable: every update copies the maps it touches, so React sees a new reference.
 */
export type SeriesData = { groups: ReadonlyMap<string, GroupSeries> };

/** A series ready to plot: points sorted by time. */
export type PlotSeries = { key: string; group: Group; points: Array<[number, number]> };

export const emptySeriesData: SeriesData = { groups: new Map() };

/** Canonical group key: the dimensions as JSON with sorted keys, so equal groups always collide. */
export function groupKeyOf(group: Group): string {
  const keys = Object.keys(group).sort();
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, group[k]])));
}

/** Checks a `metric` frame on receipt against the contract; anything malformed is dropped, not plotted. */
export function parseMetricFrame(raw: unknown): MetricFrame | null {
  const parsed = metricFrameSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { value } = parsed.data;
  if (value === null || !Number.isFinite(value)) return null;
  return { ...parsed.data, value };
}

export function pointFromFrame(frame: MetricFrame): SeriesPoint {
  return {
    groupKey: groupKeyOf(frame.group),
    group: frame.group,
    ts: Date.parse(frame.ts),
    value: frame.value,
  };
}

/** True when the frame's group has exactly the dimensions `groupBy` asks for. */
export function frameMatches(frame: MetricFrame, name: string, groupBy: readonly string[]): boolean {
  if (frame.name !== name) return false;
  const dims = Object.keys(frame.group);
  return dims.length === groupBy.length && groupBy.every((d) => d in frame.group);
}

export function seriesDataFromResponse(body: SeriesResponse): SeriesData {
  const groups = new Map<string, GroupSeries>();
  for (const series of body.series) {
    const points = new Map<number, number>();
    for (const [ts, value] of series.points) {
      const t = Date.parse(ts);
      if (value === null || !Number.isFinite(value) || Number.isNaN(t)) continue;
      points.set(t, value);
    }
    const key = groupKeyOf(series.group);
    const existing = groups.get(key);
    if (existing) for (const [t, v] of existing.points) points.set(t, v);
    groups.set(key, { group: series.group, points });
  }
  return { groups };
}

/**
 * Returns `data` with each point's bucket set to its value (a later point for the same bucket
 * replaces the earlier one), and every bucket older than `oldestTs` dropped.
 */
export function applyPoints(data: SeriesData, points: Iterable<SeriesPoint>, oldestTs: number): SeriesData {
  const groups = new Map(data.groups);
  const copied = new Set<string>();
  for (const point of points) {
    if (point.ts < oldestTs) continue;
    const current = groups.get(point.groupKey);
    if (current && current.points.get(point.ts) === point.value) continue;
    let target: Map<number, number>;
    if (current && copied.has(point.groupKey)) {
      target = current.points as Map<number, number>;
    } else {
      target = new Map(current?.points);
      groups.set(point.groupKey, { group: current?.group ?? point.group, points: target });
      copied.add(point.groupKey);
    }
    target.set(point.ts, point.value);
  }
  for (const [key, series] of groups) {
    let stale = 0;
    for (const t of series.points.keys()) if (t < oldestTs) stale += 1;
    if (stale === 0) continue;
    if (stale === series.points.size) {
      groups.delete(key);
      continue;
    }
    const kept = new Map<number, number>();
    for (const [t, v] of series.points) if (t >= oldestTs) kept.set(t, v);
    groups.set(key, { group: series.group, points: kept });
  }
  return { groups };
}

/** The groups' points in [from, to], sorted by time; groups without points there are left out. */
export function seriesInWindow(data: SeriesData | undefined, from: number, to: number): PlotSeries[] {
  if (!data) return [];
  const out: PlotSeries[] = [];
  for (const [key, series] of data.groups) {
    const points: Array<[number, number]> = [];
    for (const [t, v] of series.points) if (t >= from && t <= to) points.push([t, v]);
    if (points.length === 0) continue;
    points.sort((a, b) => a[0] - b[0]);
    out.push({ key, group: series.group, points });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
