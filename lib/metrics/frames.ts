import type { PointState } from './definitions';

/** A point as the workers publish it on Redis after each flush. */
export type PublishedPoint = { metric: string; groupKey: string; bucket: number; state: PointState };

type Wire = [string, string, number, number, number, number | null, number | null];

export function encodePoints(points: readonly PublishedPoint[]): string {
  return JSON.stringify(
    points.map((p): Wire => [
      p.metric,
      p.groupKey,
      p.bucket,
      p.state.count,
      p.state.sum,
      p.state.min,
      p.state.max,
    ]),
  );
}

export function decodePoints(message: string): PublishedPoint[] {
  const wire = JSON.parse(message) as Wire[];
  return wire.map(([metric, groupKey, bucket, count, sum, min, max]) => ({
    metric,
    groupKey,
    bucket,
    state: { count, sum, min, max },
  }));
}
