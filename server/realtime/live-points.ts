import {
  copyState,
  mergeStates,
  pointValue,
  type Aggregation,
  type PointState,
} from '@/lib/metrics/definitions';
import type { PublishedPoint } from '@/lib/metrics/frames';
import type { MetricFrame } from '@/contracts/socket';

type Grouping = { room: string; groupBy: string[] };

/**
 * The latest state of every recent 1-second point, fed by the workers' published upserts. Each point's
 * state carries its count, which only grows, so an older message arriving late never overwrites a newer
 * one. Coarser groupings are merged here, then sent as coalesced frames.
 */
export class LivePoints {
  private readonly points = new Map<string, Map<number, Map<string, PointState>>>();
  /** Changed groups per metric and bucket, each with the time its first unsent change was received. */
  private readonly dirty = new Map<string, Map<number, Map<string, number>>>();
  private readonly dimsCache = new Map<string, Record<string, string>>();
  /** Each metric's aggregation, as its latest published point carries it. */
  private readonly aggregations = new Map<string, Aggregation>();

  constructor(private readonly retainMs: number) {}

  /** Takes a published message's points; `receivedAt` (epoch ms) is when the web process received it. */
  apply(points: readonly PublishedPoint[], receivedAt = Date.now()): void {
    for (const p of points) {
      this.aggregations.set(p.metric, p.aggregation);
      let buckets = this.points.get(p.metric);
      if (!buckets) this.points.set(p.metric, (buckets = new Map<number, Map<string, PointState>>()));
      let groups = buckets.get(p.bucket);
      if (!groups) buckets.set(p.bucket, (groups = new Map<string, PointState>()));
      const current = groups.get(p.groupKey);
      if (current && current.count > p.state.count) continue;
      groups.set(p.groupKey, p.state);
      let dirtyBuckets = this.dirty.get(p.metric);
      if (!dirtyBuckets) this.dirty.set(p.metric, (dirtyBuckets = new Map<number, Map<string, number>>()));
      let dirtyGroups = dirtyBuckets.get(p.bucket);
      if (!dirtyGroups) dirtyBuckets.set(p.bucket, (dirtyGroups = new Map<string, number>()));
      if (!dirtyGroups.has(p.groupKey)) dirtyGroups.set(p.groupKey, receivedAt);
    }
  }

  /**
   * Frames for everything that changed since the last call, per grouping that has watchers.
   * `groupingsOf` names the rooms watching a metric.
   */
  takeFrames(groupingsOf: (metric: string) => Grouping[]): { room: string; frame: MetricFrame }[] {
    const out: { room: string; frame: MetricFrame }[] = [];
    for (const [metric, buckets] of this.dirty) {
      const groupings = groupingsOf(metric);
      const aggregation = this.aggregations.get(metric);
      if (groupings.length === 0 || !aggregation) continue;
      for (const [bucket, dirtyGroups] of buckets) {
        const all = this.points.get(metric)?.get(bucket);
        if (!all) continue;
        const ts = new Date(bucket).toISOString();
        for (const { room, groupBy } of groupings) {
          // Projected key → the earliest receipt among its changed groups (the frame's `receivedAt`).
          const touched = new Map<string, number>();
          for (const [gk, at] of dirtyGroups) {
            const { key } = this.project(gk, groupBy);
            touched.set(key, Math.min(at, touched.get(key) ?? at));
          }
          const merged = new Map<string, { group: Record<string, string>; state: PointState }>();
          for (const [gk, state] of all) {
            const { key, group } = this.project(gk, groupBy);
            if (!touched.has(key)) continue;
            const m = merged.get(key);
            if (m) mergeStates(m.state, state);
            else merged.set(key, { group, state: copyState(state) });
          }
          for (const [key, { group, state }] of merged) {
            out.push({
              room,
              frame: {
                name: metric,
                group,
                ts,
                step: '1s',
                value: pointValue(aggregation, state, 1),
                receivedAt: touched.get(key) ?? Date.now(),
              },
            });
          }
        }
      }
    }
    this.dirty.clear();
    return out;
  }

  /** Forgets buckets older than the allowed lateness (plus a margin); their values are final in the database. */
  evict(now = Date.now()): void {
    const before = now - this.retainMs;
    for (const buckets of this.points.values()) {
      for (const bucket of buckets.keys()) if (bucket < before) buckets.delete(bucket);
    }
    if (this.dimsCache.size > 50_000) this.dimsCache.clear();
  }

  private project(
    groupKey: string,
    groupBy: readonly string[],
  ): { key: string; group: Record<string, string> } {
    let dims = this.dimsCache.get(groupKey);
    if (!dims) {
      dims = JSON.parse(groupKey) as Record<string, string>;
      this.dimsCache.set(groupKey, dims);
    }
    const group: Record<string, string> = {};
    for (const d of groupBy) group[d] = dims[d] ?? '';
    return { key: JSON.stringify(group), group };
  }
}
